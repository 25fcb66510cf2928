"""Incidents from reports: the casualty records of many articles joined into one incident per
event, with the toll that stands and how it moved.

A record joins an incident at the same place and day. Across articles the place may be written
at another level (the city in one story, its district or "the X region" in another, a town the
story puts in that region) and the day may be a guess: a record whose article names no day for
it is a later report of the latest incident at its place in the days before it came out. Within
one article the extractor has already told places apart, so its records at two places never
join one incident.

The toll is the latest report's, figure by figure. Reports of about the same time that disagree,
or a later one giving less, are kept as a difference to show, never settled silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from storage.models import ArticleRow, CasualtyRow

# An undated report published up to this many days after a dated incident at its place is read
# as a later report of that incident ("the toll rose to 16" the next morning).
FOLLOW_UP_DAYS = 3
# A revised figure ("the toll rose to 223") is a later report of an incident up to this many
# days before it: disasters are counted for weeks.
REVISION_DAYS = 60
# Reports this close in time are "at about the same time": a difference between them is a
# disagreement, not a rise.
_SAME_TIME = dt.timedelta(hours=12)
# Words that give a place's administrative level, not its name ("the Kharkiv region").
_LEVEL_WORDS = frozenset(
    {"region", "province", "oblast", "governorate", "state", "district", "area", "county"}
    | {"prefecture", "city"}
)


@dataclass(frozen=True)
class Report:
    article_id: int
    source: str | None
    published: dt.date | None
    at: dt.datetime | None = field(default=None, compare=False)  # when it was reported


@dataclass(frozen=True)
class Figure:
    """One report's figure of one kind, with its own qualifier."""

    value: int
    qualifier: str | None
    report: Report


