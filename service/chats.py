"""The chats the bot serves, as the transport meets them: a chat seen, left or become a
supergroup, its digest schedule, and the record that a scheduled digest goes out once.

Every change to a chat's schedule is told to `on_change` (the transport moves the chat's
digest job there), so no caller has to remember to."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy.engine import Engine

from service import schedule
from service.schedule import ChatRef, ChatSchedule, Defaults

log = logging.getLogger(__name__)


class Chats:
    def __init__(self, engine: Engine, defaults: Defaults) -> None:
        self._engine = engine
        self.defaults = defaults
        self.on_change: Callable[[ChatSchedule], None] | None = None

    def _told(self, chat: ChatSchedule | None) -> None:
        if chat is not None and self.on_change is not None:
            self.on_change(chat)

    def seen(self, ref: ChatRef) -> None:
        """Remember a chat the bot serves: a group seen for the first time gets the default
        daily digest."""
        settings, created = schedule.known_chat(self._engine, ref, self.defaults)
        if created:
            self._told(ChatSchedule.of(settings))

    def left(self, chat_id: int) -> None:
        """The bot was removed or blocked there: its digest is off."""
        stopped = schedule.stop_digest(self._engine, chat_id)
        self._told(ChatSchedule.of(stopped) if stopped is not None else None)

    def migrated(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup (a new id): its schedule and settings follow it."""
        moved = schedule.migrate_chat(self._engine, old_id, new_id)
        log.info("chat %s is now supergroup %s", old_id, new_id)
        if moved is not None:
            self._told(ChatSchedule(chat_id=old_id, kind="group"))  # drops the old id's job
            self._told(ChatSchedule.of(moved))

    def migrations(self) -> list[tuple[int, int]]:
        """(old id, new id) of every group that became a supergroup, oldest first."""
        return schedule.chat_migrations(self._engine)

    def schedule_reply(self, ref: ChatRef, args: list[str]) -> list[str]:
        """/schedule: show, set or stop the chat's digest."""
        reply, changed = schedule.schedule_reply(self._engine, ref, args, self.defaults)
        self._told(ChatSchedule.of(changed) if changed is not None else None)
        return reply

    def schedule_of(self, chat_id: int) -> ChatSchedule | None:
        settings = schedule.settings_of(self._engine, chat_id)
        return ChatSchedule.of(settings) if settings is not None else None

    def scheduled(self) -> list[ChatSchedule]:
        """Every chat with a daily digest."""
        return [ChatSchedule.of(c) for c in schedule.scheduled(self._engine)]

    def missed_digests(self, now: dt.datetime) -> list[tuple[ChatSchedule, dt.date]]:
        """At start-up: each scheduled chat whose digest fell due while the bot was down."""
        return [(ChatSchedule.of(c), d) for c, d in schedule.missed_digests(self._engine, now)]

    def claim_digest(self, chat_id: int, local_date: dt.date) -> bool:
        """Record that the chat's digest for `local_date` goes out; False if it already did."""
        return schedule.claim_digest(self._engine, chat_id, local_date)

    def mark_alive(self, now: dt.datetime) -> None:
        """The bot is running: a restart sends only the digests due after this."""
        schedule.mark_alive(self._engine, now)
