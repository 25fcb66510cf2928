"""Every query the bot runs. Functions take a session and return models or plain values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from itertools import groupby

from sqlalchemy import Table, case, delete, func, insert, or_, union, union_all, update
from sqlalchemy.orm import defer
from sqlmodel import Session, SQLModel, col, select

from storage.models import (
    ArticleRow,
    BotState,
    CasualtyRow,
    ChatMigration,
    ChatSettings,
    ChatWatch,
    DateMentionRow,
    DigestSent,
    OrganizationRow,
    PersonRow,
    PlaceRow,
    QuoteRow,
    ReceivedUpdate,
    WatchNote,
    name_key,
    surname_key,
)

# Sorts a quote with no report time (none in a migrated store) last.
_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)

FACT_TABLES: tuple[type[SQLModel], ...] = (
    PersonRow,
    PlaceRow,
    OrganizationRow,
    DateMentionRow,
    QuoteRow,
    CasualtyRow,
)


# Articles -------------------------------------------------------------------------------------


def article_with_key(session: Session, text_key: str) -> ArticleRow | None:
    return session.exec(select(ArticleRow).where(ArticleRow.text_key == text_key)).first()


def article_from_origin(session: Session, chat_id: int, message_id: int) -> ArticleRow | None:
    return session.exec(
        select(ArticleRow).where(
            ArticleRow.origin_chat_id == chat_id, ArticleRow.origin_message_id == message_id
        )
    ).first()


def add_article(session: Session, article: ArticleRow, facts: Iterable[SQLModel]) -> ArticleRow:
    """Store an article and its facts (the caller's transaction commits them together), the
    facts in their order. The facts are values only: they go in as an executemany per table
    (the ORM's unit of work cost more than the inserts themselves), so they get no id and
    stay out of the session; read them back with the queries below."""
    session.add(article)
    session.flush()
    assert article.id is not None
    rows = []
    for fact in facts:
        table: Table = fact.__table__  # type: ignore[attr-defined]
        row = _insert_values(fact, table)
        row["article_id"] = article.id
        if "reported_at" in table.c:
            row["reported_at"] = article.reported_at
        rows.append((table, row))
    # Runs of the same table and columns: ids then follow the facts' order.
    for (table, _columns), run in groupby(rows, key=lambda r: (r[0], tuple(r[1]))):
        session.execute(insert(table), [row for _, row in run])
    return article


def _insert_values(fact: SQLModel, table: Table) -> dict[str, object]:
    # A column left None that has a default (the surname keys) is left out, so the default
    # computes it; the id comes from the database.
    values = {}
    for column in table.columns:
        value = getattr(fact, column.key)
        has_default = column.default is not None or column.server_default is not None
        if not column.primary_key and not (value is None and has_default):
            values[column.key] = value
    return values


def article_with_url(session: Session, url: str) -> ArticleRow | None:
    return session.exec(select(ArticleRow).where(ArticleRow.url == url)).first()


def article_by_id(session: Session, article_id: int) -> ArticleRow | None:
    return session.get(ArticleRow, article_id)


def latest_articles(session: Session, limit: int) -> Sequence[ArticleRow]:
    return session.exec(
        select(ArticleRow)
        .order_by(col(ArticleRow.received_at).desc(), col(ArticleRow.id).desc())
        .limit(limit)
    ).all()


def articles_received_between(
    session: Session, start: dt.datetime, end: dt.datetime
) -> Sequence[ArticleRow]:
    """The articles received in [start, end), without their text (a digest cites them)."""
    return session.exec(
        select(ArticleRow)
        .where(ArticleRow.received_at >= start, ArticleRow.received_at < end)
        .order_by(col(ArticleRow.received_at))
        .options(defer(ArticleRow.text))  # type: ignore[arg-type]
    ).all()


def rows_of_articles(session: Session, table: type[SQLModel], article_ids: Sequence[int]) -> list:
    """All rows of one fact table for these articles, in article and then stored order."""
    if not article_ids:
        return []
    rows = session.exec(
        select(table)
        .where(col(table.article_id).in_(article_ids))  # type: ignore[attr-defined]
        .order_by(table.article_id, table.id)  # type: ignore[attr-defined]
    )
    return list(rows.all())


def mention_totals(
    session: Session, table: type[PersonRow] | type[PlaceRow], article_ids: Sequence[int]
) -> dict[str, int]:
    """How often these articles mention each person or place name (a stored row counts at
    least once), summed in the database: a day's rows are too many to load as models."""
    if not article_ids:
        return {}
    total = func.sum(case((col(table.mentions) < 1, 1), else_=col(table.mentions)))
    rows = session.exec(
        select(table.name, total).where(col(table.article_id).in_(article_ids)).group_by(table.name)
    ).all()
    return {name: int(count) for name, count in rows}


def delete_article(session: Session, article_id: int) -> bool:
    """Delete an article and every fact read from it; False if there was no such article."""
    article = session.get(ArticleRow, article_id)
    if article is None:
        return False
    for table in FACT_TABLES:
        session.execute(delete(table).where(table.article_id == article_id))  # type: ignore[attr-defined]
    session.delete(article)
    return True


# Casualties -----------------------------------------------------------------------------------


def _casualty_places(location_keys: Iterable[str], country: str | None) -> list:
    """The condition "at these places, or anywhere in `country`"; [] when there is none."""
    where = []
    if keys := sorted(set(location_keys)):
        where.append(col(CasualtyRow.location_key).in_(keys))
    if country:
        where.append(func.lower(CasualtyRow.country) == country.lower())
    return [or_(*where)] if where else []


def casualty_reports(
    session: Session,
    *,
    location_keys: Iterable[str] = (),
    country: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    revised_only: bool = False,
) -> Sequence[tuple[CasualtyRow, ArticleRow]]:
    """Casualty records at these places (or anywhere in `country`) on days in [since, until],
    with their articles (without their text); `revised_only`: only figures that revise an
    earlier one ("rose to 21")."""
    where = _casualty_places(location_keys, country)
    if not where:
        return []
    if revised_only:
        where.append(col(CasualtyRow.revised).is_(True))
    query = (
        select(CasualtyRow, ArticleRow)
        .join(ArticleRow, col(ArticleRow.id) == CasualtyRow.article_id)
        .where(*where)
        .options(defer(ArticleRow.text), defer(CasualtyRow.sentence))  # type: ignore[arg-type]
    )
    if since is not None:
        query = query.where(CasualtyRow.day >= since)
    if until is not None:
        query = query.where(CasualtyRow.day <= until)
    return session.exec(query.order_by(col(CasualtyRow.day), col(CasualtyRow.id))).all()


def casualty_days(
    session: Session, *, location_keys: Iterable[str] = (), country: str | None = None, limit: int
) -> list[dt.date]:
    """The latest days with a toll at these places (or in `country`), newest first."""
    where = _casualty_places(location_keys, country)
    if not where:
        return []
    rows = session.exec(
        select(CasualtyRow.day)
        .where(
            *where,
            col(CasualtyRow.day).is_not(None),
            or_(col(CasualtyRow.killed).is_not(None), col(CasualtyRow.injured).is_not(None)),
        )
        .distinct()
        .order_by(col(CasualtyRow.day).desc())
        .limit(limit)
    ).all()
    return [d for d in rows if d is not None]


def places_with_reports(session: Session, limit: int = 10) -> list[str]:
    """The places with the most casualty records, most first."""
    rows = session.exec(
        select(CasualtyRow.location, func.count())
        .where(col(CasualtyRow.location).is_not(None))
        .group_by(CasualtyRow.location)
        .order_by(func.count().desc(), CasualtyRow.location)
        .limit(limit)
    ).all()
    return [name for name, _ in rows if name]


def reported_locations(session: Session) -> list[str]:
    """Every distinct place that has casualty records."""
    rows = session.exec(
        select(CasualtyRow.location).where(col(CasualtyRow.location).is_not(None)).distinct()
    ).all()
    return [r for r in rows if r]


# People and quotes ----------------------------------------------------------------------------


def names_matching(session: Session, query: str) -> list[str]:
    """Full names of people and speakers that are `query` or end with it as a word, ignoring
    case ("rutte" → "Mark Rutte") and the spellings of a transliterated surname ("zelensky" →
    "Volodymyr Zelenskiy", "Volodymyr Zelenskyy"); most mentioned first."""
    key = name_key(query.strip())
    surname = surname_key(key)
    if not surname:
        return []
    surnames = _spellings(surname)
    keys = {key[: len(key) - len(surname)] + spelling for spelling in surnames}

    def matches(name: str | None) -> bool:
        return bool(name) and any(
            name_key(name) == k or name_key(name).endswith(" " + k) for k in keys
        )

    # A surname has few names: grouping every row of a common one and filtering the groups
    # here is twice as fast as testing each row with LIKE. One part per spelling, so that each
    # part's groups come off the index in order (an IN of all five sorted the 39k rows of
    # "zelensky" in a 100k-article store first: 36 ms against 17).
    people = session.execute(
        union_all(
            *(
                select(PersonRow.name, func.sum(PersonRow.mentions))
                .where(PersonRow.surname_key == spelling)
                .group_by(PersonRow.name_key, PersonRow.name)
                for spelling in surnames
            )
        )
    ).all()
    ranked = sorted((-(total or 0), name) for name, total in people if matches(name))
    names = [name for _, name in ranked]
    speakers = session.execute(
        union(
            *(
                select(QuoteRow.speaker).where(QuoteRow.speaker_surname_key == spelling).distinct()
                for spelling in surnames
            )
        )
    ).scalars()
    return names + sorted({s for s in speakers if s and matches(s)} - set(names))


# Wire services spell one Slavic surname several ways: Zelenskiy (Reuters), Zelenskyy (AP, the
# Ukrainian government), Zelensky (most others); Dmitry Peskov's "Peskov" has no such ending.
_SKY_ENDING = re.compile(r"^(\w+sk)(?:y|iy|yy|yi|i)$")
_SKY_SPELLINGS = ("y", "iy", "yy", "yi", "i")


def _spellings(surname: str) -> list[str]:
    """A surname's key and its other transliterations."""
    sky = _SKY_ENDING.match(surname)
    if sky is None:
        return [surname]
    return [sky.group(1) + ending for ending in _SKY_SPELLINGS]


def quotes_of(
    session: Session, speakers: Sequence[str], limit: int
) -> list[tuple[QuoteRow, ArticleRow]]:
    """The latest quotes of these speakers: newest report first, in article order within one.
    Each speaker's latest come off the index, then the lists are merged."""
    latest: list[QuoteRow] = []
    for key in {name_key(s) for s in speakers}:
        latest += session.exec(
            select(QuoteRow)
            .where(QuoteRow.speaker_key == key)
            .order_by(
                col(QuoteRow.reported_at).desc(), col(QuoteRow.article_id).desc(), col(QuoteRow.id)
            )
            .limit(limit)
        ).all()
    latest.sort(key=lambda q: (-(q.reported_at or _NEVER).timestamp(), -q.article_id, q.id or 0))
    chosen = latest[:limit]
    articles = _articles_by_id(session, {q.article_id for q in chosen})
    return [(q, articles[q.article_id]) for q in chosen]


def person_titles(session: Session, name: str, limit: int) -> list[str]:
    """The titles articles gave this person, the most recently given first."""
    rows = session.exec(
        select(PersonRow.title)
        .where(PersonRow.name_key == name_key(name), col(PersonRow.title).is_not(None))
        .group_by(PersonRow.title)
        .order_by(func.max(PersonRow.reported_at).desc(), PersonRow.title)
        .limit(limit)
    ).all()
    return [t for t in rows if t]


def person_article_count(session: Session, name: str) -> int:
    return session.exec(
        select(func.count(func.distinct(PersonRow.article_id))).where(
            PersonRow.name_key == name_key(name)
        )
    ).one()


def person_articles(session: Session, name: str, limit: int) -> list[ArticleRow]:
    """The latest articles that name this person, newest first."""
    ids = session.exec(
        select(PersonRow.article_id)
        .where(PersonRow.name_key == name_key(name))
        .order_by(col(PersonRow.reported_at).desc(), col(PersonRow.article_id).desc())
        .limit(limit)
    ).all()
    articles = _articles_by_id(session, set(ids))
    return [articles[i] for i in dict.fromkeys(ids)]


def quote_count(session: Session, name: str) -> int:
    return session.exec(
        select(func.count()).select_from(QuoteRow).where(QuoteRow.speaker_key == name_key(name))
    ).one()


def _articles_by_id(session: Session, ids: set[int]) -> dict[int, ArticleRow]:
    """These articles without their text, which the replies that cite them don't need."""
    if not ids:
        return {}
    rows = session.exec(
        select(ArticleRow).where(col(ArticleRow.id).in_(ids)).options(defer(ArticleRow.text))  # type: ignore[arg-type]
    ).all()
    return {a.id: a for a in rows if a.id is not None}


# Chats, digests and bot state -----------------------------------------------------------------


def chat_settings(session: Session, chat_id: int) -> ChatSettings | None:
    return session.get(ChatSettings, chat_id)


def add_chat_settings(session: Session, settings: ChatSettings) -> None:
    session.add(settings)


def set_digest_time(
    session: Session, chat_id: int, hhmm: str | None, zone: str, at: dt.datetime
) -> ChatSettings:
    """The chat's digest at `hhmm` in `zone` (None: off), set at `at`."""
    chat = session.get(ChatSettings, chat_id)
    assert chat is not None
    chat.digest_time, chat.timezone, chat.schedule_set_at = hhmm, zone, at
    session.add(chat)
    return chat


def move_chat(session: Session, old_id: int, new_id: int) -> ChatSettings | None:
    """A group's settings and digest records under its supergroup's id; the settings there
    (None when neither id has any). The supergroup may have been seen a moment before the
    notice: the group's own settings win over the defaults it got then."""
    old = session.get(ChatSettings, old_id)
    moved = session.get(ChatSettings, new_id)
    if old is None:
        return moved
    moved = moved or ChatSettings(chat_id=new_id, kind="supergroup")
    moved.title, moved.digest_time, moved.timezone = old.title, old.digest_time, old.timezone
    moved.schedule_set_at, moved.created_at = old.schedule_set_at, old.created_at
    session.add(moved)
    session.delete(old)
    move_digest_records(session, old_id, new_id)
    return moved


def scheduled_chats(session: Session) -> Sequence[ChatSettings]:
    return session.exec(
        select(ChatSettings).where(col(ChatSettings.digest_time).is_not(None))
    ).all()


def digest_was_sent(session: Session, chat_id: int, local_date: dt.date) -> bool:
    return session.get(DigestSent, (chat_id, local_date)) is not None


def move_digest_records(session: Session, old_id: int, new_id: int) -> None:
    for row in session.exec(select(DigestSent).where(DigestSent.chat_id == old_id)).all():
        if session.get(DigestSent, (new_id, row.local_date)) is None:
            session.add(DigestSent(chat_id=new_id, local_date=row.local_date, sent_at=row.sent_at))
        session.delete(row)


def record_digest(session: Session, chat_id: int, local_date: dt.date) -> None:
    session.add(DigestSent(chat_id=chat_id, local_date=local_date))


def update_was_handled(session: Session, update_id: int) -> bool:
    row = session.get(ReceivedUpdate, update_id)
    return row is not None and row.handled_at is not None


def update_was_received(session: Session, update_id: int) -> bool:
    return session.get(ReceivedUpdate, update_id) is not None


def record_received_update(session: Session, update_id: int, payload: str) -> None:
    session.add(ReceivedUpdate(update_id=update_id, payload=payload))


def record_handled_update(session: Session, update_id: int, at: dt.datetime) -> None:
    """Handled: the payload is no longer needed."""
    row = session.get(ReceivedUpdate, update_id)
    if row is None:
        session.add(ReceivedUpdate(update_id=update_id, received_at=at, handled_at=at))
    else:
        row.payload, row.handled_at = None, at


def begin_update_attempt(session: Session, update_id: int) -> int:
    """Count one more attempt at handling the update; how many there have been."""
    row = session.get(ReceivedUpdate, update_id)
    if row is None:  # (not recorded on arrival: the database was unavailable then)
        return 1
    row.attempts += 1
    session.add(row)
    return row.attempts


def record_chat_migration(session: Session, old_id: int, new_id: int) -> None:
    row = session.get(ChatMigration, old_id) or ChatMigration(old_id=old_id, new_id=new_id)
    row.new_id = new_id
    session.add(row)


def chat_migrations(session: Session) -> list[tuple[int, int]]:
    """(old id, new id) of every group that became a supergroup, in the order they did."""
    query = select(ChatMigration).order_by(col(ChatMigration.migrated_at))
    return [(row.old_id, row.new_id) for row in session.exec(query).all()]


def unhandled_updates(session: Session) -> Sequence[ReceivedUpdate]:
    """Updates received but not handled to the end, oldest first."""
    query = select(ReceivedUpdate).where(col(ReceivedUpdate.handled_at).is_(None))
    return session.exec(query.order_by(col(ReceivedUpdate.update_id))).all()


def forget_received_updates(session: Session, before: dt.datetime) -> None:
    session.execute(delete(ReceivedUpdate).where(col(ReceivedUpdate.received_at) < before))


def state_value(session: Session, key: str) -> str | None:
    row = session.get(BotState, key)
    return row.value if row else None


def set_state_value(session: Session, key: str, value: str) -> None:
    row = session.get(BotState, key)
    if row is None:
        session.add(BotState(key=key, value=value))
    else:
        row.value = value
        session.add(row)


# Watches and their notes ----------------------------------------------------------------------


def watches_of(session: Session, chat_id: int) -> Sequence[ChatWatch]:
    """A chat's watches, in the order it set them."""
    query = select(ChatWatch).where(ChatWatch.chat_id == chat_id)
    return session.exec(query.order_by(col(ChatWatch.created_at), col(ChatWatch.id))).all()


def all_watches(session: Session) -> Sequence[ChatWatch]:
    """Every chat's watches, by chat and in the order each set them."""
    query = select(ChatWatch).order_by(
        col(ChatWatch.chat_id), col(ChatWatch.created_at), col(ChatWatch.id)
    )
    return session.exec(query).all()


def add_watch(session: Session, watch: ChatWatch) -> None:
    session.add(watch)


def remove_watches(session: Session, chat_id: int, keys: Iterable[str]) -> list[ChatWatch]:
    """Delete the chat's watches with these keys; the ones deleted."""
    found = session.exec(
        select(ChatWatch).where(ChatWatch.chat_id == chat_id, col(ChatWatch.key).in_(set(keys)))
    ).all()
    for watch in found:
        session.delete(watch)
    return list(found)


def forget_chat_watches(session: Session, chat_id: int) -> None:
    """Delete the chat's watches and the notes still waiting for it."""
    session.execute(delete(ChatWatch).where(col(ChatWatch.chat_id) == chat_id))
    drop_waiting_notes(session, chat_id)


def drop_waiting_notes(session: Session, chat_id: int) -> int:
    """Delete the notes waiting for a chat; how many there were."""
    result = session.execute(
        delete(WatchNote).where(col(WatchNote.chat_id) == chat_id, col(WatchNote.sent_at).is_(None))
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def move_watches(session: Session, old_id: int, new_id: int) -> None:
    """A group's watches and notes under its supergroup's id; what the supergroup has already
    (a watch of the same thing, a note on the same story) is kept once."""
    watched = {(w.kind, w.key) for w in watches_of(session, new_id)}
    for watch in watches_of(session, old_id):
        if (watch.kind, watch.key) in watched:
            session.delete(watch)
        else:
            watch.chat_id = new_id
            session.add(watch)
    noted = set(noted_articles(session, new_id))
    for note in session.exec(select(WatchNote).where(WatchNote.chat_id == old_id)).all():
        if note.article_id in noted:
            session.delete(note)
        else:
            note.chat_id = new_id
            session.add(note)


def noted_articles(session: Session, chat_id: int) -> Sequence[int]:
    return session.exec(select(WatchNote.article_id).where(WatchNote.chat_id == chat_id)).all()


def chats_noted_of(session: Session, article_id: int) -> set[int]:
    """The chats that have a note on this article, sent or waiting."""
    query = select(WatchNote.chat_id).where(WatchNote.article_id == article_id)
    return set(session.exec(query).all())


def add_notes(session: Session, notes: Iterable[WatchNote]) -> None:
    session.add_all(list(notes))


def waiting_notes(session: Session) -> Sequence[WatchNote]:
    """The notes not sent yet, by chat, oldest first."""
    query = select(WatchNote).where(col(WatchNote.sent_at).is_(None))
    return session.exec(query.order_by(col(WatchNote.chat_id), col(WatchNote.id))).all()


def last_note_sent(session: Session, chat_id: int) -> dt.datetime | None:
    """When the chat was last sent a note."""
    return session.exec(
        select(func.max(WatchNote.sent_at)).where(WatchNote.chat_id == chat_id)
    ).one()


def mark_notes_sent(session: Session, note_ids: Sequence[int], at: dt.datetime) -> None:
    if note_ids:
        session.execute(
            update(WatchNote).where(col(WatchNote.id).in_(list(note_ids))).values(sent_at=at)
        )
