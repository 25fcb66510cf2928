"""`/casualties <place> [period]`: one line per incident with its latest reported toll and the
sources that reported it, then the total. Reports of one incident are never added up, nor is a
total over several places (an aggregate, "across Ukraine") added to the incidents it covers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from extract.gazetteer import Gazetteer
from service.html import bold, day_label, esc, italic
from service.incidents import (
    FOLLOW_UP_DAYS,
    REVISION_DAYS,
    Figure,
    Incident,
    differ,
    incidents,
)
from service.periods import Period
from storage import queries
from storage.models import ArticleRow, CasualtyRow, DateMentionRow

_AT_LEAST = {"at least", "more than", "over", "nearly"}
LATEST_INCIDENTS = 10  # lines in a /casualties reply
_CITED = 3  # sources named under an incident
_COVERED = 3  # places named under an aggregate
_DIFFERING = 3  # figures named where sources differ
_LEVEL_WORDS = {"region", "province", "oblast", "governorate", "state", "district", "area"}


@dataclass(frozen=True)
class PlaceQuery:
    name: str
    location_keys: frozenset[str]
    country: str | None  # set when the place is a country: all its places count


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
    country with all its places; aliases and case don't matter (kiev, KYIV, Kyiv). A place no
    table lists covers the reported places named with all its words ("Itaewon" finds
    "Itaewon area, Seoul")."""
    entry = gazetteer.lookup(query)
    if entry is None:
        words = _words(query)
        keys = {query.strip().lower()} | {
            loc.lower()
            for loc in queries.reported_locations(session)
            if words and words <= _words(loc)
        }
        return PlaceQuery(query.strip(), frozenset(keys), None)
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


def _words(name: str) -> set[str]:
    """A place name's words without its level ("Al Hawak district" -> {"al", "hawak"})."""
    return set(re.findall(r"\w+", name.lower())) - _LEVEL_WORDS


def other_levels(session: Session, keys: Iterable[str]) -> frozenset[str]:
    """Reported places that may name these places' incidents at another level: "the Kharkiv
    region" for Kharkiv, Kharkiv for the Kharkiv region, Seoul for "Itaewon area, Seoul"."""
    names = {part.strip() for key in keys for part in key.split(",")}
    bases = {" ".join(sorted(_words(name))) for name in names}
    return frozenset(
        loc.lower()
        for loc in queries.reported_locations(session)
        if loc.lower() in names or " ".join(sorted(_words(loc.split(",")[0]))) in bases
    )


def reports_around(
    session: Session, rows: Sequence[CasualtyRow]
) -> Sequence[tuple[CasualtyRow, ArticleRow]]:
    """Every report that may share an incident with these records (of one article): at their
    places at any level, within FOLLOW_UP_DAYS of their days."""
    days = [r.day for r in rows if r.day is not None]
    keys = {r.location_key for r in rows if r.location_key}
    if not days or not keys:
        return []
    margin = dt.timedelta(days=FOLLOW_UP_DAYS)
    return queries.casualty_reports(
        session,
        location_keys=keys | other_levels(session, keys),
        since=min(days) - margin,
        until=max(days) + margin,
    )


def joined_incidents(session: Session, rows: Sequence[CasualtyRow]) -> list[Incident]:
    """The incidents across the store that these records (of one article) joined."""
    ids = {r.article_id for r in rows}
    return [
        i
        for i in incidents_of(session, reports_around(session, rows))
        if any(r.article_id in ids for r in i.reports)
    ]


