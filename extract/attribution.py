"""Attribution: which words of the article say who said a quote.

The cue verb ("said", "told", "according to") right after the quote, before it in its
sentence, or the one it hangs from in the parse; a person or a cue before a colon that
introduces it; a name after a dash; a transcript label ("WALLACE: ..."). The cue's subject
becomes the speaker in extract.speakers. A quote with no cue of its own takes the speaker of the
quote it continues: the second half of a split quote, a fragment joined to the one before by
"and", a paragraph that is all quote after a quoted paragraph.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from extract.cues import cue_text, is_cue
from extract.facts import QuoteKind
from extract.people import PeopleIndex
from extract.quote_marks import QuotedPassage
from extract.speakers import Attribution, cued_attribution
from extract.tokens import text_of

_DASHES = frozenset({"―", "—", "–", "--"})
# Marks and commas left between two quotes joined by "and": read as blanks by `_joins_quotes`.
_MARKS_AS_BLANKS = str.maketrans(dict.fromkeys("\"”“'’,", " "))
_COORDINATORS = frozenset({"and", "or", "but"})


class Attributor:
    """Finds who said each quote of one parsed article."""

    def __init__(self, doc: Doc, people: PeopleIndex, quoted_tokens: set[int]) -> None:
        self.doc = doc
        self.people = people
        self.quoted_tokens = quoted_tokens  # the tokens in quotes and at their marks

    # --- from the quotes around ---------------------------------------------------------
    def labelled(self, label: str) -> Attribution:
        """A transcript line's speaker: the person its label names ("WALLACE"), else the
        label."""
        person = None
        for word in reversed(label.replace("’", "'").split()):
            person = self.people.person_named(word)
            if person:
                break
        return Attribution(person.name if person else label.title(), label, None)

    def coordinated(
        self, passage: QuotedPassage, previous: tuple[QuotedPassage, Attribution] | None
    ) -> Attribution | None:
        """'was "not necessary" and "very bad timing"': the second fragment is the first's."""
        if previous is None or previous[0].paragraph != passage.paragraph:
            return None
        between = text_of(self.doc)[previous[0].end : passage.start]
        return previous[1] if _joins_quotes(between) else None

    def inherited(
        self, passage: QuotedPassage, previous: tuple[QuotedPassage, Attribution]
    ) -> Attribution | None:
        """The speaker of the quote before, for a quote that continues it."""
        prev, found = previous
        text = text_of(self.doc)
        if passage.continues_previous and prev.paragraph == passage.paragraph - 1:
            return found
        if prev.paragraph == passage.paragraph:
            # A split quote: '"...," he said. "..."' (the second part has no cue of its own).
            between = text[prev.end : passage.start]
            return None if _opens_new_attribution(between) else found
        starts_paragraph = not text[passage.paragraph_start : passage.start].strip(" \"“”'‘`")
        if starts_paragraph and prev.paragraph == passage.paragraph - 1:
            gap = text[prev.end : passage.paragraph_start]
            if len(gap.strip(" \n\"”’'.,!?")) < 80:
                return found
        return None

    # --- from the quote's own sentence --------------------------------------------------
    def speaker(self, span: Span, kind: QuoteKind) -> Attribution | None:
        """Who said the quote at `span`, by the words and the cues around it."""
        if kind == "direct":
            adjacent = self._adjacent(span)
            if adjacent is not None:
                return adjacent
        searches = (
            [self._cue_governing(span), self._cue_after(span), self._cue_before(span)]
            if kind == "partial"
            else [self._cue_after(span), self._cue_before(span), self._cue_governing(span)]
        )
        for cue in searches:
            if cue is None:
                continue
            found = cued_attribution(cue, self.people, self.quoted_tokens)
            if found:
                return found
        if kind == "direct":
            colon = self._colon_introducer(span)
            if colon:
                return colon
        return None

    def _adjacent(self, span: Span) -> Attribution | None:
        """The commonest form, read off the words rather than the parse (which parentheses and
        long appositions upset): '"...," said Jane Doe' and '"...," Jane Doe said'."""
        doc = self.doc
        i = span.end
        if i < len(doc) and doc[i].is_quote:
            i += 1
        dash = False
        while i < len(doc) and (doc[i].text in {","} | _DASHES or doc[i].is_space):
            if "\n" in doc[i].text:
                return None
            dash = dash or doc[i].text in _DASHES
            i += 1
        if i >= len(doc) or "\n" in text_of(doc)[doc[i - 1].idx : doc[i].idx]:
            return None
        if dash:
            return self._byline(doc[i])
        if is_cue(doc[i]):
            for k in range(i + 1, min(i + 5, len(doc))):
                person = self.people.person_at(doc[k])
                if person is not None:
                    end = k
                    while end + 1 < len(doc) and self.people.person_at(doc[end + 1]) is person:
                        end += 1
                    return Attribution(person.name, doc[k : end + 1].text, cue_text(doc[i]))
            return None
        for k in range(i + 1, min(i + 6, len(doc))):
            if doc[k].is_punct or k in self.quoted_tokens:
                return None
            if is_cue(doc[k]):
                person = self.people.person_in(doc[i:k])
                if person is not None and not self._introduces_next_quote(doc[k]):
                    written = doc[i:k].text
                    return Attribution(person.name, written, cue_text(doc[k]))
                return None
        return None

    def _byline(self, first: Token) -> Attribution | None:
        """'"..." ― Krystal Correa': a name alone after a dash closes the paragraph."""
        person = self.people.person_at(first)
        if person is not None:
            return Attribution(person.name, first.text, None)
        doc = self.doc
        end = first.i
        while end < len(doc) and end - first.i < 5 and doc[end].pos_ == "PROPN":
            end += 1
        if end == first.i:
            return None
        if end < len(doc) and not (doc[end].is_punct or "\n" in doc[end - 1].whitespace_):
            return None
        written = doc[first.i : end].text
        return Attribution(written, written, None)

    def _cue_after(self, span: Span) -> Token | None:
        """The cue in the reporter's words after the closing mark, in the same sentence (or a
        short sentence of its own: '"...." Trump said.')."""
        doc = self.doc
        i = span.end
        if i < len(doc) and doc[i].is_quote:
            i += 1
        if (
            i >= len(doc)
            or "\n" in text_of(doc)[doc[i - 1].idx : doc[i].idx]
            or "\n" in doc[i].text
        ):
            return None  # the quote ends its paragraph: the next one is someone else's
        sent = doc[i].sent
        stop = min(sent.end, i + 8) if sent.start == i else sent.end
        for j in range(i, stop):
            if j in self.quoted_tokens:
                break
            if is_cue(doc[j]):
                return None if self._introduces_next_quote(doc[j]) else doc[j]
        return None

    def _introduces_next_quote(self, cue: Token) -> bool:
        """'"...," A said. "..." B said: "..."': B's cue belongs to the quote after it."""
        doc = self.doc
        for k in range(cue.i + 1, min(cue.sent.end, cue.i + 8)):
            if k in self.quoted_tokens:
                return False
            if doc[k].text == ":":
                return k + 1 in self.quoted_tokens
        return False

    def _cue_before(self, span: Span) -> Token | None:
        """The last cue in the reporter's words before the opening mark, in its sentence."""
        sent = self.doc[span.start].sent
        return self._last_cue(sent.start, max(span.start - 1, sent.start))

    def _last_cue(self, start: int, end: int) -> Token | None:
        """The last cue verb among tokens [start, end) outside quotes, in the last paragraph."""
        doc = self.doc
        cue = None
        for i in range(start, end):
            if "\n" in doc[i].text_with_ws:
                cue = None  # only the quote's own paragraph counts
            if i not in self.quoted_tokens and is_cue(doc[i]):
                cue = doc[i]
        return cue

    def _cue_governing(self, span: Span) -> Token | None:
        """The cue verb the quote hangs from in the parse: 'called it a "big concession"'."""
        text = text_of(self.doc)
        para_start = text.rfind("\n", 0, span.start_char) + 1
        para_end = text.find("\n", span.end_char)
        para_end = len(text) if para_end < 0 else para_end
        heads = [t.head for t in span if not (span.start <= t.head.i < span.end)]
        for head in heads:
            tok = head
            for _ in range(10):
                if not para_start <= tok.idx < para_end:
                    break  # the parse wandered into another paragraph
                if is_cue(tok) and tok.i not in self.quoted_tokens:
                    return tok
                if tok.head.i == tok.i:
                    break
                tok = tok.head
        return None

    def _colon_introducer(self, span: Span) -> Attribution | None:
        """'Zelensky on Telegram: "..."': a colon right before the mark, after a person or a
        cue in the same sentence."""
        doc = self.doc
        if span.start < 2:
            return None
        mark = span.start - 1
        colon = doc[mark - 1]
        if colon.text != ":":
            return None
        sent = colon.sent
        for i in range(sent.start, colon.i):
            person = self.people.person_at(doc[i])
            if person is not None:
                return Attribution(person.name, doc[i].text, None)
        cue = self._last_cue(sent.start, colon.i)
        return cued_attribution(cue, self.people, self.quoted_tokens) if cue is not None else None


def _opens_new_attribution(between: str) -> bool:
    return bool(re.search(r"\b(according to)\b", between, re.I))


def _joins_quotes(between: str) -> bool:
    """Whether the text between two quotes holds only marks, commas, blanks and at most one
    "and", "or" or "but" ('"not necessary" and "very bad timing"').

    Not a regex: "marks or blanks, a coordinator, marks or blanks" as one backtracked
    quadratically over a long run of blanks (issue 14); with the marks turned into blanks,
    `split` reads the text once."""
    words = between.translate(_MARKS_AS_BLANKS).split(maxsplit=1)
    return not words or (len(words) == 1 and words[0] in _COORDINATORS)
