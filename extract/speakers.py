"""Speakers: who a cue verb says spoke. The cue's subject in the dependency parse ("Jane Doe
said", "said by officials", "according to the mayor"), turned by `PeopleIndex` into a person's
full name (surname, role or pronoun alike), else into a short noun phrase ("Ukrainian
officials").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from extract.cues import cue_text
from extract.people import PERSONAL_PRONOUNS, PeopleIndex

_SUBJECTS = {"nsubj", "nsubjpass"}
_CLIMB_TO_SUBJECT = {"conj", "xcomp", "advcl", "ccomp", "acl", "relcl", "pcomp"}
_RELATIVE = {"who", "that", "which"}
_MAX_SPEAKER_TOKENS = 10


@dataclass(frozen=True)
class Attribution:
    """Who said a quote: the canonical name, the words the article gave them, and the cue."""

    speaker: str
    written: str
    cue: str | None


def cued_attribution(cue: Token, people: PeopleIndex, quoted: set[int]) -> Attribution | None:
    """The speaker a cue's subject stands for (`quoted`: the tokens in and at quotes, which
    are no speaker's words)."""
    subject = _subject_of(cue)
    if subject is None or subject.i in quoted:
        return None
    speaker = speaker_name(subject, people, quoted)
    if not speaker:
        return None
    written = subject.text if subject.pos_ == "PRON" else (_phrase(subject) or subject.text)
    return Attribution(speaker, written, cue_text(cue))


def speaker_name(subject: Token, people: PeopleIndex, quoted: set[int]) -> str | None:
    """The canonical name of the speaker a subject token stands for."""
    if subject.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"}:
        return None  # "12:15 p.m." heading a live blog entry is no speaker
    person = people.person_at(subject)
    if person is not None:
        return person.name
    lower = subject.lower_
    if lower in PERSONAL_PRONOUNS:
        person = people.resolve_pronoun(subject, skip=quoted)
        return person.name if person else subject.text
    if lower in _RELATIVE:
        # "Donald Trump, who told Putin: ...": the noun the clause hangs on, if a person.
        if subject.head.dep_ == "relcl":
            person = people.person_at(subject.head.head)
        person = person or people.resolve_pronoun(subject, skip=quoted)
        return person.name if person else None
    if subject.pos_ == "PRON":
        return subject.text if lower in {"they", "we", "i"} else None
    # A person in apposition: "a spokeswoman, Melezia Figueroa, said".
    for child in subject.children:
        if child.dep_ == "appos" and people.person_at(child) is not None:
            return people.person_at(child).name  # type: ignore[union-attr]
    return _phrase(subject)


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
