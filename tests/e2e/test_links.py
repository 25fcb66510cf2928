"""A channel post with a hidden link, forwarded to the real bot process: the story is the page
behind it, fetched from a web server the test starts."""

from __future__ import annotations

from service.html import plain_text
from testkit.telegram_server import FakeTelegram
from tests.e2e.conftest import EDITOR, GROUP, REPORTER
from tests.e2e.test_journalist import POSTED
from tests.pages import STORY_PARAGRAPHS, PageServer


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


def test_a_large_file_through_a_self_hosted_bot_api_server(fake: FakeTelegram, bot_process) -> None:
    # The bot talks to our server as to a self-hosted Bot API server: no 20 MB download limit,
    # and files come from its /file/bot<token>/ path.
    bot = bot_process()
    bot.start()
    chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
    story = "\n\n".join(STORY_PARAGRAPHS).encode()
    message = fake.text_message(chat, reporter, "")
    del message["text"]
    message["document"] = {**fake.add_file(story, "wire.txt"), "file_size": 30 * 1024 * 1024}
    fake.push_message(message)
    receipt = plain_text(fake.wait_for_messages(REPORTER, 1)[-1]["text"])
    assert "Stored as #1" in receipt and "4 killed, 27 injured" in receipt
