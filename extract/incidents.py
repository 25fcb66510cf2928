"""How the casualty records of one article relate to each other, decided once they are all found.

- The same incident named at two levels: a headline's "9 killed in Ukraine" beside the body's
  "9 killed in Dnipro" is one incident, kept at the more specific place.
- An aggregate: a toll at a country or region beside incidents inside it on the same day ("at
  least ten killed across Ukraine" above "five died in the Odesa region") is a total over them,
  never added to them. A total with no breakdown in the story stays that story's incident.
- A subset: a toll in a part of a city beside the city's toll that day ("19 killed in Kharkiv",
  "14 of them in the Saltivskyi district") is a part of that incident, never added to it.
- Background: an incident the story dates before its own lead incident ("last month's strike on
  X killed 20") is context; it keeps its own date, so it joins its own incident, not the day's.
"""

from __future__ import annotations

import dataclasses

from extract.dates import before
from extract.facts import Casualty
from extract.gazetteer import Gazetteer


def related_records(
    records: list[Casualty],
    gazetteer: Gazetteer,
    separate: frozenset[int] | set[int] = frozenset(),
    own: frozenset[int] | set[int] = frozenset(),
) -> list[Casualty]:
    """The records with duplicates at a coarser level dropped, aggregates and background
    marked; in the order given (the order the story first reports them). `separate`: the ids
    of records told as an attack apart ("in a separate attack"), which no total covers; `own`:
    those told as an attack of their own ("another strike"), which are no part of another."""
    # The one region a story names holds the villages it puts nowhere else.
    regions = {r.location for r in records if r.kind == "region"}
    sole = regions.pop() if len(regions) == 1 else None
    kept = [r for r in records if not _restates(r, records, gazetteer, sole)]
    lead_date = _lead_date(kept)
    out: list[Casualty] = []
    for record in kept:
        whole = next(
            (o for o in kept if o is not record and id(record) not in own and _part_of(record, o)),
            None,
        )
        if whole is not None:
            record = dataclasses.replace(record, scope="subset", part_of=whole.location)
            out.append(record)
            continue
        covered = [
            inner.location
            for inner in kept
            if inner is not record
            and inner.location
            and id(inner) not in separate
            and _encloses(record, inner, gazetteer, sole)
            and not _part_of(inner, record)
        ]
        if covered:
            record = dataclasses.replace(
                record, scope="aggregate", covers=list(dict.fromkeys(covered))
            )
        if record.dated and lead_date and record.date and before(record.date, lead_date):
            record = dataclasses.replace(record, background=True)
        out.append(record)
    return out


def _same_day(a: Casualty, b: Casualty) -> bool:
    """Whether the two may be of one day ("2025-W16" may be "2025-04-14")."""
    if a.date is None or b.date is None:
        return True
    return not (before(a.date, b.date) or before(b.date, a.date))


def _part_of(part: Casualty, whole: Casualty) -> bool:
    """Whether `part` is a part of a city's toll that day: at a district or another part the
    story names with the city ("Saltivskyi district, Kharkiv"), counting no more than it."""
    if whole.kind != "city" or not (part.location and whole.location) or part.kind != "place":
        return False
    inside = part.location.endswith(f", {whole.location}") or part.region == whole.location
    return (
        inside
        and _same_day(part, whole)
        and (part.killed or 0) <= (whole.killed or 0)
        and (part.injured or 0) <= (whole.injured or 0)
        and (part.killed is not None or part.injured is not None)
    )


def _elsewhere(record: Casualty) -> bool:
    """Whether a toll is told as being at other places than those named ("elsewhere in the
    region, three were wounded"): no total over them."""
    return record.evidence is not None and "elsewhere in " in record.evidence.sentence.lower()


def _encloses(
    outer: Casualty, inner: Casualty, gazetteer: Gazetteer, sole_region: str | None = None
) -> bool:
    """Whether `inner` is an incident of that day inside `outer`'s place: a town in a country,
    a city in its region, a village no table lists in the one region the story names
    (`sole_region`)."""
    if not (outer.location and inner.location) or not _same_day(outer, inner):
        return False
    if _elsewhere(outer):
        return False
    if outer.location == inner.location:
        return False
    if inner.region == outer.location or inner.location.endswith(f", {outer.location}"):
        # the story says so: "Thit Seint village in Kawlin Township", "X, Donetsk region"
        return True
    if outer.kind == "country":
        return inner.kind != "country" and inner.country == outer.location
    if outer.kind == "region":
        if (
            outer.location == sole_region
            and inner.kind == "place"
            and inner.region is None
            and inner.country in (None, outer.country)
        ):
            return True
        # "Qadimah district, Mosul": a place the gazetteer lacks, named with its city.
        city = inner.location.rsplit(", ", 1)[-1]
        return gazetteer.contains(outer.location, city)
    return False


def _restates(
    record: Casualty, records: list[Casualty], gazetteer: Gazetteer, sole_region: str | None
) -> bool:
    """Whether every count the record gives is that of an incident inside its place that day
    ("9 killed in Ukraine" beside "9 killed and one injured in Dnipro")."""
    return any(
        other is not record
        and record.killed is not None
        and record.killed == other.killed
        and record.injured in (None, other.injured)
        and _encloses(record, other, gazetteer, sole_region)
        for other in records
    )


def _lead_date(records: list[Casualty]) -> str | None:
    """The day of the story's own incident: that of the first record (a story leads with its
    news)."""
    return records[0].date if records else None
