"""Evidence: the sentence (or run of sentences) a fact was read from, with character offsets."""

from __future__ import annotations

from spacy.tokens import Doc

from extract.facts import Evidence
from extract.tokens import text_of


def evidence_for(doc: Doc, start_token: int, end_token: int, part: str = "text") -> Evidence:
    """The sentences covering tokens [start_token, end_token) of `doc`, the article's `part`
    ("text" or "title"). The token range must lie inside a non-empty doc."""
    end_token = max(end_token, start_token + 1)
    first = doc[start_token].sent
    last = doc[end_token - 1].sent
    start, end = first.start_char, last.end_char
    text = text_of(doc)[start:end]
    stripped = text.strip()
    start += len(text) - len(text.lstrip())
    return Evidence(stripped, start, start + len(stripped), part)
