"""Tier 2: the real Application built by the wiring, fed real `Update.de_json` payloads through
`process_update`, with a request layer that answers like the Bot API and records every call."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from sqlmodel import Session, func, select
from telegram import Update
from telegram.ext import Application

from bot.app import build_application, build_newsroom
from bot.settings import Settings
from extract.engine import Extractor
from service.newsroom import Newsroom
from service.schedule import mark_alive
from storage.db import transaction
from storage.models import ArticleRow, ChatSettings
from testkit.recording import RecordingRequest
from testkit.telegram_server import FakeTelegram

GROUP = -1001500
REPORTER = 42
EDITOR = 43
POSTED = int(dt.datetime(2025, 4, 24, 9, 30, tzinfo=dt.UTC).timestamp())


def missed_digests(newsroom: Newsroom, chats: dict[int, str]) -> None:
    """Chats (id -> kind) signed up a month ago for a digest due a minute ago, and a bot that
    was last alive a day ago: at its start it sends the digests it missed."""
    now = dt.datetime.now(dt.UTC)
    due = (now - dt.timedelta(minutes=1)).strftime("%H:%M")
    with transaction(newsroom.engine) as session:
        for chat_id, kind in chats.items():
            session.add(
                ChatSettings(
                    chat_id=chat_id,
                    kind=kind,
                    digest_time=due,
                    timezone="UTC",
                    schedule_set_at=now - dt.timedelta(days=30),
                )
            )
    mark_alive(newsroom.engine, now - dt.timedelta(days=1, hours=1))


def article_count(newsroom: Newsroom) -> int:
    with Session(newsroom.engine) as session:
        return session.exec(select(func.count()).select_from(ArticleRow)).one()


async def asyncio_yield() -> None:
    """Let callbacks scheduled from worker threads (job changes) run."""
    for _ in range(3):
        await asyncio.sleep(0)


class BotHarness:
    """A running Application and the fake Telegram behind it."""

    def __init__(self, app: Application, fake: FakeTelegram) -> None:
        self.app = app
        self.fake = fake

    async def send(self, message: dict) -> None:
        """Deliver a message update built by the fake's payload builders."""
        update_id = self.fake.push_message(message)
        payload = {"update_id": update_id, "message": message}
        await self.app.process_update(Update.de_json(payload, self.app.bot))

    async def deliver(self, payload: dict) -> None:
        """Deliver a whole update payload, e.g. the same update twice."""
        await self.app.process_update(Update.de_json(payload, self.app.bot))

    def replies(self, chat_id: int) -> list[str]:
        return [m["text"] for m in self.fake.sent_messages(chat_id)]


Scenario = Callable[[BotHarness], Awaitable[None]]


@pytest.fixture
def run_bot(newsroom: Newsroom, extractor: Extractor) -> Iterator[Callable[..., None]]:
    """run_bot(scenario, **settings): the wiring builds the Application over the test store
    (the `newsroom` fixture's database) with these settings; it starts as in production,
    runs the scenario, and stops."""

    def run(
        scenario: Scenario, prepare: Callable[[FakeTelegram], None] | None = None, **overrides: Any
    ) -> None:
        fake = FakeTelegram()
        if prepare is not None:
            prepare(fake)  # before start-up, e.g. make a call fail
        settings = Settings(
            _env_file=None,
            telegram_bot_token=fake.token,
            **{"database_url": str(newsroom.engine.url), **overrides},
        )
        bot_newsroom = build_newsroom(settings, extractor)
        app = build_application(settings, bot_newsroom, request=RecordingRequest(fake))

        async def main() -> None:
            async with app:
                await app.start()
                assert app.post_init is not None
                await app.post_init(app)
                try:
                    await scenario(BotHarness(app, fake))
                finally:
                    await app.stop()
                    assert app.post_shutdown is not None
                    await app.post_shutdown(app)

        asyncio.run(main())

    yield run
