"""Stores with stories already forwarded, shared by the tests of one module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, select

from extract.engine import Extractor
from extract.gazetteer import default_gazetteer
from service.html import plain_text
from service.ingest import Ingestor, Receipt, Story
from service.newsroom import Newsroom
from service.schedule import ChatRef, Defaults
from storage.db import make_engine, reading, transaction
from storage.migrate import upgrade
from storage.models import ArticleRow
from testkit.databases import BACKENDS, database_url, fresh_engine

GROUP = ChatRef(-1001234, "supergroup", "Kyiv desk")
PRIVATE = ChatRef(4242, "private")
ADMIN = 777  # on ADMIN_USER_IDS: may delete any story


@dataclass
class Store:
    """A newsroom over its own SQLite file, with what each forwarded story's receipt said."""

    engine: Engine
    newsroom: Newsroom
    receipts: dict[str, Receipt] = field(default_factory=dict)
    replies: dict[str, list[str]] = field(default_factory=dict)

    def forward(self, name: str, submission: Story) -> Receipt:
        receipt, messages = self.newsroom.ingest(submission)
        self.receipts[name] = receipt
        self.replies[name] = messages
        return receipt

    def html(self, command: str, *args: str, chat: ChatRef = GROUP, user: int | None = None) -> str:
        """The reply to `/command args` from `user`, its messages joined."""
        return "\n\n".join(self.newsroom.answer(command, list(args), chat, user))

    def ask(self, command: str, *args: str, chat: ChatRef = GROUP, user: int | None = None) -> str:
        """The reply as the journalist reads it."""
        return plain_text(self.html(command, *args, chat=chat, user=user))

    def count(self, table: type[SQLModel]) -> int:
        with reading(self.engine) as session:
            return session.exec(select(func.count()).select_from(table)).one()

    def received(self, article_id: int, at: dt.datetime) -> None:
        """Pretend the article reached the bot at `at`."""
        with transaction(self.engine) as session:
            article = session.get(ArticleRow, article_id)
            assert article is not None
            article.received_at = at
            session.add(article)


def new_store(engine: Engine, extractor: Extractor, zone: str = "UTC") -> Store:
    ingestor = Ingestor(engine, extractor, ZoneInfo(zone))
    defaults = Defaults(dt.time(8, 0), zone)
    newsroom = Newsroom(engine, ingestor, default_gazetteer(), defaults, admins=frozenset({ADMIN}))
    return Store(engine, newsroom)


@pytest.fixture(scope="session", params=BACKENDS)
def make_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, extractor: Extractor
) -> Iterator[Callable[..., Store]]:
    """`make_store(name=submission, ...)`: a fresh store (on each database) with those stories
    forwarded in order. For module-scoped fixtures, so a module forwards its stories once."""
    with ExitStack() as cleanup:

        def build(**stories: Story) -> Store:
            folder = tmp_path_factory.mktemp("store")
            url = cleanup.enter_context(database_url(request.param, folder))
            engine = make_engine(url)
            cleanup.callback(engine.dispose)  # (before its schema is dropped: last in, first out)
            upgrade(engine)
            store = new_store(engine, extractor)
            for name, submission in stories.items():
                store.forward(name, submission)
            return store

        yield build


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh store on each database: these tests run on SQLite and on PostgreSQL."""
    yield from fresh_engine(request.param, tmp_path)


@pytest.fixture
def store(engine: Engine, extractor: Extractor) -> Store:
    """An empty store for one test (stories forwarded by the test itself)."""
    return new_store(engine, extractor)
