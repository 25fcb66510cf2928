"""Done-when, tried as a journalist would: the real bot process, a Bot API server on
127.0.0.1, a reporter forwarding stories and an editor asking in the newsroom group."""

from __future__ import annotations

import datetime as dt
import time

from service.html import plain_text
from testkit.telegram_server import FakeTelegram
from tests.conftest import seed_text
from tests.e2e.conftest import EDITOR, GROUP, REPORTER

POSTED = int(dt.datetime(2025, 4, 24, 9, 30, tzinfo=dt.UTC).timestamp())
FOLLOW_UP = (
    "KYIV (AP) — The death toll from Thursday's Russian missile strike on Kyiv rose to 16 on "
    "Friday, city officials said, as rescuers dug through the rubble of an apartment block in "
    "the Sviatoshynskyi district. Emergency crews worked through the night under floodlights, "
    "and volunteers handed out tea and blankets to residents who had lost their homes."
)
STRANGER = 666


def _ask(fake: FakeTelegram, chat: dict, sender: dict, text: str) -> str:
    before = len(fake.sent_messages(chat["id"]))
    fake.push_message(fake.text_message(chat, sender, text))
    return plain_text(fake.wait_for_messages(chat["id"], before + 1)[-1]["text"])


def _forward(fake: FakeTelegram, text: str, channel: tuple[int, str, int], posted: int) -> str:
    chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
    before = len(fake.sent_messages(REPORTER))
    fake.push_message(fake.channel_forward(chat, reporter, text, *channel, posted))
    return plain_text(fake.wait_for_messages(REPORTER, before + 1)[-1]["text"])


def test_forward_ask_correct_and_refuse(fake: FakeTelegram, bot_process) -> None:
    bot = bot_process(ALLOWED_CHAT_IDS=f"{GROUP},{REPORTER}", LOG_LEVEL="DEBUG")
    bot.start()
    group, editor = fake.group_chat(GROUP), fake.user(EDITOR)

    receipt = _forward(fake, seed_text(), (-1009001, "Reuters", 555), POSTED)
    assert "Stored as #1 (Reuters, 24 Apr 2025)" in receipt

    answer = _ask(fake, group, editor, f"/casualties@{fake.username} Kyiv")
    assert "at least 12 killed, 90 injured" in answer
    assert "Reuters 24 Apr 2025" in answer
    assert "“Vladimir, STOP!”" in _ask(fake, group, editor, "/quotes trump")
    assert "NATO Secretary-General" in _ask(fake, group, editor, "/who Rutte")

    # Forwarding it again changes nothing.
    again = _forward(fake, seed_text(), (-1009001, "Reuters", 555), POSTED)
    assert "Already stored as #1" in again

    # A later story: the toll rose to 16.
    _forward(fake, FOLLOW_UP, (-1009002, "AP", 81), POSTED + 86_400)
    answer = _ask(fake, group, editor, "/casualties kiev")
    assert "24 Apr 2025: 16 killed (12 → 16), 90 injured" in answer
    assert "Reuters 24 Apr 2025 (#1)" in answer and "AP 25 Apr 2025 (#2)" in answer
    sources = _ask(fake, group, editor, "/sources")
    assert "#2" in sources and "#3" not in sources

    # A chat outside the allow-list gets one refusal line and no facts.
    stranger_chat, stranger = fake.private_chat(STRANGER), fake.user(STRANGER)
    assert _ask(fake, stranger_chat, stranger, "/casualties Kyiv") == (
        "This bot works only for its newsroom."
    )
    time.sleep(1)
    assert len(fake.sent_messages(STRANGER)) == 1

    # Even at DEBUG the log names the refused chat but never the token.
    bot.stop()
    log = bot.log.read_text()
    assert f"from chat {STRANGER}" in log
    assert fake.token not in log and fake.token.split(":")[1] not in log


def test_commands_are_answered_during_a_burst_of_forwards(fake: FakeTelegram, bot_process) -> None:
    bot = bot_process()
    bot.start()
    chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
    burst = 12
    for n in range(burst):
        story = f"{seed_text()}\nCorrection {n}: an earlier version misspelt a name."
        fake.push_message(
            fake.channel_forward(chat, reporter, story, -1009001, "Reuters", n, POSTED)
        )
    group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
    fake.push_message(fake.text_message(group, editor, "/help"))
    fake.wait_for_messages(GROUP, 1)
    receipts_by_then = len(fake.sent_messages(REPORTER))
    fake.wait_for_messages(REPORTER, burst, timeout=120)
    assert receipts_by_then < burst // 2, "the command waited for the burst"
    assert sorted(m["text"].split()[2] for m in fake.sent_messages(REPORTER)) == sorted(
        f"#{n}" for n in range(1, burst + 1)
    )
