"""The scheduled digest through real restarts: exactly one per chat and day, and the one a
restart skipped over is sent at start-up. Real clock time: this test waits for the minute."""

from __future__ import annotations

import datetime as dt
import time

from service.schedule import STAGGER_SECONDS
from testkit.telegram_server import FakeTelegram
from tests.conftest import seed_text
from tests.e2e.conftest import EDITOR, GROUP, REPORTER

DIGEST = "<b>Digest,"


def _digests(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [m["text"] for m in fake.sent_messages(chat_id) if m["text"].startswith(DIGEST)]


def _next_minute(margin: int = 15) -> dt.datetime:
    """The next whole minute at least `margin` seconds away (UTC)."""
    now = dt.datetime.now(dt.UTC)
    due = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    return due if (due - now).total_seconds() >= margin else due + dt.timedelta(minutes=1)


def _sent_at(due: dt.datetime, chat_id: int) -> dt.datetime:
    """When a chat's digest set for the minute `due` goes out: a few seconds into it."""
    return due + dt.timedelta(seconds=chat_id % STAGGER_SECONDS)


def _wait_until(moment: dt.datetime) -> None:
    time.sleep(max(0.0, (moment - dt.datetime.now(dt.UTC)).total_seconds()))


def _command(fake: FakeTelegram, chat: dict, sender: dict, text: str) -> str:
    before = len(fake.sent_messages(chat["id"]))
    fake.push_message(fake.text_message(chat, sender, text))
    return fake.wait_for_messages(chat["id"], before + 1)[-1]["text"]


def test_digest_once_a_day_across_restarts(fake: FakeTelegram, bot_process) -> None:
    far = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=6)).strftime("%H:%M")
    bot = bot_process(DEFAULT_DIGEST_TIME=far, DEFAULT_TIMEZONE="UTC")
    bot.start()
    group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
    fake.set_admins(GROUP, {EDITOR})
    reporter_chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
    fake.push_message(
        fake.channel_forward(reporter_chat, reporter, seed_text(), -1009001, "Reuters", 5, 0)
    )
    fake.wait_for_messages(REPORTER, 1)

    # The group's digest a minute ahead: exactly one, with today's story in it.
    due = _next_minute()
    reply = _command(fake, group, editor, f"/schedule {due:%H:%M} UTC")
    assert f"{due:%H:%M}" in reply
    wait = (_sent_at(due, GROUP) - dt.datetime.now(dt.UTC)).seconds + 60
    fake.wait_for_messages(GROUP, 2, timeout=wait)
    time.sleep(3)
    digests = _digests(fake, GROUP)
    assert len(digests) == 1
    assert "Kyiv" in digests[0] and "Reuters 1" in digests[0]

    # A restart the same day sends no second one.
    bot.stop()
    bot.start()
    time.sleep(3)
    assert len(_digests(fake, GROUP)) == 1

    # The reporter's own digest falls due while the bot is down: sent at start-up.
    due = _next_minute()
    _command(fake, reporter_chat, reporter, f"/schedule {due:%H:%M}")
    bot.stop()
    _wait_until(_sent_at(due, REPORTER) + dt.timedelta(seconds=2))
    assert _digests(fake, REPORTER) == []
    bot.start()
    fake.wait_for_messages(REPORTER, 3, timeout=30)
    assert len(_digests(fake, REPORTER)) == 1
    time.sleep(2)
    assert len(_digests(fake, GROUP)) == 1
