"""The store's own failure: the database away (locked, down, unreachable) rather than a bug.
It passes by itself, so the user is told to try again; the driver-specific codes that say so
stay here."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# SQLite result codes for a file that is locked, unreachable or out of room; "no such table"
# and other schema errors share its OperationalError class but are bugs.
_SQLITE_AWAY = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_READONLY,
}


class StoreUnavailable(Exception):
    """The database cannot be used just now; the driver's error is its `__cause__`."""


def unavailable(error: BaseException | None) -> bool:
    """Whether `error` (a SQLAlchemy error) says the database cannot be used just now."""
    if isinstance(error, PoolTimeout | DisconnectionError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    original = error.orig
    if isinstance(original, sqlite3.Error):
        return getattr(original, "sqlite_errorcode", None) in _SQLITE_AWAY
    # Other drivers (psycopg): an OperationalError is the server or the link, not the SQL.
    return isinstance(error, OperationalError)
