"""Webhook mode: the real bot process sets its webhook with a secret token, answers updates
posted to it with that token, refuses posts without it, and logs JSON lines without secrets."""

from __future__ import annotations

import json
import socket
import time

import httpx

from service.html import plain_text
from testkit.telegram_server import FakeTelegram
from tests.e2e.conftest import REPORTER

SECRET = "s3cret-Token_for-tests"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_webhook_mode_answers_only_posts_with_the_secret(fake: FakeTelegram, bot_process) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    bot = bot_process(
        WEBHOOK_URL=url,
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET_TOKEN=SECRET,
        LOG_FORMAT="json",
        LOG_LEVEL="DEBUG",
    )
    bot.start(ready="setWebhook")
    (registered,) = [p for m, p in fake.calls if m == "setWebhook"]
    assert registered["url"] == url and registered["secret_token"] == SECRET
    assert fake.call_count("getUpdates") == 0  # no polling besides

    chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
    message = {**fake.text_message(chat, reporter, "/help"), "message_id": 1, "date": 0}
    update = {"update_id": 5001, "message": message}
    header = "X-Telegram-Bot-Api-Secret-Token"
    forged = httpx.post(url, json={**update, "update_id": 5002}, headers={header: "guess"})
    assert forged.status_code == 403
    missing = httpx.post(url, json={**update, "update_id": 5003})
    assert missing.status_code == 403
    accepted = httpx.post(url, json=update, headers={header: SECRET})
    assert accepted.status_code == 200
    (reply,) = fake.wait_for_messages(REPORTER, 1)
    assert "/casualties" in plain_text(reply["text"])
    time.sleep(1)
    assert len(fake.sent_messages(REPORTER)) == 1  # the refused posts got nothing

    bot.stop()
    lines = [line for line in bot.log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is a JSON object
    assert all({"levelname", "name", "message"} <= set(r) for r in records)
    text = "\n".join(lines)
    assert SECRET not in text and fake.token.split(":")[1] not in text
