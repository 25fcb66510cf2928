"""A database that is away (locked) is told apart from a bug (a missing table)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from storage.db import make_engine
from storage.errors import unavailable


def _error_of(engine, statement: str) -> OperationalError:
    with pytest.raises(OperationalError) as caught, engine.begin() as connection:
        connection.execute(text(statement))
    return caught.value


def test_locked_is_unavailable_but_a_missing_table_is_a_bug(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    engine = make_engine(f"sqlite:///{path}?timeout=0.1")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        assert unavailable(_error_of(engine, "INSERT INTO t VALUES (1)"))
    finally:
        locker.rollback()
        locker.close()
    assert not unavailable(_error_of(engine, "SELECT * FROM no_such_table"))
    assert not unavailable(ValueError("a bug"))
    assert not unavailable(None)
