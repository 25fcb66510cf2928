"""The stores the benchmarks run on, through the project's own helpers: a SQLite file or a
PostgreSQL schema of its own, dropped afterwards (testkit/databases.py), and the service over a
store as the bot wires it (bot.app.build_newsroom)."""

from __future__ import annotations

from bot.app import build_newsroom
from bot.settings import Settings
from extract.engine import Extractor
from service.newsroom import Newsroom
from testkit.databases import database_url, postgres_problem

__all__ = ["database_url", "newsroom_on", "postgres_problem"]


def newsroom_on(url: str, extractor: Extractor) -> Newsroom:
    """The service over the store at `url`, sharing the already loaded extractor."""
    return build_newsroom(Settings(_env_file=None, database_url=url), extractor)  # type: ignore[call-arg]
