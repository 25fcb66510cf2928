"""Engines and sessions: one engine per database URL, SQLite tuned for a bot's concurrency."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine

from storage.errors import StoreUnavailable, unavailable

# How long a write waits for another writer before "database is locked" (seconds); a URL's
# `?timeout=` overrides it.
_SQLITE_BUSY_SECONDS = 10.0


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file's folder is created, and SQLite runs in WAL mode with
    a busy timeout (the driver's `timeout`) and foreign keys on, so readers never block the
    writer; PostgreSQL talks UTF-8."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        # UTF-8 whatever the database's encoding (and whatever the URL's client_encoding): on
        # a SQL_ASCII database (initdb without a locale) the driver would otherwise hand back
        # bytes, and the bot fail at start-up.
        return create_engine(url, pool_pre_ping=True, connect_args={"client_encoding": "utf8"})
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    timeout = float(parsed.query.get("timeout", _SQLITE_BUSY_SECONDS))
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": timeout})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed together at the end, or not at all. Raises
    StoreUnavailable when the database is away."""
    with (
        _away_is_unavailable(),
        Session(engine, expire_on_commit=False) as session,
        session.begin(),
    ):
        yield session


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for queries. Raises StoreUnavailable when the database is away."""
    with _away_is_unavailable(), Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def _away_is_unavailable() -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as error:
        if unavailable(error):
            raise StoreUnavailable(str(error).splitlines()[0]) from error
        raise
