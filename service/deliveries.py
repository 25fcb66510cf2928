"""Telegram delivers updates at least once, and polling confirms a batch as soon as the next
one is asked for, before its updates are handled. So each update is written down as it
arrives and marked when handled: one cut off by a crash is handled at the next start, and one
delivered again is not handled twice."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from storage import queries
from storage.db import reading, transaction
from storage.errors import StoreUnavailable

log = logging.getLogger(__name__)

# Telegram keeps undelivered updates for 24 hours; remember received ones a little longer.
KEEP = dt.timedelta(hours=48)
# An update whose handling has begun this often without ending (the bot crashed each time, and
# the inbox brought it back at the next start) is given up rather than tried for ever.
MAX_ATTEMPTS = 3
GIVEN_UP = (
    "I tried to handle that message {attempts} times and it failed each time, so I have given "
    "up on it. Nothing was stored. If it was a story, try sending it as a shorter text or a "
    "link."
)


def receive(engine: Engine, update_id: int, payload: str) -> bool:
    """Write the update down; False when it was received before (a delivery again)."""
    try:
        with transaction(engine) as session:
            if queries.update_was_received(session, update_id):
                return False
            queries.record_received_update(session, update_id, payload)
    except IntegrityError:
        return False  # written at the same moment by another worker
    return True


def unhandled(engine: Engine) -> list[tuple[int, str]]:
    """(update id, payload) of the updates received but not handled to the end, in order."""
    with reading(engine) as session:
        return [
            (row.update_id, row.payload)
            for row in queries.unhandled_updates(session)
            if row.payload is not None
        ]


def was_handled(engine: Engine, update_id: int) -> bool:
    with reading(engine) as session:
        return queries.update_was_handled(session, update_id)


def begin_attempt(engine: Engine, update_id: int) -> int | None:
    """Count one more attempt at handling the update: how many there have been, this one
    included; None when it was handled already (a delivery again)."""
    with transaction(engine) as session:
        if queries.update_was_handled(session, update_id):
            return None
        return queries.begin_update_attempt(session, update_id)


def mark_handled(engine: Engine, update_id: int) -> None:
    try:
        with transaction(engine) as session:
            queries.record_handled_update(session, update_id, dt.datetime.now(dt.UTC))
    except IntegrityError:
        pass  # recorded at the same moment by another worker


def forget_old(engine: Engine, now: dt.datetime) -> None:
    with transaction(engine) as session:
        queries.forget_received_updates(session, now - KEEP)


class Deliveries:
    """The record of the updates Telegram delivered, over one store. Writing it down is a
    safety net, not the work: where the store fails, `receive` and `mark_handled` log it and
    the update is handled all the same (a second delivery of it stores nothing twice)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def receive(self, update_id: int, payload: str) -> bool:
        """Write the update down; False when it was received before (a delivery again)."""
        try:
            return receive(self._engine, update_id, payload)
        except (StoreUnavailable, SQLAlchemyError) as error:
            log.warning("could not record update %s: %s", update_id, error)
            return True

    def begin_attempt(self, update_id: int) -> int | None:
        return begin_attempt(self._engine, update_id)

    def mark_handled(self, update_id: int) -> None:
        try:
            mark_handled(self._engine, update_id)
        except (StoreUnavailable, SQLAlchemyError) as error:
            log.warning("could not mark update %s handled: %s", update_id, error)

    def unhandled(self) -> list[tuple[int, str]]:
        return unhandled(self._engine)

    def forget_old(self, now: dt.datetime) -> None:
        forget_old(self._engine, now)
