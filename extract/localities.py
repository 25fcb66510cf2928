"""Places no table lists, named as places by the words around them: "Umuahia Nta village",
"the village of Kolobane", "Sarvaya, a farming village", "the Qadimah district", "Wadi Nour
camp".

War and disaster reporting names villages, camps and districts that no gazetteer holds, and
the model often tags them as people or not at all; the word "village" says what they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extract.tokens import surface

# The word names a settlement: the name alone is the place ("Umuahia Nta village" is Umuahia Nta).
_SETTLEMENTS = [
    "village",
    "villages",
    "town",
    "towns",
    "hamlet",
    "settlement",
    "commune",
    "kibbutz",
]
# The word names a part of a town, kept with the name ("the Qadimah district").
_PARTS = [
    "district",
    "neighbourhood",
    "neighborhood",
    "quarter",
    "suburb",
    "camp",
    "area",
    "municipality",
]
# Names tagged so are no part of a town ("the Walmart area"); a NORP-tagged one still is (the
# model tags "Qadimah" of "the Qadimah district" as a group of people).
_NOT_PLACES = {"ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
_NAME = {"POS": "PROPN", "IS_TITLE": True, "OP": "+"}
_DESCRIBED = [
    {"LOWER": {"IN": ["a", "an", "the"]}},
    {"POS": {"IN": ["ADJ", "PROPN", "NOUN", "ADV"]}, "OP": "{0,5}"},
]


LocalityKind = Literal["settlement", "part"]


@dataclass(frozen=True)
class Locality:
    start: int  # token span of the place's name, with the word after it ("X village")
    end: int
    name: str
    kind: LocalityKind  # a village or town of its own, or a part of a town


class LocalityFinder:
    """Finds localities in parsed texts; one per pipeline (the Matcher holds its vocabulary)."""

    def __init__(self, vocab: Vocab) -> None:
        self._matcher = Matcher(vocab)
        word = {"LOWER": {"IN": _SETTLEMENTS + _PARTS}}
        # "the Dogo-Rafi district": a hyphen joins two names into one.
        joined = [_NAME, {"ORTH": "-"}, _NAME]
        self._matcher.add("NAME_WORD", [[_NAME, word], [*joined, word]], greedy="LONGEST")
        self._matcher.add(
            "WORD_OF_NAME",
            [[{"LOWER": {"IN": [*_SETTLEMENTS, "city"]}}, {"LOWER": "of"}, _NAME]],
            greedy="LONGEST",
        )
        self._matcher.add(
            "NAME_A_WORD",
            [[_NAME, {"ORTH": ","}, *_DESCRIBED, {"LOWER": {"IN": _SETTLEMENTS}}]],
            greedy="LONGEST",
        )

    def localities(self, doc: Doc) -> list[Locality]:
        found: dict[int, Locality] = {}
        for match_id, start, end in self._matcher(doc):
            rule = doc.vocab.strings[match_id]
            if rule == "WORD_OF_NAME":
                name_start, name_end = start + 2, end
            elif rule == "NAME_A_WORD":
                name_start = start
                name_end = next(i for i in range(start, end) if doc[i].orth_ == ",")
            else:
                name_start, name_end = start, end - 1
                if doc[end - 1].lower_ in _PARTS:
                    name_end = end  # "Qadimah district"
            if name_end <= name_start:
                continue
            # The mention spans the word too ("Umuahia Nta village"): its head is the noun.
            phrase_end = end if rule == "NAME_WORD" else name_end
            span = doc[name_start:name_end]
            kind: LocalityKind = "part" if doc[end - 1].lower_ in _PARTS else "settlement"
            # "a Dogon village" is a village of Dogon people; "the Walmart area" no place.
            hidden = _NOT_PLACES if kind == "part" else {"NORP"}
            if any(t.ent_type_ in hidden for t in span):
                continue
            name = surface(span)
            if name_start not in found or len(name) > len(found[name_start].name):
                found[name_start] = Locality(name_start, phrase_end, name, kind)
            if rule == "WORD_OF_NAME" and doc[start].lower_.endswith("s"):
                # "the towns of Nabatieh and Bint Jbeil", "the villages of X, Y and Z": each
                # name is one (read off the words: the parse of such lists goes astray).
                i = name_end
                while i + 1 < len(doc) and doc[i].lower_ in {",", "and"}:
                    i += 1 if doc[i + 1].lower_ != "and" else 2
                    first = i
                    while i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].is_title:
                        i += 1
                    if i == first:
                        break
                    found.setdefault(first, Locality(first, i, surface(doc[first:i]), kind))
        return sorted(found.values(), key=lambda loc: loc.start)
