"""`/casualties <place> [period]`: one line per incident with its latest reported toll and the
sources that reported it, then the total. Reports of one incident are never added up, nor is a
total over several places (an aggregate, "across Ukraine") added to the incidents it covers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from extract.gazetteer import Gazetteer
from service.html import bold, day_label, esc, italic
from service.periods import Period
from storage import queries
from storage.models import ArticleRow, CasualtyRow

# An undated report published this many days after a dated incident at the same place is read as
# a later report of that incident ("the toll rose to 16" the next morning).
_FOLLOW_UP_DAYS = 1
_AT_LEAST = {"at least", "more than", "over", "nearly"}
LATEST_INCIDENTS = 10  # lines in a /casualties reply
_CITED = 3  # sources named under an incident
_COVERED = 3  # places named under an aggregate


@dataclass(frozen=True)
class Report:
    article_id: int
    source: str | None
    published: dt.date | None


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

    def cited(self, most: int) -> tuple[list[Report], int]:
        """Up to `most` reports to cite, oldest first: those whose figures stand, and the
        latest others; and how many are left out."""
        stand = [r for r in (self.killed_from, self.injured_from) if r is not None]
        chosen = set(list(dict.fromkeys([*stand, *reversed(self.reports)]))[:most])
        return [r for r in self.reports if r in chosen], len(self.reports) - len(chosen)


@dataclass(frozen=True)
class PlaceQuery:
    name: str
    location_keys: frozenset[str]
    country: str | None  # set when the place is a country: all its places count


def article_time(article: ArticleRow) -> tuple[dt.datetime, dt.datetime, int]:
    """An article's place in the order of reports, for "the latest toll wins"."""
    return (article.reported_at, article.received_at, article.id or 0)


def incidents(rows: Sequence[tuple[CasualtyRow, ArticleRow]]) -> list[Incident]:
    """Group casualty records into incidents by place and day, oldest report first, so that each
    field ends with the latest article's figure."""
    ordered = sorted(rows, key=lambda r: (not r[0].dated, article_time(r[1])))
    by_key: dict[tuple[str, dt.date | None], Incident] = {}
    placed: list[tuple[CasualtyRow, ArticleRow, Incident]] = []
    for casualty, article in ordered:
        place = casualty.location or "?"
        day = casualty.day
        if not casualty.dated and day is not None:
            day = _followed_up(by_key, place, day) or day
        incident = by_key.setdefault(
            (place, day), Incident(place=place, country=casualty.country, day=day)
        )
        placed.append((casualty, article, incident))
    # Apply the tolls in the order the articles came out, so the latest figure stays.
    for casualty, article, incident in sorted(placed, key=lambda r: article_time(r[1])):
        report = Report(article.id or 0, article.source, article.published)
        incident.background = casualty.background and (incident.background or not incident.reports)
        if report not in incident.reports:
            incident.reports.append(report)
        if casualty.scope == "aggregate":
            incident.aggregate = True
            incident.covers = list(dict.fromkeys([*incident.covers, *(casualty.covers or [])]))
        if casualty.scope == "subset":
            incident.part_of = casualty.part_of
        if casualty.killed is not None:
            incident.killed, incident.qualifier = casualty.killed, casualty.qualifier
            incident.killed_from = report
        if casualty.injured is not None:
            incident.injured = casualty.injured
            incident.injured_from = report
        if casualty.missing is not None:
            incident.missing = casualty.missing
    # Newest day first; within a day a total over several places heads the incidents it covers.
    return sorted(
        by_key.values(),
        key=lambda i: (-(i.day or dt.date.min).toordinal(), not i.aggregate, i.place),
    )


def _followed_up(
    by_key: dict[tuple[str, dt.date | None], Incident], place: str, published: dt.date
) -> dt.date | None:
    # The latest incident at the place from `published` back _FOLLOW_UP_DAYS: a lookup per
    # candidate day, not a pass over every incident (a busy city has thousands).
    for back in range(_FOLLOW_UP_DAYS + 1):
        day = published - dt.timedelta(days=back)
        if (place, day) in by_key:
            return day
    return None


def toll_text(killed: int | None, injured: int | None, qualifier: str | None) -> str:
    """ "at least 12 killed, 90 injured"."""
    parts = []
    if killed is not None:
        parts.append(f"{killed:,} killed")
    if injured is not None:
        parts.append(f"{injured:,} injured")
    text = ", ".join(parts) or "toll not given"
    return f"{qualifier} {text}" if qualifier and parts else text


def resolve_place(session: Session, gazetteer: Gazetteer, query: str) -> PlaceQuery:
    """What a place argument covers: a city with its districts, a region with its cities, a
    country with all its places; aliases and case don't matter (kiev, KYIV, Kyiv)."""
    entry = gazetteer.lookup(query)
    if entry is None:
        return PlaceQuery(query.strip(), frozenset({query.strip().lower()}), None)
    keys = {entry.name.lower()}
    if entry.kind == "region":
        keys |= {
            loc.lower()
            for loc in queries.reported_locations(session)
            if gazetteer.contains(entry.name, loc)
        }
    elif entry.kind == "city":
        # Its districts, named with it: "Saltivskyi district, Kharkiv".
        part = f", {entry.name}".lower()
        keys |= {
            loc.lower() for loc in queries.reported_locations(session) if loc.lower().endswith(part)
        }
    country = entry.name if entry.kind == "country" else None
    return PlaceQuery(entry.name, frozenset(keys), country)


