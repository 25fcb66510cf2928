"""Per-chat digest schedules: when each chat's digest is due, what a restart missed, and the
record that makes a scheduled digest go out at most once per chat and local date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from service.html import bold, esc
from storage import queries
from storage.db import reading, transaction
from storage.models import ChatSettings, utcnow

GROUP_KINDS = frozenset({"group", "supergroup"})
CONSOLE = "console"  # the terminal console: no scheduled digests there
_HHMM = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")
LAST_ALIVE = "last_alive"
STAGGER_SECONDS = 60
_LONG_AGO = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class ChatRef:
    """The chat a command came from."""

    chat_id: int
    kind: str  # private, group, supergroup, channel, console
    title: str | None = None

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_KINDS


@dataclass(frozen=True)
class ChatSchedule:
    """A chat's digest schedule as the transport sees it (a copy of its settings row)."""

    chat_id: int
    kind: str
    title: str | None = None
    digest_time: str | None = None  # "HH:MM"; None: no daily digest
    timezone: str = "UTC"
    schedule_set_at: dt.datetime = _LONG_AGO

    @classmethod
    def of(cls, row: ChatSettings) -> ChatSchedule:
        return cls(
            row.chat_id, row.kind, row.title, row.digest_time, row.timezone, row.schedule_set_at
        )

    @property
    def ref(self) -> ChatRef:
        return ChatRef(self.chat_id, self.kind, self.title)

    @property
    def digest_at(self) -> dt.time | None:
        return digest_time_of(self)

    def due_date(self, now: dt.datetime) -> dt.date | None:
        return due_date(self, now)


@dataclass(frozen=True)
class Defaults:
    digest_time: dt.time
    timezone: str


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone `name` in any case ("europe/kyiv" is Europe/Kyiv), or None for anything
    else ("Europe", "../x")."""
    key = _zone_keys().get(name.strip().lower())
    return ZoneInfo(key) if key else None


@lru_cache(maxsize=1)
def _zone_keys() -> dict[str, str]:
    return {key.lower(): key for key in available_timezones()}


def digest_time_of(chat: ChatSettings | ChatSchedule) -> dt.time | None:
    """When the chat's digest goes out: its HH:MM plus a few seconds fixed per chat, so the
    many chats left at the default minute are sent spread over it, not in one burst that
    runs into Telegram's flood limits."""
    if not chat.digest_time:
        return None
    hours, minutes = chat.digest_time.split(":")
    second = chat.chat_id % STAGGER_SECONDS
    return dt.time(int(hours), int(minutes), second, tzinfo=ZoneInfo(chat.timezone))


def known_chat(engine: Engine, ref: ChatRef, defaults: Defaults) -> tuple[ChatSettings, bool]:
    """The chat's settings, creating them on first sight: a group gets the default digest, a
    private chat none until it asks. Returns (settings, created)."""
    chat = settings_of(engine, ref.chat_id)
    if chat is not None:
        return chat, False
    chat = ChatSettings(
        chat_id=ref.chat_id,
        kind=ref.kind,
        title=ref.title,
        digest_time=defaults.digest_time.strftime("%H:%M") if ref.is_group else None,
        timezone=defaults.timezone,
    )
    try:
        with transaction(engine) as session:
            queries.add_chat_settings(session, chat)
    except IntegrityError:  # seen by two updates at once
        found = settings_of(engine, ref.chat_id)
        assert found is not None
        return found, False
    return chat, True


def schedule_reply(
    engine: Engine, ref: ChatRef, args: list[str], defaults: Defaults
) -> tuple[list[str], ChatSettings | None]:
    """Show, set or stop the chat's digest. Returns the reply and the settings when they
    changed (so the caller can reschedule its job)."""
    if ref.kind == CONSOLE:
        return ["Scheduled digests go to Telegram chats; here, /digest shows it now."], None
    chat, _ = known_chat(engine, ref, defaults)
    if not args:
        return [describe(chat)], None
    if len(args) == 1 and args[0].lower() in {"off", "stop", "none"}:
        if chat.digest_time is None:
            return ["No daily digest was scheduled here."], None
        chat = _update(engine, ref.chat_id, None, chat.timezone)
        return ["Daily digest off. <code>/schedule 08:00</code> turns it back on."], chat
    if len(args) > 2 or not (m := _HHMM.match(args[0])):
        return [_usage()], None
    zone = zone_named(args[1]) if len(args) == 2 else ZoneInfo(chat.timezone)
    if zone is None:
        return [f"Unknown time zone {bold(args[1])}. Use Area/City, e.g. Europe/Kyiv."], None
    hhmm = f"{int(m.group(1)):02d}:{m.group(2)}"
    chat = _update(engine, ref.chat_id, hhmm, zone.key)
    return [describe(chat)], chat