def incidents_at(
    session: Session, gazetteer: Gazetteer, place_text: str, period: Period | None
) -> tuple[PlaceQuery, list[Incident], dt.date | None]:
    """The incidents at a place (with what it contains) in the period, newest first, each
    with its current toll; and the first day read (None: all of them)."""
    place = resolve_place(session, gazetteer, place_text)
    # Reports just outside the period can belong to an incident inside it (a later "toll rose"
    # report), so group first, then keep the incidents whose day is in the period.
    margin = dt.timedelta(days=FOLLOW_UP_DAYS)
    start, end = (period.start, period.end) if period else (_earliest(session, place), None)
    keys = place.location_keys | (
        other_levels(session, place.location_keys) if place.country is None else frozenset()
    )
    rows = queries.casualty_reports(
        session,
        location_keys=keys,
        country=place.country,
        since=start - margin if start else None,
        until=end + margin if end else None,
    )
    if end is not None:
        # Figures revised weeks later ("the toll rose to 223") belong to the period's incidents.
        rows = [
            *rows,
            *queries.casualty_reports(
                session,
                location_keys=keys,
                country=place.country,
                since=end + margin + dt.timedelta(days=1),
                until=end + dt.timedelta(days=REVISION_DAYS),
                revised_only=True,
            ),
        ]
    found = [
        i
        for i in incidents_of(session, rows)
        # An incident reported only at another level is that place's, not this one's.
        if (place.country is not None or i.locations & place.location_keys)
        and (i.killed is not None or i.injured is not None)
        and (start is None or (i.day is not None and i.day >= start))
        and (end is None or (i.day is not None and i.day <= end))
    ]
    return place, found, start


def incidents_of(
    session: Session, rows: Sequence[tuple[CasualtyRow, ArticleRow]]
) -> list[Incident]:
    """The incidents these records report, told apart with the days their articles name."""
    ids = sorted({article.id for _, article in rows if article.id is not None})
    named: dict[int, set[dt.date]] = {}
    for mention in queries.rows_of_articles(session, DateMentionRow, ids):
        if mention.date and len(mention.date) == len("2025-04-24"):
            try:
                named.setdefault(mention.article_id, set()).add(dt.date.fromisoformat(mention.date))
            except ValueError:
                continue
    return incidents(rows, named)


def casualties_reply(
    session: Session, gazetteer: Gazetteer, place_text: str, period: Period | None
) -> list[str]:
    """The reply blocks for `/casualties`: the latest incidents, at most LATEST_INCIDENTS."""
    place, found, start = incidents_at(session, gazetteer, place_text, period)
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
    """ "• Kyiv, 24 Apr 2025: at least 16 killed (12 → 16), 90 injured", where sources
    differ, and its sources."""
    where = f"{bold(incident.place)}, " if show_place else ""
    reports, left_out = incident.cited(_CITED)
    cited = "; ".join(
        f"{r.source or 'unattributed'} {day_label(r.published)} (#{r.article_id})" for r in reports
    )
    if left_out:
        cited += f"; +{left_out} more"
    note = scope_note(incident.aggregate, incident.covers, incident.background, incident.part_of)
    lines = [f"• {where}{day_label(incident.day)}: {esc(current_toll(incident))}{note}"]
    for label, figures in (
        ("", incident.killed_figures),
        (" on injured", incident.injured_figures),
    ):
        if shown := differ(figures)[:_DIFFERING]:
            lines.append(f"  ⚠ sources differ{label}: {esc(', '.join(map(_figure, shown)))}")
    lines.append(f"  {italic(cited)}")
    return "\n".join(lines)


def current_toll(incident: Incident) -> str:
    """The toll that stands, with how each figure rose: "at least 16 killed (12 → 16)"."""
    parts = []
    for value, figures, noun in (
        (incident.killed, incident.killed_figures, "killed"),
        (incident.injured, incident.injured_figures, "injured"),
    ):
        if value is None:
            continue
        moves = incident.moves(figures)
        parts.append(
            f"{value:,} {noun}" + (f" ({' → '.join(f'{m:,}' for m in moves)})" if moves else "")
        )
    text = ", ".join(parts) or "toll not given"
    return f"{incident.qualifier} {text}" if incident.qualifier and parts else text


def _figure(figure: Figure) -> str:
    """ "21 (Reuters, 31 Dec)"."""
    day = figure.report.published
    when = f", {day.day} {day:%b}" if day else ""
    qualifier = f"{figure.qualifier} " if figure.qualifier else ""
    return f"{qualifier}{figure.value:,} ({figure.report.source or 'unattributed'}{when})"


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
