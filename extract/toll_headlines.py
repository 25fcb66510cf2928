"""Headlines: a headline (the article's title, or a first line that reads as one) restates the
story's news, so its tolls go to an event the body tells, never to one of their own; only a
story whose body gives no toll takes the headline's.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extract.places import PlaceMention
from extract.toll_events import Event, EventKey
from extract.toll_mentions import Mention, mentions_in
from extract.toll_places import TollPlaces

Headline = tuple[list[Mention], PlaceMention | None]  # a headline's tolls, and its place


def headline_end(doc: Doc) -> int:
    """The token after a first line that reads as a headline (short, no closing stop, a line
    break after it), as forwarded posts and pasted pages often open; 0 when there is none."""
    first = next((t for t in doc if "\n" in t.text or "\n" in t.whitespace_), None)
    if first is None:
        return 0
    line = doc[: first.i + 1]
    text = line.text.strip()
    if not 3 <= len(text.split()) <= 25 or text[-1:] in {".", "!", "?", '"', "”", ":"}:
        return 0
    return first.i + 1


def headline_of(line: Span, part: str, places: TollPlaces) -> Headline | None:
    """A headline line's tolls with the place it names; None when it gives no toll."""
    mentions = mentions_in(line, part, places)
    return (mentions, places.own(line)) if mentions else None


def add_headlines(
    headlines: list[Headline],
    events: dict[EventKey, Event],
    main_place: PlaceMention | None,
    date: str | None,
) -> None:
    """A headline repeats the story's news: its tolls belong to an event the body tells
    (the one at the headline's place, else the one reported most), never to a new one of
    their own; only a story whose body gives no toll takes the headline's."""
    for mentions, place in headlines:
        if events:
            same = [k for k in events if place is not None and k[0] == place.name]
            if place is not None and not same:
                continue
            key = (same or [max(events, key=lambda k: len(events[k].mentions))])[0]
        else:
            place = place or main_place
            key = (place.name if place else None, date)
        events.setdefault(key, Event(place, key[1])).mentions.extend(mentions)
