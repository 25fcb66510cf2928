"""Done-when of war reporting, tried on the real bot process: a round-up of a night of strikes
forwarded by a reporter gives the editor one line per incident at its own place, a region that
holds its towns, a national total shown as such, an earlier strike at its own day, and a
country total that counts each incident once."""

from __future__ import annotations

import datetime as dt

from service.html import plain_text
from testkit.telegram_server import FakeTelegram
from tests.e2e.conftest import EDITOR, GROUP, REPORTER
from tests.service.stories import ROUND_UP

POSTED = int(dt.datetime(2025, 6, 3, 18, tzinfo=dt.UTC).timestamp())


def _ask(fake: FakeTelegram, text: str) -> list[str]:
    group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
    before = len(fake.sent_messages(GROUP))
    fake.push_message(fake.text_message(group, editor, text))
    return plain_text(fake.wait_for_messages(GROUP, before + 1)[-1]["text"]).splitlines()


def test_a_round_up_gives_each_incident_its_place_and_counts_each_once(
    fake: FakeTelegram, bot_process
) -> None:
    bot = bot_process(ALLOWED_CHAT_IDS=f"{GROUP},{REPORTER}")
    bot.start()
    chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
    fake.push_message(
        fake.channel_forward(chat, reporter, ROUND_UP, -1009001, "Reuters", 7, POSTED)
    )
    receipt = plain_text(fake.wait_for_messages(REPORTER, 1)[-1]["text"])
    assert receipt.startswith("Stored as #1 (Reuters, 3 Jun 2025)")
    assert "• Ukraine, 3 Jun 2025: at least 14 killed — total over Kharkiv, Odesa, Chuhuyiv" in (
        receipt
    )

    assert _ask(fake, "/casualties Kharkiv")[1] == "• 3 Jun 2025: 7 killed, 20 injured"
    # The region holds its towns and its capital; the city above is the city alone.
    region = _ask(fake, "/casualties Kharkiv oblast 2025")
    assert region[0] == "Kharkiv region — casualty reports (2025)"
    assert [line for line in region if line.startswith("• ")] == [
        "• Chuhuyiv, 3 Jun 2025: 2 killed",
        "• Kharkiv, 3 Jun 2025: 7 killed, 20 injured",
    ]
    assert _ask(fake, "/casualties Chuhuiv")[1] == "• 3 Jun 2025: 2 killed"
    assert _ask(fake, "/casualties Sumy")[1] == "• 27 May 2025: 11 killed (cited as background)"

    lines = _ask(fake, "/casualties Ukraine 2025")
    assert [line for line in lines if line.startswith("• ")] == [
        "• Ukraine, 3 Jun 2025: at least 14 killed — total over Kharkiv, Odesa, Chuhuyiv",
        "• Chuhuyiv, 3 Jun 2025: 2 killed",
        "• Kharkiv, 3 Jun 2025: 7 killed, 20 injured",
        "• Odesa, 3 Jun 2025: 5 killed",
        "• Sumy, 27 May 2025: 11 killed (cited as background)",
    ]
    # 2 + 7 + 5 + 11: each incident once, the national total not added to its parts.
    assert lines[-1] == (
        "Total, 4 incidents: at least 25 killed, 20 injured (totals over several places not added)"
    )
