"""Where a story's one incident happened, when its lead gives only a region or a country and
its account names the village or district the attack hit ("12 killed in an attack in eastern
Chad ... gunmen attacked the village of X"); and which sentences tell of other attacks than
the story's ("another attack", "in a separate attack")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from extract.places import PlaceMention
from extract.toll_places import TollPlaces, within
from extract.toll_words import EVENT_NOUNS, SCENE_WORDS

# "another attack", "a separate strike", "earlier raids": an incident other than the one told.
_OTHER = frozenset("another other separate earlier previous similar further".split())
_SEPARATE = frozenset({"separate"})


def _attack_called(sent: Span, words: frozenset[str]) -> bool:
    """Whether a sentence names an attack with one of `words` ("another attack")."""
    return any(
        t.lemma_.lower() in EVENT_NOUNS and any(c.lower_ in words for c in t.children) for t in sent
    )


def tells_another_incident(sent: Span) -> bool:
    """Whether a sentence tells of an attack other than the story's ("There were also reports
    of another attack on the town of Y")."""
    return _attack_called(sent, _OTHER)


def told_apart(sent: Span) -> bool:
    """Whether a sentence tells its attack as apart from the story's others ("In a separate
    attack, 12 were killed", "Separately, a drone killed two"); "another strike" may be one of
    those a total counts."""
    return any(t.lower_ == "separately" for t in sent) or _attack_called(sent, _SEPARATE)


def _joined(tok: Token) -> bool:
    """Whether a word is one of several joined by "and" or a comma."""
    return tok.dep_ == "conj" or any(c.dep_ == "conj" for c in tok.children)


def _specificity(m: PlaceMention) -> int:
    """How narrow a place is: a part of a town, a village, a town, a region, a country."""
    if m.local == "part":
        return 0
    if m.local == "settlement":
        return 1
    return {"city": 2, "place": 2, "region": 3, "country": 4}.get(m.kind, 4)


def scene(where: TollPlaces, place: PlaceMention, sents: list[Span]) -> PlaceMention | None:
    """The one place, inside and more specific than a toll's `place`, where `sents` (the
    story's account of its one incident) say the attack hit: "12 killed in an attack in
    eastern Chad ... gunmen attacked the village of X"; "air strikes on Aleppo killed seven
    ... the strikes hit a market in Aleppo's Hamdaniya district".
    None when they name none, or two as specific."""
    found: dict[str, PlaceMention] = {}
    for sent in sents:
        if not any(t.lemma_.lower() in SCENE_WORDS for t in sent):
            continue
        for m in where.places.in_span(sent.start, sent.end):
            if (
                _specificity(m) < _specificity(place)
                and where.setting(where.places.doc[m.start]) is not None
                and _inside(where, m, place)
            ):
                if any(_joined(t) for t in where.places.doc[m.start : m.end]):
                    return None  # "the villages of X and Y": no one scene
                found.setdefault(m.name, m)
    # "Kwari, in the Dogo district": a place the story puts another in is the wider.
    wider = {p for name in found for p in _enclosing(where, name)}
    narrowest = [m for name, m in found.items() if name not in wider]
    if not narrowest:
        return None
    most = min(map(_specificity, narrowest))
    best = [m for m in narrowest if _specificity(m) == most]
    if len(best) != 1:
        return None
    return within(best[0], place if place.kind == "city" else None)


def _inside(where: TollPlaces, inner: PlaceMention, outer: PlaceMention) -> bool:
    """Whether the story (or the gazetteer) puts one place inside another: "Kwari, in the
    Dogo district of Plateau State", "Aleppo's Hamdaniya district", a town in its region, a
    place in its country."""
    if outer.kind == "country":
        return inner.country == outer.name
    if outer.name in _enclosing(where, inner.name):
        return True
    doc = where.places.doc
    if inner.start >= 2 and doc[inner.start - 1].tag_ == "POS":
        owner = where.places.at(inner.start - 2)  # "Aleppo's Hamdaniya district"
        if owner is not None and owner.name == outer.name:
            return True
    if outer.kind == "region":
        # A village no table lists, in the region's country, that the story puts in no
        # other region ("a village in Katsina state ... in Dankar village").
        enclosing = set(_enclosing(where, inner.name))
        unplaced = (
            inner.kind == "place"
            and inner.country is not None
            and inner.country == outer.country
            and not any(m.kind == "region" and m.name in enclosing for m in where.places.mentions)
        )
        return unplaced or where.gazetteer.contains(outer.name, inner.name)
    return outer.kind == "city" and where.gazetteer.part_of_city(inner.name, outer.name)


def _enclosing(where: TollPlaces, name: str) -> list[str]:
    """The places the story puts a place in, the nearest first."""
    chain: list[str] = []
    parent = where.places.parents.get(name)
    while parent is not None and parent not in chain:
        chain.append(parent)
        parent = where.places.parents.get(parent)
    return chain