@dataclass
class Incident:
    """One event (a place and a day) with the latest toll any article gave for it."""

    place: str
    country: str | None
    day: dt.date | None
    killed: int | None = None
    injured: int | None = None
    missing: int | None = None
    qualifier: str | None = None
    reports: list[Report] = field(default_factory=list)  # oldest first
    killed_from: Report | None = None  # the report whose figure stands
    injured_from: Report | None = None
    # A total over the incidents at the places it covers, which is never added to them.
    aggregate: bool = False
    covers: list[str] = field(default_factory=list)
    part_of: str | None = None  # a part of the toll of the incident at that place, not added
    background: bool = False  # every report of it cites it as context for another
    killed_figures: list[Figure] = field(default_factory=list)  # each report's, oldest first
    injured_figures: list[Figure] = field(default_factory=list)
    locations: set[str] = field(default_factory=set)  # the places its reports name, as keys
    _level: int = 99  # how specific `place` is (lower: more)

    def cited(self, most: int) -> tuple[list[Report], int]:
        """Up to `most` reports to cite, oldest first: those whose figures stand, and the
        latest others; and how many are left out."""
        stand = [r for r in (self.killed_from, self.injured_from) if r is not None]
        chosen = set(list(dict.fromkeys([*stand, *reversed(self.reports)]))[:most])
        return [r for r in self.reports if r in chosen], len(self.reports) - len(chosen)

    def moves(self, figures: Sequence[Figure]) -> list[int]:
        """How a figure rose report by report ([12, 16]); empty unless it only ever rose and
        changed at least once."""
        values = [f.value for f in figures]
        steps = [v for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
        rising = all(b > a for a, b in pairwise(steps))
        return steps if len(steps) > 1 and rising and not differ(figures) else []


def differ(figures: Sequence[Figure]) -> list[Figure]:
    """The figures to show side by side when reports disagree: a later report giving less than
    an earlier one, or two of about the same time giving different figures. Empty when they
    agree or only rose over time. One figure per source, the latest first."""
    clash = False
    for i, later in enumerate(figures):
        for earlier in figures[:i]:
            if later.value == earlier.value:
                continue
            if later.value < earlier.value or _same_time(earlier.report, later.report):
                clash = True
    if not clash:
        return []
    shown: dict[tuple[int, str | None], Figure] = {}
    for f in reversed(figures):
        shown.setdefault((f.value, f.report.source), f)
    return list(shown.values())


def _same_time(a: Report, b: Report) -> bool:
    if a.at is not None and b.at is not None:
        return abs(a.at - b.at) <= _SAME_TIME
    return a.published == b.published


def article_time(article: ArticleRow) -> tuple[dt.datetime, dt.datetime, int]:
    """An article's place in the order of reports, for "the latest toll wins"."""
    return (article.reported_at, article.received_at, article.id or 0)


def incidents(
    rows: Sequence[tuple[CasualtyRow, ArticleRow]],
    named_days: Mapping[int, set[dt.date]] | None = None,
) -> list[Incident]:
    """Group casualty records into incidents, oldest report first, so that each figure ends as
    the latest article's. `named_days`: the days each article names (by article id), which
    tell a later report of an incident ("the toll of Saturday's strike rose to 21 on Sunday")
    from a new one. Newest day first; within a day a total over several places heads the
    incidents it covers."""
    # Dated records first: an undated one then finds the incident it reports on.
    ordered = sorted(rows, key=lambda r: (not r[0].dated, article_time(r[1])))
    found: dict[dt.date | None, list[Incident]] = {}  # by day: a busy city has thousands
    placed: list[tuple[CasualtyRow, ArticleRow, Incident]] = []
    articles_of: dict[int, set[int]] = {}  # incident (by id) -> the articles in it
    for casualty, article in ordered:
        named = (named_days or {}).get(article.id or 0, set())
        incident = _joined(found, articles_of, casualty, article, named)
        if incident is None:
            incident = Incident(
                place=casualty.location or "?", country=casualty.country, day=casualty.day
            )
            found.setdefault(casualty.day, []).append(incident)
        articles_of.setdefault(id(incident), set()).add(article.id or 0)
        incident.locations.add(_key(casualty.location))
        placed.append((casualty, article, incident))
    # Apply the tolls in the order the articles came out, so the latest figure stays.
    for casualty, article, incident in sorted(placed, key=lambda r: article_time(r[1])):
        _apply(incident, casualty, article)
    return sorted(
        (i for day in found.values() for i in day),
        key=lambda i: (-(i.day or dt.date.min).toordinal(), not i.aggregate, i.place),
    )


def _joined(
    found: dict[dt.date | None, list[Incident]],
    articles_of: dict[int, set[int]],
    casualty: CasualtyRow,
    article: ArticleRow,
    named: set[dt.date],
) -> Incident | None:
    """The incident this record reports on, if one is found already: at its place (or that
    place at another level, told by another article) on its day; or, for a record of a
    later day, on a day before it that its article names too, or any of the days before it
    when it names none."""
    key = _key(casualty.location)
    if casualty.scope != "incident":
        # Totals and parts join only their own kind at the same place and day.
        return next(
            (
                i
                for i in found.get(casualty.day, [])
                if key in i.locations and _same_scope(i, casualty)
            ),
            None,
        )
    if casualty.day is None:
        return _at(found.get(None, []), casualty, article, articles_of)
    for back in range(FOLLOW_UP_DAYS + 1):  # the latest day first
        day = casualty.day - dt.timedelta(days=back)
        if back and casualty.dated and day not in named:
            continue
        same_day = [i for i in found.get(day, []) if not i.aggregate and not i.part_of]
        # A dated record of a later day joins only another article's incident.
        incident = _at(same_day, casualty, article, articles_of)
        if incident is not None and (
            not back or not casualty.dated or _other_article(incident, article, articles_of)
        ):
            return incident
    return _revised(found, articles_of, casualty, article, named) if casualty.revised else None


def _revised(
    found: dict[dt.date | None, list[Incident]],
    articles_of: dict[int, set[int]],
    casualty: CasualtyRow,
    article: ArticleRow,
    named: set[dt.date],
) -> Incident | None:
    """The incident a revised figure revises: another article's at its place (at any level)
    on a day its article names, else the latest in the REVISION_DAYS before it."""
    assert casualty.day is not None
    earlier = [
        incident
        for back in range(1, REVISION_DAYS + 1)
        if (day := casualty.day - dt.timedelta(days=back)) in found
        for incident in found[day]
        if not incident.aggregate
        and not incident.part_of
        and _other_article(incident, article, articles_of)
        and any(
            loc == _key(casualty.location) or _related(casualty, loc) for loc in incident.locations
        )
    ]
    return next((i for i in earlier if i.day in named), earlier[0] if earlier else None)


def _at(
    candidates: list[Incident],
    casualty: CasualtyRow,
    article: ArticleRow,
    articles_of: dict[int, set[int]],
) -> Incident | None:
    """The incident at the record's place, else at that place at another level told by
    another article."""
    key = _key(casualty.location)
    exact = [i for i in candidates if key in i.locations]
    if exact:
        return exact[0]
    for incident in candidates:
        if _other_article(incident, article, articles_of) and any(
            _related(casualty, loc) for loc in incident.locations
        ):
            return incident
    return None


def _other_article(
    incident: Incident, article: ArticleRow, articles_of: dict[int, set[int]]
) -> bool:
    return (article.id or 0) not in articles_of.get(id(incident), set())


def _same_scope(incident: Incident, casualty: CasualtyRow) -> bool:
    return (casualty.scope == "aggregate") == incident.aggregate and (
        casualty.scope == "subset"
    ) == bool(incident.part_of)


def _key(name: str | None) -> str:
    return (name or "?").lower()


def _base(key: str) -> str:
    """A place's name without its level: "kharkiv region" -> "kharkiv"."""
    words = key.split(",")[0].split()
    return " ".join(words[:-1] if len(words) > 1 and words[-1] in _LEVEL_WORDS else words)


def _related(casualty: CasualtyRow, other: str) -> bool:
    """Whether a record's place and `other` (a key) are one place at two levels: a district
    and its city ("Saltivskyi district, Kharkiv"), a region and the town it is named after, a
    town and the region its story puts it in."""
    key = _key(casualty.location)
    if key.endswith(f", {other}") or other.endswith(f", {key}"):
        return True
    if "," not in key and "," not in other and _base(key) == _base(other) != "":
        return True
    region = _key(casualty.region) if casualty.region else None
    return region is not None and (region == other or _base(region) == _base(other))


def _level(casualty: CasualtyRow) -> int:
    """How specific a record's place is: a district of a city, a town or place, a region, a
    country."""
    if "," in (casualty.location or ""):
        return 0
    return {"country": 3, "region": 2}.get(casualty.kind or "", 1)


def _apply(incident: Incident, casualty: CasualtyRow, article: ArticleRow) -> None:
    """One report's figures onto its incident (reports come oldest first)."""
    report = Report(article.id or 0, article.source, article.published, article.reported_at)
    incident.background = casualty.background and (incident.background or not incident.reports)
    if report not in incident.reports:
        incident.reports.append(report)
    level = _level(casualty)
    if level <= incident._level:
        # The most specific place any report gives, the latest of them.
        incident.place, incident.country, incident._level = (
            casualty.location or "?",
            casualty.country,
            level,
        )
    if casualty.scope == "aggregate":
        incident.aggregate = True
        incident.covers = list(dict.fromkeys([*incident.covers, *(casualty.covers or [])]))
    if casualty.scope == "subset":
        incident.part_of = casualty.part_of
    if casualty.killed is not None:
        incident.killed, incident.qualifier = casualty.killed, casualty.qualifier
        incident.killed_from = report
        incident.killed_figures.append(Figure(casualty.killed, casualty.qualifier, report))
    if casualty.injured is not None:
        incident.injured = casualty.injured
        incident.injured_from = report
        incident.injured_figures.append(Figure(casualty.injured, None, report))
    if casualty.missing is not None:
        incident.missing = casualty.missing
