"""Shared fixtures: the real spaCy pipeline and gazetteer, loaded once per test session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extract.engine import Extractor
from extract.facts import Article, Facts

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def seed_facts(extractor: Extractor) -> Facts:
    text = (SEEDS / "kyiv-strike-2025-04-24.txt").read_text(encoding="utf-8")
    return extractor.extract(Article(text, None, date(2025, 4, 24)))


@pytest.fixture
def facts_of(extractor: Extractor):
    """Facts of a short fixture text, published on a given ISO date (default 2025-04-24)."""

    def run(text: str, published: str | None = "2025-04-24", title: str | None = None) -> Facts:
        when = date.fromisoformat(published) if published else None
        return extractor.extract(Article(text, title, when))

    return run
