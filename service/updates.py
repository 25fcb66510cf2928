"""Telegram delivers updates at least once: remember which were handled, so that one
delivered again (after a crash or a network retry) is not handled twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from storage import queries
from storage.db import reading, transaction

# Telegram keeps undelivered updates for 24 hours; remember handled ones a little longer.
KEEP = dt.timedelta(hours=48)


def was_handled(engine: Engine, update_id: int) -> bool:
    with reading(engine) as session:
        return queries.update_was_handled(session, update_id)


def mark_handled(engine: Engine, update_id: int) -> None:
    try:
        with transaction(engine) as session:
            queries.record_handled_update(session, update_id)
    except IntegrityError:
        pass  # recorded at the same moment by another worker


def forget_old(engine: Engine, now: dt.datetime) -> None:
    with transaction(engine) as session:
        queries.forget_handled_updates(session, now - KEEP)