def _usage() -> str:
    return (
        "Usage: <code>/schedule HH:MM [Area/City]</code>, e.g. "
        "<code>/schedule 07:30 Europe/Kyiv</code>; <code>/schedule off</code>; "
        "<code>/schedule</code> to see it."
    )


def describe(chat: ChatSettings | ChatSchedule) -> str:
    if chat.digest_time is None:
        return "No daily digest here. <code>/schedule 08:00 Europe/Kyiv</code> sets one."
    return f"Daily digest at {bold(chat.digest_time)} ({esc(chat.timezone)})."


def migrate_chat(engine: Engine, old_id: int, new_id: int) -> ChatSettings | None:
    """A group upgraded to a supergroup: its settings and digest record move to the new id.
    Returns the settings under the new id (None if the group had none)."""
    with transaction(engine) as session:
        queries.record_chat_migration(session, old_id, new_id)
        return queries.move_chat(session, old_id, new_id)


def chat_migrations(engine: Engine) -> list[tuple[int, int]]:
    """(old id, new id) of every group that became a supergroup, oldest first."""
    with reading(engine) as session:
        return queries.chat_migrations(session)


def stop_digest(engine: Engine, chat_id: int) -> ChatSettings | None:
    """Turn a chat's digest off (the bot was removed or blocked there)."""
    chat = settings_of(engine, chat_id)
    if chat is None or chat.digest_time is None:
        return chat
    return _update(engine, chat_id, None, chat.timezone)


def _update(engine: Engine, chat_id: int, hhmm: str | None, zone: str) -> ChatSettings:
    with transaction(engine) as session:
        return queries.set_digest_time(session, chat_id, hhmm, zone, utcnow())


def settings_of(engine: Engine, chat_id: int) -> ChatSettings | None:
    with reading(engine) as session:
        return queries.chat_settings(session, chat_id)


def scheduled(engine: Engine) -> list[ChatSettings]:
    with reading(engine) as session:
        return [c for c in queries.scheduled_chats(session) if c.kind != CONSOLE]


def last_due(chat: ChatSettings | ChatSchedule, now: dt.datetime) -> dt.datetime | None:
    """The latest moment at or before `now` (aware) when the chat's digest was due."""
    at = digest_time_of(chat)
    if at is None:
        return None
    zone = ZoneInfo(chat.timezone)
    today = now.astimezone(zone).date()
    for day in (today, today - dt.timedelta(days=1)):
        due = dt.datetime.combine(day, at.replace(tzinfo=None), tzinfo=zone)
        if due <= now:
            return due
    return None


def missed_digest(
    chat: ChatSettings | ChatSchedule, last_alive: dt.datetime | None, now: dt.datetime
) -> dt.date | None:
    """The local date of a digest that fell due while the bot was down, if any: due after the
    bot's last sign of life and after the chat's schedule was set, and not yet sent."""
    due = last_due(chat, now)
    if due is None or last_alive is None:
        return None
    if due <= max(last_alive, chat.schedule_set_at):
        return None
    return due.astimezone(ZoneInfo(chat.timezone)).date()


def due_date(chat: ChatSettings | ChatSchedule, now: dt.datetime) -> dt.date | None:
    """The local date of the digest due last at `now`: a job that runs late after midnight
    still sends the day before's digest, not the next day's."""
    due = last_due(chat, now)
    return due.astimezone(ZoneInfo(chat.timezone)).date() if due else None


def missed_digests(engine: Engine, now: dt.datetime) -> list[tuple[ChatSettings, dt.date]]:
    """At start-up: each scheduled chat whose digest fell due while the bot was down."""
    last = last_alive(engine)
    missed = []
    for chat in scheduled(engine):
        day = missed_digest(chat, last, now)
        if day is not None:
            missed.append((chat, day))
    return missed


def claim_digest(engine: Engine, chat_id: int, local_date: dt.date) -> bool:
    """Record that the chat's digest for `local_date` goes out; False if it already did."""
    try:
        with transaction(engine) as session:
            if queries.digest_was_sent(session, chat_id, local_date):
                return False
            queries.record_digest(session, chat_id, local_date)
    except IntegrityError:
        return False
    return True


def last_alive(engine: Engine) -> dt.datetime | None:
    with reading(engine) as session:
        value = queries.state_value(session, LAST_ALIVE)
    return dt.datetime.fromisoformat(value) if value else None


def mark_alive(engine: Engine, now: dt.datetime) -> None:
    with transaction(engine) as session:
        queries.set_state_value(session, LAST_ALIVE, now.astimezone(dt.UTC).isoformat())
