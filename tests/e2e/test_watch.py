"""A desk watches a place in the real bot process: a story forwarded there brings its note."""

from __future__ import annotations

from service.html import plain_text
from testkit.telegram_server import FakeTelegram
from tests import watch_stories as stories
from tests.e2e.conftest import EDITOR, GROUP, REPORTER


def test_a_watched_place_gets_its_note(fake: FakeTelegram, bot_process) -> None:
    bot = bot_process(WATCH_NOTE_DELAY_SECONDS="0.5")
    bot.start()
    group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
    fake.set_admins(GROUP, {EDITOR})
    fake.push_message(fake.text_message(group, editor, f"/watch@{fake.username} Odesa"))
    (reply,) = fake.wait_for_messages(GROUP, 1)
    assert plain_text(reply["text"]).startswith("Watching Odesa (city)")

    chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
    posted = int(stories.THURSDAY.timestamp())
    forward = fake.channel_forward(
        chat, reporter, stories.ODESA, -1009003, "Black Sea Courier", 4, posted
    )
    fake.push_message(forward)
    assert "Stored as #1" in fake.wait_for_messages(REPORTER, 1)[0]["text"]
    note = plain_text(fake.wait_for_messages(GROUP, 2)[1]["text"])
    assert note == (
        "Odesa — new story\nOdesa, 24 Apr: at least 12 killed — Black Sea Courier · /article 1"
    )
