"""Shared fixtures: the real spaCy pipeline and gazetteer, loaded once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from extract.engine import Extractor
from extract.facts import Article, Facts
from extract.gazetteer import default_gazetteer
from service.ingest import Ingestor
from service.newsroom import Newsroom
from service.schedule import Defaults
from storage.db import make_engine
from storage.migrate import upgrade

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def seed_facts(extractor: Extractor) -> Facts:
    return extractor.extract(Article(seed_text(), None, date(2025, 4, 24)))


@pytest.fixture
def facts_of(extractor: Extractor):
    """Facts of a short fixture text, published on a given ISO date (default 2025-04-24)."""

    def run(text: str, published: str | None = "2025-04-24", title: str | None = None) -> Facts:
        when = date.fromisoformat(published) if published else None
        return extractor.extract(Article(text, title, when))

    return run


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh SQLite store in a file, as the bot uses by default."""
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'newsroom.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def newsroom(engine: Engine, extractor: Extractor) -> Newsroom:
    """The newsroom service over a fresh store: digests at 08:00 UTC by default."""
    ingestor = Ingestor(engine, extractor, ZoneInfo("UTC"))
    return Newsroom(engine, ingestor, default_gazetteer(), Defaults(time(8, 0), "UTC"))


def seed_text() -> str:
    return (SEEDS / "kyiv-strike-2025-04-24.txt").read_text(encoding="utf-8")
