"""The database locked by another writer: a clear "try again", nothing half-stored, and the
bot serves normally once the lock is gone."""

from __future__ import annotations

import sqlite3

from service.html import plain_text
from service.newsroom import Newsroom
from tests.conftest import seed_text
from tests.handlers.conftest import GROUP, REPORTER, BotHarness, article_count


def test_a_locked_database_gets_try_again_then_recovers(run_bot, newsroom: Newsroom) -> None:
    path = newsroom.engine.url.database
    assert path is not None

    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        group = fake.group_chat(GROUP)
        await bot.send(fake.text_message(group, reporter, "/sources"))  # the group is known
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")  # another process writing, and not letting go
        try:
            await bot.send(fake.text_message(chat, reporter, seed_text()))
            busy = bot.replies(REPORTER)
            assert len(busy) == 1 and "try again in a minute" in busy[0]
            # Reading still works meanwhile (WAL): the group gets its answer, and only that.
            await bot.send(fake.text_message(group, reporter, "/sources"))
            assert len(bot.replies(GROUP)) == 2
            assert plain_text(bot.replies(GROUP)[-1]).startswith("No articles yet.")
        finally:
            locker.rollback()
            locker.close()
        await bot.send(fake.text_message(chat, reporter, seed_text()))
        assert "Stored as #1" in plain_text(bot.replies(REPORTER)[-1])

    run_bot(scenario, database_url=f"sqlite:///{path}?timeout=0.3")
    assert article_count(newsroom) == 1
