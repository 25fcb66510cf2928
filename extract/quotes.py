"""Quotes: every direct and partial quote with its speaker, cue verb and sentence.

The marks give the passages (`quote_marks`); the dependency parse gives the cue ("said",
"told", "according to") and its subject; `PeopleIndex` turns the subject into a person's full
name (surname, role or pronoun alike). A passage with no cue inherits the speaker of the quote
it continues: the second half of a split quote, a paragraph that is all quote after a quoted
paragraph. Passages with no speaker at all (scare quotes) and titles ("Face the Nation") are
left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extract.cues import CUE_LEMMAS
from extract.evidence import evidence_for
from extract.facts import Quote, QuoteKind
from extract.people import PERSONAL_PRONOUNS, PeopleIndex
from extract.quote_marks import QuotedPassage, find_quoted
from extract.tokens import text_of

_SUBJECTS = {"nsubj", "nsubjpass"}
_CLIMB_TO_SUBJECT = {"conj", "xcomp", "advcl", "ccomp", "acl", "relcl", "pcomp"}
_RELATIVE = {"who", "that", "which"}
_MAX_SPEAKER_TOKENS = 10
# Words that are written in capitals in titles of programmes, books and films.
_TITLE_SMALL_WORDS = frozenset("""a an the of and or in on at to for with by from as vs""".split())
# "WALLACE: ..." at the start of a transcript paragraph.
_SPEAKER_LABEL = re.compile(r"^([A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+)?):\s+")
_DASHES = frozenset({"―", "—", "–", "--"})
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+")
# Marks and commas left between two quotes joined by "and": read as blanks by `_joins_quotes`.
_MARKS_AS_BLANKS = str.maketrans(dict.fromkeys("\"”“'’,", " "))
_COORDINATORS = frozenset({"and", "or", "but"})


@dataclass(frozen=True)
class _Attribution:
    speaker: str
    written: str
    cue: str | None


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

    # --- the pass over the passages --------------------------------------------------------
    def quotes(self) -> list[Quote]:
        """Every attributed quote, in the order of the text."""
        out: list[Quote] = []
        read: list[tuple[QuotedPassage, Span, QuoteKind, _Attribution | None]] = []
        previous: tuple[QuotedPassage, _Attribution] | None = None
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
            found = (
                self._labelled(label.group(1))
                if label
                else self._coordinated(passage, previous) or self._speaker(passage, span, kind)
            )
            if found is None and previous is not None:
                found = self._inherited(passage, previous)
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

    def _labelled(self, label: str) -> _Attribution:
        person = None
        for word in reversed(label.replace("’", "'").split()):
            person = self.people.person_named(word)
            if person:
                break
        return _Attribution(person.name if person else label.title(), label, None)

    def _coordinated(
        self, passage: QuotedPassage, previous: tuple[QuotedPassage, _Attribution] | None
    ) -> _Attribution | None:
        """'was "not necessary" and "very bad timing"': the second fragment is the first's."""
        if previous is None or previous[0].paragraph != passage.paragraph:
            return None
        between = text_of(self.doc)[previous[0].end : passage.start]
        return previous[1] if _joins_quotes(between) else None

    def _inherited(
        self, passage: QuotedPassage, previous: tuple[QuotedPassage, _Attribution]
    ) -> _Attribution | None:
        prev, found = previous
        text = text_of(self.doc)
        if passage.continues_previous and prev.paragraph == passage.paragraph - 1:
            return found
        if prev.paragraph == passage.paragraph:
            # A split quote: '"...," he said. "..."' (the second part has no cue of its own).
            between = text[prev.end : passage.start]
            return None if self._opens_new_attribution(between) else found
        starts_paragraph = not text[passage.paragraph_start : passage.start].strip(" \"“”'‘`")
        if starts_paragraph and prev.paragraph == passage.paragraph - 1:
            gap = text[prev.end : passage.paragraph_start]
            if len(gap.strip(" \n\"”’'.,!?")) < 80:
                return found
        return None

    @staticmethod
    def _opens_new_attribution(between: str) -> bool:
        return bool(re.search(r"\b(according to)\b", between, re.I))

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

    # --- speakers -----------------------------------------------------------------------
    def _speaker(self, passage: QuotedPassage, span: Span, kind: QuoteKind) -> _Attribution | None:
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
            found = self._attribution(cue)
            if found:
                return found
        if kind == "direct":
            colon = self._colon_introducer(span)
            if colon:
                return colon
        return None

    def _adjacent(self, span: Span) -> _Attribution | None:
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
        if _is_cue(doc[i]):
            for k in range(i + 1, min(i + 5, len(doc))):
                person = self.people.person_at(doc[k])
                if person is not None:
                    end = k
                    while end + 1 < len(doc) and self.people.person_at(doc[end + 1]) is person:
                        end += 1
                    return _Attribution(person.name, doc[k : end + 1].text, _cue_text(doc[i]))
            return None
        for k in range(i + 1, min(i + 6, len(doc))):
            if doc[k].is_punct or k in self.quoted_tokens:
                return None
            if _is_cue(doc[k]):
                person = self.people.person_in(doc[i:k])
                if person is not None and not self._introduces_next_quote(doc[k]):
                    written = doc[i:k].text
                    return _Attribution(person.name, written, _cue_text(doc[k]))
                return None
        return None

    def _byline(self, first: Token) -> _Attribution | None:
        """'"..." ― Krystal Correa': a name alone after a dash closes the paragraph."""
        person = self.people.person_at(first)
        if person is not None:
            return _Attribution(person.name, first.text, None)
        doc = self.doc
        end = first.i
        while end < len(doc) and end - first.i < 5 and doc[end].pos_ == "PROPN":
            end += 1
        if end == first.i:
            return None
        if end < len(doc) and not (doc[end].is_punct or "\n" in doc[end - 1].whitespace_):
            return None
        written = doc[first.i : end].text
        return _Attribution(written, written, None)

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
            if _is_cue(doc[j]):
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
            if i not in self.quoted_tokens and _is_cue(doc[i]):
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
                if _is_cue(tok) and tok.i not in self.quoted_tokens:
                    return tok
                if tok.head.i == tok.i:
                    break
                tok = tok.head
        return None

    def _colon_introducer(self, span: Span) -> _Attribution | None:
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
                return _Attribution(person.name, doc[i].text, None)
        cue = self._last_cue(sent.start, colon.i)
        return self._attribution(cue) if cue is not None else None

    def _attribution(self, cue: Token) -> _Attribution | None:
        subject = _subject_of(cue)
        if subject is None or subject.i in self.quoted_tokens:
            return None
        speaker = self.speaker_name(subject)
        if not speaker:
            return None
        written = subject.text if subject.pos_ == "PRON" else (_phrase(subject) or subject.text)
        return _Attribution(speaker, written, _cue_text(cue))

    def speaker_name(self, subject: Token) -> str | None:
        """The canonical name of the speaker a subject token stands for."""
        if subject.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"}:
            return None  # "12:15 p.m." heading a live blog entry is no speaker
        people = self.people
        person = people.person_at(subject)
        if person is not None:
            return person.name
        lower = subject.lower_
        if lower in PERSONAL_PRONOUNS:
            person = people.resolve_pronoun(subject, skip=self.quoted_tokens)
            return person.name if person else subject.text
        if lower in _RELATIVE:
            # "Donald Trump, who told Putin: ...": the noun the clause hangs on, if a person.
            if subject.head.dep_ == "relcl":
                person = people.person_at(subject.head.head)
            person = person or people.resolve_pronoun(subject, skip=self.quoted_tokens)
            return person.name if person else None
        if subject.pos_ == "PRON":
            return subject.text if lower in {"they", "we", "i"} else None
        # A person in apposition: "a spokeswoman, Melezia Figueroa, said".
        for child in subject.children:
            if child.dep_ == "appos" and people.person_at(child) is not None:
                return people.person_at(child).name  # type: ignore[union-attr]
        return _phrase(subject)


