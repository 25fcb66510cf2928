"""The databases the storage and service tests (and the benchmarks) run on: a SQLite file, and
PostgreSQL where a server answers (`TEST_DATABASE_URL`), each test in a schema of its own so that
runs never see each other's rows."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from storage.db import make_engine
from storage.migrate import upgrade

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


def postgres_base_url() -> URL:
    return make_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES))


@functools.cache
def postgres_problem() -> str | None:
    """Why there is no PostgreSQL to test on, or None when there is."""
    url = postgres_base_url()
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return None
    except SQLAlchemyError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        return f"no PostgreSQL at {url.render_as_string()} ({reason}); set TEST_DATABASE_URL"
    finally:
        engine.dispose()


@contextmanager
def database_url(backend: str, folder: Path) -> Iterator[str]:
    """A URL for an empty database of `backend`: a SQLite file in `folder`, or a fresh
    PostgreSQL schema dropped afterwards (the test is skipped, with the reason, when no
    server answers). Dispose engines made on it before leaving the block."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'data' / 'newsroom.db'}"
        return
    problem = postgres_problem()
    if problem is not None:
        pytest.skip(problem)
    base = postgres_base_url()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def fresh_engine(backend: str, folder: Path) -> Iterator[Engine]:
    """An engine on a fresh store of `backend`, for a fixture to `yield from`."""
    with database_url(backend, folder) as url:
        engine = make_engine(url)
        upgrade(engine)
        yield engine
        engine.dispose()
