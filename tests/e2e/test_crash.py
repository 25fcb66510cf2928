"""`kill -9` in the middle of a burst of forwards: after a restart every story is stored
once, whole, and has its receipt; none is lost though Telegram had confirmed them all."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from service.html import plain_text
from testkit.telegram_server import FakeTelegram
from tests.conftest import seed_text
from tests.e2e.conftest import REPORTER

BURST = 12


def _stored(db: Path) -> list[tuple[int, int]]:
    """(article id, its casualty records) for every stored article."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT a.id, (SELECT count(*) FROM casualty c WHERE c.article_id = a.id) "
            "FROM article a ORDER BY a.id"
        ).fetchall()


def test_kill_9_mid_burst_loses_nothing_and_stores_nothing_twice(
    fake: FakeTelegram, bot_process, tmp_path: Path
) -> None:
    bot = bot_process()
    bot.start()
    chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
    for n in range(BURST):
        story = f"{seed_text()}\nCorrection {n}: an earlier version misspelt a name."
        fake.push_message(fake.channel_forward(chat, reporter, story, -1009001, "Reuters", n, 0))
    fake.wait_for_messages(REPORTER, 1, timeout=120)  # the burst is being ingested
    bot.kill()
    db = tmp_path / "data" / "newsroom.db"
    assert len(_stored(db)) < BURST, "the kill came after the burst"
    # Polling had confirmed the whole batch: Telegram will not deliver it again.
    assert fake.pending_updates() == 0

    bot.start()
    deadline = time.monotonic() + 180
    while len(_stored(db)) < BURST and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)  # anything stored twice would show by now
    stored = _stored(db)
    assert len(stored) == BURST
    assert all(casualties >= 1 for _, casualties in stored), "an article stored without facts"
    receipts = [plain_text(m["text"]) for m in fake.wait_for_messages(REPORTER, BURST)]
    numbers = {text.split()[2] for text in receipts if text.startswith("Stored as")}
    assert numbers == {f"#{n}" for n in range(1, BURST + 1)}
    bot.stop()
    assert "cut off before the last stop" in bot.log.read_text()
