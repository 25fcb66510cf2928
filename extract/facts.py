"""The values that cross the extractor's boundary: an article in, its facts out."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

QuoteKind = Literal["direct", "partial"]
PlaceKind = Literal["city", "region", "country", "place"]
CasualtyScope = Literal["incident", "aggregate", "subset"]


@dataclass(frozen=True)
class Article:
    """What the extractor reads: the body text, and the headline and publication date if known."""

    text: str
    title: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact came from, with its character offsets in the article's text (or, for
    part="title", in its headline)."""

    sentence: str
    start: int
    end: int
    part: str = "text"


class _Sourced:
    evidence: Evidence | None

    @property
    def sentence(self) -> str:
        """The sentence the fact was read from ("" if unknown)."""
        return self.evidence.sentence if self.evidence else ""


@dataclass
class Person:
    """Someone the article names: full name, the title it gives, the other ways it refers to
    them ("Trump", "the US president") and how often."""

    name: str
    title: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    evidence: Evidence | None = None


@dataclass
class Place:
    """A place by its canonical English name, with its kind and country."""

    name: str
    kind: PlaceKind
    country: str | None = None
    mentions: int = 0
    evidence: Evidence | None = None


@dataclass
class Organization:
    """An organisation, named without a leading "the"."""

    name: str
    mentions: int = 0
    evidence: Evidence | None = None


@dataclass
class DateMention:
    """A date expression as written and the date it means."""

    text: str
    date: (
        str | None
    )  # ISO 8601 at the precision the text gives: 2025-04-24, 2025-04, 2025-W16, 2025
    evidence: Evidence | None = None


@dataclass
class Quote(_Sourced):
    """Words in quotation marks with their speaker: `direct` for a sentence or more, `partial`
    for a fragment inside the reporter's sentence."""

    speaker: str | None  # canonical: "Mark Rutte" where the article wrote "he"
    text: str
    kind: QuoteKind
    cue: str | None
    evidence: Evidence | None = None
    speaker_as_written: str | None = None  # "he", "the US president", "Trump"


@dataclass
class Casualty(_Sourced):
    """One event's toll: its place and date, and the latest counts the article gives."""

    location: str | None
    country: str | None
    killed: int | None = None
    injured: int | None = None
    missing: int | None = None
    qualifier: str | None = None
    date: str | None = None
    evidence: Evidence | None = None
    # Whether the article names the event's day; if not, `date` is the publication date.
    dated: bool = False
    kind: PlaceKind | None = None  # the place's: a city, a region, a country, another place
    region: str | None = None  # the place the story puts it in ("Kawlin Township", "Ukraine")
    # The place as the story writes it, where that is not its canonical name ("Kiev").
    written: str | None = None
    # "incident": one event's toll; "aggregate": a total over the incidents at the places it
    # `covers` ("across Ukraine"), never added to them; "subset": a part of the toll of the
    # incident at the place it is `part_of` ("23 of them in one district"), never added to it.
    scope: CasualtyScope = "incident"
    covers: list[str] = field(default_factory=list)
    part_of: str | None = None
    background: bool = False  # an earlier incident the story cites for context
    # Its lead figure revises one reported before ("the toll rose to 21"): a later report of
    # an incident, whatever day it is told on.
    revised: bool = False


@dataclass
class Facts:
    """Everything the extractor found in one article."""

    source: str | None = None
    dateline: list[str] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    people: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The `newsroom-bot extract --jsonl` record (without the id), evidence offsets included."""

        def plain(obj: Any) -> dict[str, Any]:
            data = dataclasses.asdict(obj)
            ev = data.pop("evidence", None)
            if ev is not None:
                data.setdefault("sentence", ev["sentence"])
                data["offsets"] = [ev["start"], ev["end"]]
                if ev["part"] != "text":
                    data["from"] = ev["part"]
            return data

        return {
            "source": self.source,
            "dateline": list(self.dateline),
            "title": self.title,
            "published": self.published,
            # Names are listed once per article, with the sentence where they first appear.
            "people": [plain(p) for p in self.people],
            "places": [plain(p) for p in self.places],
            "organizations": [plain(o) for o in self.organizations],
            "dates": [plain(d) for d in self.dates],
            "quotes": [plain(q) for q in self.quotes],
            # A record's place as the story writes it, its canonical name beside it.
            "casualties": [_as_written(plain(c)) for c in self.casualties],
        }


def _as_written(record: dict[str, Any]) -> dict[str, Any]:
    written = record.pop("written", None)
    record["place"] = record["location"]
    if written:
        record["location"] = written
    return record
