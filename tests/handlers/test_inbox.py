"""Updates recorded as they arrive: one a crash cut off is handled at the next start, one
Telegram delivers again is handled once."""

from __future__ import annotations

import asyncio
import json

from telegram import Update

from service import deliveries
from service.html import plain_text
from service.newsroom import Newsroom
from testkit.telegram_server import FakeTelegram
from tests.conftest import seed_text
from tests.handlers.conftest import REPORTER, BotHarness, article_count


async def _until(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


def _paste(fake: FakeTelegram, update_id: int, text: str) -> dict:
    message = fake.text_message(fake.private_chat(REPORTER), fake.user(REPORTER), text)
    return {"update_id": update_id, "message": {**message, "message_id": update_id, "date": 0}}


def test_an_update_cut_off_by_a_crash_is_handled_at_start(run_bot, newsroom: Newsroom) -> None:
    fake_for_payload = FakeTelegram()
    payload = _paste(fake_for_payload, 7001, seed_text())
    # Received (and so confirmed to Telegram) just before the process died.
    assert deliveries.receive(newsroom.engine, 7001, json.dumps(payload))

    async def scenario(bot: BotHarness) -> None:
        await _until(lambda: bot.replies(REPORTER))
        assert "Stored as #1" in plain_text(bot.replies(REPORTER)[0])

    run_bot(scenario)
    assert article_count(newsroom) == 1
    assert deliveries.unhandled(newsroom.engine) == []
    assert deliveries.was_handled(newsroom.engine, 7001)


def test_an_update_delivered_twice_is_handled_once(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        payload = _paste(bot.fake, 7002, seed_text())
        for _ in range(2):  # as polling would put it, twice
            await bot.app.update_queue.put(Update.de_json(payload, bot.app.bot))
        await _until(lambda: bot.replies(REPORTER))
        await asyncio.sleep(0.5)
        assert len(bot.replies(REPORTER)) == 1

    run_bot(scenario)
    assert article_count(newsroom) == 1
