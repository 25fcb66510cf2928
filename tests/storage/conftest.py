"""Storage tests run on each database (see testkit/databases.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from testkit.databases import BACKENDS, fresh_engine


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh store on each database: these tests run on SQLite and on PostgreSQL."""
    yield from fresh_engine(request.param, tmp_path)