def casualties_reply(
    session: Session, gazetteer: Gazetteer, place_text: str, period: Period | None
) -> list[str]:
    """The reply blocks for `/casualties`: the latest incidents, at most LATEST_INCIDENTS."""
    place = resolve_place(session, gazetteer, place_text)
    # Reports just outside the period can belong to an incident inside it (a later "toll rose"
    # report), so group first, then keep the incidents whose day is in the period.
    margin = dt.timedelta(days=_FOLLOW_UP_DAYS)
    start, end = (period.start, period.end) if period else (_earliest(session, place), None)
    rows = queries.casualty_reports(
        session,
        location_keys=place.location_keys,
        country=place.country,
        since=start - margin if start else None,
        until=end + margin if end else None,
    )
    found = [
        i
        for i in incidents(rows)
        if (i.killed is not None or i.injured is not None)
        and (start is None or (i.day is not None and i.day >= start))
        and (end is None or (i.day is not None and i.day <= end))
    ]
    when = f" ({esc(period.label)})" if period else ""
    if not found:
        known = queries.places_with_reports(session)
        hint = f" Places with reports: {esc(', '.join(known))}." if known else ""
        if period and known:
            hint = " Try without a period, or another one." + hint
        return [f"No casualty reports for {bold(place_text)}{when} yet.{hint}"]
    show_place = place.country is not None or len(place.location_keys) > 1
    shown = found[:LATEST_INCIDENTS]
    lines = [f"{bold(place.name)} — casualty reports{when}"]
    lines += [incident_line(incident, show_place) for incident in shown]
    if start is not None and period is None:
        # Only the latest days were read: no total, and the way to the earlier ones.
        example = esc(f"/casualties {place.name} {shown[-1].day:%Y-%m}")
        lines.append(
            f"Latest {len(shown)} incidents shown. For earlier ones add a period: "
            f"<code>{example}</code>"
        )
        return ["\n".join(lines)]
    if len(found) > 1 and any(not i.aggregate and not i.part_of for i in found):
        lines.append(_total(found))
    if len(found) > len(shown):
        lines.append(
            f"Latest {len(shown)} of {len(found)} incidents shown; the total counts them all. "
            "A shorter period shows the others."
        )
    return ["\n".join(lines)]


def _earliest(session: Session, place: PlaceQuery) -> dt.date | None:
    """Without a period: the first day worth reading, so that a city with years of reports
    reads only its latest LATEST_INCIDENTS days' (None: every day is needed)."""
    days = queries.casualty_days(
        session,
        location_keys=place.location_keys,
        country=place.country,
        limit=LATEST_INCIDENTS + 1,
    )
    return days[LATEST_INCIDENTS - 1] if len(days) > LATEST_INCIDENTS else None


def incident_line(incident: Incident, show_place: bool = True) -> str:
    """ "• Kyiv, 24 Apr 2025: at least 12 killed, 90 injured" and its sources."""
    where = f"{bold(incident.place)}, " if show_place else ""
    toll = toll_text(incident.killed, incident.injured, incident.qualifier)
    reports, left_out = incident.cited(_CITED)
    cited = "; ".join(
        f"{r.source or 'unattributed'} {day_label(r.published)} (#{r.article_id})" for r in reports
    )
    if left_out:
        cited += f"; +{left_out} more"
    note = scope_note(incident.aggregate, incident.covers, incident.background, incident.part_of)
    return f"• {where}{day_label(incident.day)}: {esc(toll)}{note}\n  {italic(cited)}"


def scope_note(
    aggregate: bool, covers: Sequence[str], background: bool, part_of: str | None = None
) -> str:
    """ " — total over Kharkiv, Odesa" for an aggregate, " — part of the Kyiv toll" for a part
    of an incident's toll, " (cited as background)" for an earlier incident cited for context;
    else nothing."""
    note = f" — part of the {esc(part_of)} toll" if part_of else ""
    if aggregate:
        names = list(covers[:_COVERED])
        more = len(covers) - len(names)
        listed = ", ".join(names) + (f" and {more} more" if more else "")
        note = f" — total over {esc(listed)}" if names else " — a total over several places"
    if background:
        note += " (cited as background)"
    return note


def _total(shown: list[Incident]) -> str:
    """The total over the incidents, aggregates and parts left out (what they count is among
    them)."""
    found = [i for i in shown if not i.aggregate and not i.part_of]
    # A kind of toll no incident gives is not said to be zero.
    killed = sum(i.killed or 0 for i in found) if any(i.killed is not None for i in found) else None
    injured = (
        sum(i.injured or 0 for i in found) if any(i.injured is not None for i in found) else None
    )
    qualifiers = {i.qualifier for i in found if i.qualifier}
    qualifier = "at least" if qualifiers & _AT_LEAST else ("about" if qualifiers else None)
    if any(i.killed is None for i in found) or any(i.injured is None for i in found):
        qualifier = qualifier or "at least"
    noun = "incident" if len(found) == 1 else "incidents"
    total = f"Total, {len(found)} {noun}: {esc(toll_text(killed, injured, qualifier))}"
    left_out = []
    if any(i.aggregate for i in shown):
        left_out.append("totals over several places")
    if any(i.part_of for i in shown):
        left_out.append("parts of a toll")
    if left_out:
        total += f" ({' and '.join(left_out)} not added)"
    return total
