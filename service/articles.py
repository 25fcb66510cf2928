"""`/sources`, `/article <id>`, `/forget <id>` and the receipt for a forwarded story."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from extract.dateline import find_dateline
from readers import MAX_TEXT_CHARS
from service.casualties import (
    current_toll,
    incident_line,
    joined_incidents,
    scope_note,
    toll_text,
)
from service.html import bold, day_label, esc, italic, quoted, shorten
from service.incidents import Incident, incidents
from service.ingest import MIN_WORDS, Receipt
from storage import queries
from storage.db import transaction
from storage.models import ArticleRow, CasualtyRow, OrganizationRow, PersonRow, PlaceRow, QuoteRow

log = logging.getLogger(__name__)

SOURCES_SHOWN = 10
_CITED = 3  # other reports named under a record
_MAX_LISTED = 8


def headline(article: ArticleRow) -> str:
    """The title, else the opening words after the dateline."""
    if article.title:
        return shorten(article.title, 70)
    dateline = find_dateline(article.text)
    return shorten(article.text[dateline.end :] if dateline else article.text, 70)


def sources_reply(session: Session) -> list[str]:
    articles = queries.latest_articles(session, SOURCES_SHOWN)
    if not articles:
        return ["No articles yet. Forward a story to me in a private chat."]
    lines = ["Latest articles (<code>/article ID</code> for one):"]
    for a in articles:
        lines.append(
            f"#{a.id} {bold(a.source or 'unattributed')}, {day_label(a.published)}\n"
            f"  {esc(headline(a))}"
        )
    return ["\n".join(lines)]


def article_reply(session: Session, article_id: int) -> list[str]:
    article = queries.article_by_id(session, article_id)
    if article is None:
        return [f"No article #{article_id}. /sources lists the latest."]
    ids = [article_id]
    casualties: list[CasualtyRow] = queries.rows_of_articles(session, CasualtyRow, ids)
    quotes: list[QuoteRow] = queries.rows_of_articles(session, QuoteRow, ids)
    people: list[PersonRow] = queries.rows_of_articles(session, PersonRow, ids)
    places: list[PlaceRow] = queries.rows_of_articles(session, PlaceRow, ids)
    orgs: list[OrganizationRow] = queries.rows_of_articles(session, OrganizationRow, ids)
    byline = f"\nBy {esc(article.author)}" if article.author else ""
    link = f"\n{esc(article.url)}" if article.url else ""
    blocks = [
        f"#{article.id} {bold(article.source or 'unattributed')}, {day_label(article.published)}"
        f"\n{esc(headline(article))}{byline}{link}"
    ]
    tolls = [c for c in casualties if c.killed or c.injured]
    if found := incidents([(c, article) for c in tolls]):
        lines = ["Casualties:"]
        joined = joined_incidents(session, tolls)
        for own in found:
            lines.append(incident_line(own).split("\n")[0])
            shared = _joined_by(own, joined)
            if shared is not None and any(r.article_id != article_id for r in shared.reports):
                lines.append(_joined_line(shared, article_id))
        blocks.append("\n".join(lines))
    if quotes:
        lines = [f"Quotes ({len(quotes)}):"]
        for q in quotes[:_MAX_LISTED]:
            lines.append(f"• {bold(q.speaker or 'unattributed')}: {quoted(q.text, 200)}")
        if len(quotes) > _MAX_LISTED:
            lines.append(f"…and {len(quotes) - _MAX_LISTED} more")
        blocks.append("\n".join(lines))
    if people:
        ranked = sorted(people, key=lambda p: -p.mentions)
        blocks.append(
            "People: "
            + "; ".join(
                bold(p.name) + (f", {esc(p.title)}" if p.title else "")
                for p in ranked[:_MAX_LISTED]
            )
        )
    if places:
        blocks.append("Places: " + esc(", ".join(p.name for p in places[:12])))
    if orgs:
        blocks.append("Organisations: " + esc(", ".join(o.name for o in orgs[:10])))
    if len(blocks) == 1:
        blocks.append("No casualties, quotes or people found in it.")
    return blocks


def _joined_by(own: Incident, joined: list[Incident]) -> Incident | None:
    """The store-wide incident an article's own record joined: at its place, on its day or,
    for a later report, the day before it that it joined."""
    at_place = [i for i in joined if i.locations & own.locations]
    same_day = [i for i in at_place if i.day == own.day]
    return (same_day or at_place or [None])[0]


def _joined_line(incident: Incident, article_id: int) -> str:
    """ "↳ one incident with #1 Reuters, #3 AP: now 16 killed (12 → 16)", when other
    articles reported it too."""
    others = [r for r in incident.reports if r.article_id != article_id]
    named = ", ".join(f"#{r.article_id} {r.source or 'unattributed'}" for r in others[:_CITED])
    more = f" and {len(others) - _CITED} more" if len(others) > _CITED else ""
    place = f"{incident.place}, {day_label(incident.day)}"
    return f"  ↳ joined {bold(place)} with {esc(named)}{more}: now {esc(current_toll(incident))}"


@dataclass(frozen=True)
class Deleter:
    """Who asks to delete a story: `admin` may delete any, others only their own."""

    user_id: int | None
    chat_id: int
    admin: bool = False


def forget(engine: Engine, article_id: int, deleter: Deleter) -> list[str]:
    """Delete an article and its facts, when `deleter` may; the deletion is logged."""
    with transaction(engine) as session:
        article = queries.article_by_id(session, article_id)
        if article is None:
            return [f"No article #{article_id}. /sources lists the latest."]
        own = deleter.user_id is not None and article.received_from == deleter.user_id
        if not (own or deleter.admin):
            return [
                f"Only the reporter who sent #{article_id}, or a newsroom admin "
                "(ADMIN_USER_IDS), can delete it."
            ]
        source = esc(article.source or "unattributed")
        label = f"#{article.id} ({source}, {day_label(article.published)})"
        queries.delete_article(session, article_id)
    log.warning(
        "article #%s deleted by user %s in chat %s (%s)",
        article_id,
        deleter.user_id,
        deleter.chat_id,
        "admin" if deleter.admin and not own else "its reporter",
    )
    return [f"Deleted article {label} and every fact read from it."]


def receipt_reply(receipt: Receipt) -> list[str]:
    """The short answer to a forwarded story."""
    if receipt.error == "empty" or (receipt.article_id is None and not receipt.duplicate):
        return ["There is no text in that message for me to read."]
    where = f"{esc(receipt.source or 'unattributed')}, {day_label(receipt.published)}"
    if receipt.duplicate:
        return [f"Already stored as #{receipt.article_id} ({where}). Nothing changed."]
    lines = [f"Stored as #{receipt.article_id} ({where})."]
    for toll in receipt.tolls[:5]:
        lines.append(
            f"• {bold(toll.place)}, {day_label(toll.day)}: "
            f"{esc(toll_text(toll.killed, toll.injured, toll.qualifier))}"
            f"{scope_note(toll.aggregate, toll.covers, toll.background, toll.part_of)}"
        )
    if receipt.quotes:
        lines.append(
            f"Quotes: {receipt.quotes} by {receipt.speakers} "
            f"speaker{'s' if receipt.speakers != 1 else ''}"
        )
    if receipt.people:
        lines.append("People: " + esc(", ".join(receipt.people[:6])))
    if len(lines) == 1:
        why = (
            f"it is only {receipt.words} word{'s' if receipt.words != 1 else ''} long"
            if receipt.words < MIN_WORDS
            else "it names no casualty figures, quotes or people I can read (English text only)"
        )
        lines.append(f"Found nothing to report: {why}.")
    else:
        lines.append(italic(f"/article {receipt.article_id} for the details"))
    if note := left_out(receipt):
        lines.insert(1, note)
    return ["\n".join(lines)]


def left_out(receipt: Receipt) -> str | None:
    """The line saying what of a story was not read, if anything was not."""
    unread = f"Not read: {esc(receipt.unread)}." if receipt.unread else ""
    if receipt.cut_from is None:
        return unread or None
    if unread:  # the reader stopped early: how long the rest is, nobody knows
        return f"Only the first {MAX_TEXT_CHARS:,} characters were read. {unread}"
    return f"Only the first {MAX_TEXT_CHARS:,} of {receipt.cut_from:,} characters were read."