def _joins_quotes(between: str) -> bool:
    """Whether the text between two quotes holds only marks, commas, blanks and at most one
    "and", "or" or "but" ('"not necessary" and "very bad timing"').

    Not a regex: "marks or blanks, a coordinator, marks or blanks" as one backtracked
    quadratically over a long run of blanks (issue 14); with the marks turned into blanks,
    `split` reads the text once."""
    words = between.translate(_MARKS_AS_BLANKS).split(maxsplit=1)
    return not words or (len(words) == 1 and words[0] in _COORDINATORS)


def _after_label(passage: QuotedPassage, offset: int) -> QuotedPassage:
    return QuotedPassage(
        passage.start + offset,
        passage.end,
        passage.paragraph,
        passage.paragraph_start,
        passage.continues_previous,
        passage.closed,
    )


def _is_cue(tok: Token) -> bool:
    if tok.lemma_.lower() == "accord":
        return tok.lower_ == "according"
    return tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in CUE_LEMMAS


def _cue_text(cue: Token) -> str:
    if cue.lower_ == "according":
        return "according to"
    return cue.lemma_.lower()


def _subject_of(cue: Token) -> Token | None:
    if cue.lower_ == "according":
        for child in cue.children:
            if child.lower_ == "to":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
        return None
    tok = cue
    for _ in range(4):
        for child in tok.children:
            if child.dep_ in _SUBJECTS:
                return child
        for child in tok.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
        if tok.dep_ == "acl" and tok.head.dep_ in {"dobj", "pobj"}:
            # "issued a statement calling it ...": the one who issued the statement.
            tok = tok.head.head
            if tok.dep_ == "prep":
                tok = tok.head
            continue
        if tok.dep_ not in _CLIMB_TO_SUBJECT or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _phrase(head: Token) -> str | None:
    """A short noun phrase for a speaker who is not a named person: 'Ukrainian officials'."""
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in {"of", "for", "at", "with", "from"}:
            right = child.right_edge.i
    doc = head.doc
    tokens = [t for t in doc[left : right + 1] if not t.is_punct]
    while tokens and tokens[0].dep_ in {"det", "predet", "advmod", "cc", "preconj"}:
        tokens = tokens[1:]
    if not tokens or len(tokens) > _MAX_SPEAKER_TOKENS:
        tokens = [t for t in doc[head.left_edge.i : head.i + 1] if t.dep_ != "det"]
    text = " ".join(t.text for t in tokens).replace(" 's", "'s").strip()
    return text or None
