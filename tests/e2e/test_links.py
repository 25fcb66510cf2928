"""A channel post with a hidden link, forwarded to the real bot process: the story is the page
behind it, fetched from a web server the test starts."""

from __future__ import annotations

from service.html import plain_text
from tests.e2e.conftest import EDITOR, GROUP, REPORTER
from tests.e2e.test_journalist import POSTED
from tests.pages import PageServer
from tests.telegram_server import FakeTelegram


def test_a_forwarded_teaser_gives_the_linked_article(fake: FakeTelegram, bot_process) -> None:
    bot = bot_process(ALLOW_PRIVATE_URLS="true")
    bot.start()
    with PageServer("127.0.0.1") as pages:
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        teaser = "Glide bomb hits a Kharkiv mall. Full story"
        post = fake.channel_forward(chat, reporter, teaser, -1009005, "Wire", 12, POSTED)
        link = f"{pages.base}/world/kharkiv-strike?utm_source=tg"
        post["entities"] = [{"type": "text_link", "offset": 32, "length": 10, "url": link}]
        fake.push_message(post)
        receipt = plain_text(fake.wait_for_messages(REPORTER, 1)[-1]["text"])
    assert "Stored as #1 (Wire, 17 May 2025)" in receipt
    group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
    fake.push_message(fake.text_message(group, editor, "/casualties kharkiv"))
    answer = plain_text(fake.wait_for_messages(GROUP, 1)[-1]["text"])
    assert "17 May 2025: 4 killed, 27 injured" in answer and "Wire 17 May 2025 (#1)" in answer
