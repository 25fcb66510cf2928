"""A sentence's tolls: its counts (extract.toll_counts), each with the place the parse ties it to
(extract.toll_places), one per category and place.

A sentence repeats a figure rather than adds to it, so the highest is kept; a figure that heads
a list of placed figures ("six deaths, one in X, two in Y") is their sum and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from extract.numbers import Count
from extract.places import PlaceMention
from extract.toll_counts import Toll, counts_at, partitive
from extract.toll_places import TollPlaces


@dataclass
class Mention:
    """One toll as a sentence reports it, with what the event it belongs to needs."""

    category: str
    count: Count
    sentence: Span
    update: bool = False
    part: str = "text"
    place: PlaceMention | None = None  # the place the parse ties the figure to
    figure: int = 0  # the figure's token


def mentions_in(sent: Span, part: str, places: TollPlaces) -> list[Mention]:
    """The sentence's tolls, each with the place the parse ties it to: one figure per
    category and place, the highest (a sentence repeats, not adds). `part`: "text" or "title"."""
    headline = part == "title"
    tolls = [toll for tok in sent for toll in counts_at(tok, headline)]
    parts = [t.token.i for t in tolls if partitive(t.token)]
    found = [(toll, _place_of(toll.token, parts, places)) for toll in tolls]
    found = _shared_place(found)
    best: dict[tuple[str, str | None], Mention] = {}
    for toll, place in found:
        if place is None and _lists(toll, [t for t, p in found if p is not None]):
            continue  # "three killed, one in X, two in Y": the figures after it count
        m = Mention(toll.category, toll.count, sent, toll.update, part, place, toll.token.i)
        key = (m.category, place.name if place else None)
        old = best.get(key)
        if old is None or (m.update, m.count.value) > (old.update, old.count.value):
            best[key] = m
    return list(best.values())


def _lists(total: Toll, placed: list[Toll]) -> bool:
    """Whether a figure heads a list of figures of its kind with places of their own ("six
    deaths, one in X, two in Y"): it is their sum, and has no place of its own."""
    head = total.token.head if total.token.dep_ == "nummod" else total.token
    return any(t.category == total.category and head.is_ancestor(t.token) for t in placed)


def _place_of(figure: Token, parts: list[int], places: TollPlaces) -> PlaceMention | None:
    """The place the parse ties a figure to; "killed 28, 23 of them in one district": a part
    of a toll (`parts`: its figures) is where it is told to be, and that is not the whole's."""
    if figure.i in parts:
        return places.told_after(figure)
    return places.attached(figure, before=next((p for p in parts if p > figure.i), None))


def _shared_place(
    found: list[tuple[Toll, PlaceMention | None]],
) -> list[tuple[Toll, PlaceMention | None]]:
    """A sentence's figures with their places; one of another kind after the sentence's one
    placed figure, with no place of its own, is that place's, however the parse hangs it ("In
    the capital, two were killed and 14 injured"); not one before it ("six deaths in X, ...
    three died in Y")."""
    placed = [(t, p) for t, p in found if p is not None]
    if len({p.name for _, p in placed}) != 1:
        return found
    first, only = placed[0]
    kinds = {t.category for t, _ in placed}
    return [
        (t, p if p is not None or t.category in kinds or t.token.i < first.token.i else only)
        for t, p in found
    ]
