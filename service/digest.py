"""The digest: what reached the bot in the last 24 hours, by casualties, quotes, people, places
and sources."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from sqlmodel import Session

from service.casualties import incident_line, incidents_of, other_levels
from service.html import bold, esc, italic, quoted
from service.incidents import FOLLOW_UP_DAYS
from service.people import cite
from storage import queries
from storage.models import ArticleRow, CasualtyRow, PersonRow, PlaceRow, QuoteRow

WINDOW = dt.timedelta(hours=24)
_QUOTES = 5
_TOP = 5
_INCIDENTS = 8
_MIN_QUOTE_WORDS = 4


def digest_reply(session: Session, now: dt.datetime, zone: ZoneInfo) -> list[str]:
    """The digest blocks for the 24 hours up to `now` (aware)."""
    end = now.astimezone(dt.UTC)
    articles = list(queries.articles_received_between(session, end - WINDOW, end))
    local = now.astimezone(zone)
    heading = f"Digest, {local.day} {local.strftime('%b %Y %H:%M')} ({esc(zone.key)})"
    if not articles:
        return [f"{bold(heading)}\nNo stories came in during the last 24 hours."]
    ids = [a.id for a in articles if a.id is not None]
    by_id = {a.id: a for a in articles}
    sources = Counter(a.source or "unattributed" for a in articles)
    blocks = [
        f"{bold(heading)}\n{len(articles)} article{'s' if len(articles) != 1 else ''}: "
        + esc(", ".join(f"{name} {n}" for name, n in sources.most_common()))
    ]
    if casualty_block := _casualties(session, ids):
        blocks.append(casualty_block)
    people = queries.mention_totals(session, PersonRow, ids)
    places = queries.mention_totals(session, PlaceRow, ids)
    if quote_block := _quotes(session, ids, by_id, people):
        blocks.append(quote_block)
    if people:
        blocks.append("People: " + esc(", ".join(_most_mentioned(people))))
    if places:
        blocks.append("Places: " + esc(", ".join(_most_mentioned(places))))
    return blocks


def _casualties(session: Session, ids: list[int]) -> str | None:
    """Incidents reported in the window, each with its latest toll from any article."""
    rows: list[CasualtyRow] = [
        c
        for c in queries.rows_of_articles(session, CasualtyRow, ids)
        if c.location_key and (c.killed or c.injured)
    ]
    if not rows:
        return None
    keys = {c.location_key for c in rows if c.location_key}
    days = [c.day for c in rows if c.day]
    since = min(days) - dt.timedelta(days=FOLLOW_UP_DAYS) if days else None
    reports = queries.casualty_reports(
        session, location_keys=keys | other_levels(session, keys), since=since
    )
    window = set(ids)
    found = [
        i
        for i in incidents_of(session, reports)
        if any(r.article_id in window for r in i.reports) and (i.killed or i.injured)
    ]
    lines = ["Casualties:"] + [incident_line(i) for i in found[:_INCIDENTS]]
    if len(found) > _INCIDENTS:
        lines.append(f"…and {len(found) - _INCIDENTS} more (/casualties PLACE)")
    return "\n".join(lines)


def _strength(quote: QuoteRow, mentions: int) -> tuple[int, int, int]:
    """Rank quotes: a whole-sentence quote of a readable length by a much-mentioned speaker."""
    length = len(quote.text)
    readable = 1 if 40 <= length <= 240 else 0
    return (1 if quote.kind == "direct" else 0, readable, mentions)


def _quotes(
    session: Session, ids: list[int], by_id: dict[int | None, ArticleRow], mentions: dict[str, int]
) -> str | None:
    # A quote worth a digest line says something: not a one- or two-word fragment.
    quotes: list[QuoteRow] = [
        q
        for q in queries.rows_of_articles(session, QuoteRow, ids)
        if q.speaker and len(q.text.split()) >= _MIN_QUOTE_WORDS
    ]
    if not quotes:
        return None
    best: dict[str, QuoteRow] = {}
    for q in quotes:
        assert q.speaker is not None
        current = best.get(q.speaker)
        if current is None or _strength(q, 0) > _strength(current, 0):
            best[q.speaker] = q
    ranked = sorted(best.values(), key=lambda q: _strength(q, mentions.get(q.speaker or "", 0)))
    lines = ["Quotes:"]
    for q in reversed(ranked[-_QUOTES:]):
        source = italic(cite(by_id[q.article_id]))
        lines.append(f"{bold(q.speaker)}: {quoted(q.text, 240)}\n  {source}")
    return "\n".join(lines)


def _most_mentioned(totals: dict[str, int]) -> list[str]:
    return sorted(totals, key=lambda name: (-totals[name], name))[:_TOP]
