"""Quotes: every direct and partial quote with its speaker, cue verb and sentence.

The marks give the passages (`quote_marks`); each is direct or partial by where it stands in
its sentence, and a transcript line ("WALLACE: ...") is the words after its label. Who said
each is `attribution` (the cue, the label, or the quote it continues) with `speakers` (the
person a cue's subject stands for). Passages with no speaker at all (scare quotes) and titles
("Face the Nation") are left out.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from extract.attribution import Attributor
from extract.evidence import evidence_for
from extract.facts import Quote, QuoteKind
from extract.people import PeopleIndex
from extract.quote_marks import QuotedPassage, find_quoted
from extract.speakers import Attribution
from extract.tokens import text_of

# Words that are written in capitals in titles of programmes, books and films.
_TITLE_SMALL_WORDS = frozenset("""a an the of and or in on at to for with by from as vs""".split())
# "WALLACE: ..." at the start of a transcript paragraph.
_SPEAKER_LABEL = re.compile(r"^([A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+)?):\s+")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+")


class QuoteRecognizer:
    """Finds the quotes of one parsed article."""

    def __init__(self, doc: Doc, people: PeopleIndex) -> None:
        self.doc = doc
        self.people = people
        self.passages = find_quoted(text_of(doc))
        self.quoted_tokens: set[int] = set()
        self._works = [e for e in doc.ents if e.label_ == "WORK_OF_ART"]
        self._spans: list[Span | None] = []
        for p in self.passages:
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            self._spans.append(span)
            if span is not None:
                lo = max(span.start - 1, 0)
                hi = min(span.end + 1, len(doc))
                self.quoted_tokens.update(range(lo, hi))
        self.attributor = Attributor(doc, people, self.quoted_tokens)

    # --- the pass over the passages --------------------------------------------------------
    def quotes(self) -> list[Quote]:
        """Every attributed quote, in the order of the text."""
        out: list[Quote] = []
        read: list[tuple[QuotedPassage, Span, QuoteKind, Attribution | None]] = []
        previous: tuple[QuotedPassage, Attribution] | None = None
        for passage, span in zip(self.passages, self._spans, strict=True):
            if span is None or not any(t.is_alpha for t in span):
                continue
            label = _SPEAKER_LABEL.match(passage.text(text_of(self.doc)))
            if label and passage.start == self._paragraph_text_start(passage):
                # A transcript line: the label is the speaker, the rest what was said.
                passage = _after_label(passage, label.end())
                span = self.doc.char_span(passage.start, passage.end, alignment_mode="expand")
                if span is None:
                    continue
            else:
                label = None
            kind = self._kind(passage)
            if self._is_title(span, passage, kind):
                continue
            who = self.attributor
            found = (
                who.labelled(label.group(1))
                if label
                else who.coordinated(passage, previous) or who.speaker(span, kind)
            )
            if found is None and previous is not None:
                found = who.inherited(passage, previous)
            read.append((passage, span, kind, found))
            if found is not None:
                previous = (passage, found)
        # A quote running over paragraphs is often attributed only at its end: the opening
        # paragraphs take the speaker of the paragraph that continues them.
        for i in range(len(read) - 2, -1, -1):
            passage, span, kind, found = read[i]
            nxt = read[i + 1]
            if found is None and not passage.closed and nxt[0].continues_previous:
                read[i] = (passage, span, kind, nxt[3])
        for passage, span, kind, found in read:
            if found is None:
                continue
            ev = evidence_for(self.doc, span.start, span.end)
            text = passage.text(text_of(self.doc))
            out.append(Quote(found.speaker, text, kind, found.cue, ev, found.written))
        return out

    def _paragraph_text_start(self, passage: QuotedPassage) -> int:
        """Where the first word after the paragraph's opening mark starts."""
        text = text_of(self.doc)
        i = passage.paragraph_start
        while i < len(text) and (text[i].isspace() or text[i] in "\"“'‘`«"):
            i += 1
        return i

    # --- kinds and titles ---------------------------------------------------------------
    def _kind(self, passage: QuotedPassage) -> QuoteKind:
        """`direct` when the quote opens its sentence (or follows a colon or comma and starts
        with a capital), else `partial`."""
        if passage.continues_previous:
            return "direct"
        text = text_of(self.doc)
        content = passage.text(text).lstrip("[(.…'‘ ")
        if not content or not (content[0].isupper() or content[0].isdigit()):
            return "partial"
        before = text[passage.paragraph_start : passage.start]
        # The reporter's words between the last sentence end and the quote's opening mark.
        parts = _SENTENCE_END.split(before)
        lead = parts[-1].rstrip(" \"“„'‘`«")
        if not lead.strip() or lead.rstrip().endswith((":", ",")):
            return "direct"
        return "partial"

    def _is_title(self, span: Span, passage: QuotedPassage, kind: QuoteKind) -> bool:
        """Titles of programmes, books and films: "Face the Nation"."""
        doc = self.doc
        for ent in self._works:
            overlap = min(ent.end, span.end) - max(ent.start, span.start)
            if overlap >= max(1, len(span) // 2):
                return True
        words = [t for t in span if t.is_alpha]
        text = passage.text(text_of(doc)).rstrip()
        if not words or len(words) > 7 or text.endswith((".", "!", "?", ",")):
            return False
        if kind == "direct" and len(words) > 2:
            return False
        return all(t.text[0].isupper() or t.lower_ in _TITLE_SMALL_WORDS for t in words) and any(
            t.text[0].isupper() for t in words[1:] or words
        )


def _after_label(passage: QuotedPassage, offset: int) -> QuotedPassage:
    return QuotedPassage(
        passage.start + offset,
        passage.end,
        passage.paragraph,
        passage.paragraph_start,
        passage.continues_previous,
        passage.closed,
    )
