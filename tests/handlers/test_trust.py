"""Who gets in, and what survives a restart: with only users listed no group (an outsider's,
through its anonymous admin) reads or changes the store or gets its digest; a refused update
is not replayed; a listed group that becomes a supergroup stays served; an update that keeps
failing is given up with a reply."""

from __future__ import annotations

import json
import logging

import pytest
from telegram import Update

from service import deliveries
from service.html import plain_text
from service.newsroom import Newsroom
from storage.db import transaction
from storage.models import ChatSettings
from testkit.telegram_server import FakeTelegram
from tests.conftest import seed_text
from tests.handlers.conftest import (
    EDITOR,
    GROUP,
    REPORTER,
    BotHarness,
    article_count,
    missed_digests,
)
from tests.handlers.test_inbox import _paste, _until

POSTED = 1745480000
ANONYMOUS_ADMIN = 1087968824  # GroupAnonymousBot
REFUSAL = "This bot works only for its newsroom."


def _as_anonymous_admin(fake: FakeTelegram, group: dict, text: str) -> dict:
    message = fake.text_message(group, fake.user(ANONYMOUS_ADMIN, "Group"), text)
    message["sender_chat"] = group
    return message


def _left(fake: FakeTelegram) -> list[int]:
    return [p["chat_id"] for m, p in fake.calls if m == "leaveChat"]


def test_with_only_users_listed_no_group_reads_or_changes_the_store(
    run_bot, newsroom: Newsroom, caplog: pytest.LogCaptureFixture
) -> None:
    outsiders = -100666

    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        await bot.send(fake.channel_forward(chat, reporter, seed_text(), -1009001, "Reuters", 5, 0))
        assert plain_text(bot.replies(REPORTER)[-1]).startswith("Stored as #1")
        # An outsider's group, the outsider posting as its anonymous admin.
        group = fake.group_chat(outsiders, "Not the newsroom")
        fake.set_admins(outsiders, {ANONYMOUS_ADMIN})
        for command in ("/sources", "/article 1", "/quotes trump", "/forget 1", "/digest"):
            await bot.send(_as_anonymous_admin(fake, group, command))
        # A listed reporter speaking there does not open the group either.
        await bot.send(fake.text_message(group, reporter, "/casualties Kyiv"))
        replies = bot.replies(outsiders)
        assert replies and set(replies) == {REFUSAL}, replies
        assert set(_left(fake)) == {outsiders}
        assert not bot.app.job_queue.get_jobs_by_name(f"digest:{outsiders}")
        # The reporter's own private chat is still served.
        await bot.send(fake.text_message(chat, reporter, "/sources"))
        assert "#1" in plain_text(bot.replies(REPORTER)[-1])

    with caplog.at_level(logging.WARNING, logger="bot.app"):
        run_bot(scenario, allowed_user_ids=str(REPORTER))
    assert article_count(newsroom) == 1
    assert any("groups are closed" in r.getMessage() for r in caplog.records)
    with transaction(newsroom.engine) as session:
        assert session.get(ChatSettings, outsiders) is None


def test_a_chat_off_the_allow_lists_gets_no_digest(run_bot, newsroom: Newsroom) -> None:
    """A group signed up under an older, laxer rule keeps its row, not the store's news."""
    missed_digests(newsroom, {-100666: "supergroup", REPORTER: "private"})

    async def scenario(bot: BotHarness) -> None:
        # Both digests were missed while the bot was down: only the listed reporter's is sent.
        sent = [m["chat_id"] for m in bot.fake.sent_messages()]
        assert sent == [REPORTER]
        job = bot.app.job_queue.get_jobs_by_name("digest:-100666")
        if job:  # fired anyway: still nothing goes out
            await job[0].run(bot.app)
        assert [m["chat_id"] for m in bot.fake.sent_messages()] == [REPORTER]

    run_bot(scenario, allowed_user_ids=str(REPORTER))


def test_a_refused_update_is_not_replayed_at_the_next_start(run_bot, newsroom: Newsroom) -> None:
    outsiders = -100667

    async def first(bot: BotHarness) -> None:
        fake = bot.fake
        message = fake.text_message(fake.group_chat(outsiders), fake.user(666), "/sources")
        await bot.app.update_queue.put(
            Update.de_json({"update_id": 8101, "message": message}, bot.app.bot)
        )
        await _until(lambda: _left(fake))
        assert bot.replies(outsiders) == [REFUSAL]

    async def second(bot: BotHarness) -> None:
        assert bot.fake.sent_messages() == []
        assert _left(bot.fake) == []

    run_bot(first, allowed_chat_ids=str(GROUP))
    assert deliveries.unhandled(newsroom.engine) == []
    run_bot(second, allowed_chat_ids=str(GROUP))


def test_a_listed_group_that_becomes_a_supergroup_stays_served(run_bot, newsroom: Newsroom) -> None:
    old_id, new_id = -4001, -1004001

    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        editor = fake.user(EDITOR)
        old = fake.group_chat(old_id, "Desk", supergroup=False)
        await bot.send(fake.text_message(old, editor, "/sources"))
        # The supergroup's side of the move may arrive first: it alone must keep the bot in.
        new = fake.group_chat(new_id, "Desk")
        notice = fake.text_message(new, editor, "")
        del notice["text"]
        notice["migrate_from_chat_id"] = old_id
        await bot.send(notice)
        await bot.send(fake.text_message(new, editor, "/sources"))
        assert "No articles yet" in plain_text(bot.replies(new_id)[-1])
        assert _left(fake) == []

    async def after_restart(bot: BotHarness) -> None:
        fake = bot.fake
        message = fake.text_message(fake.group_chat(new_id), fake.user(EDITOR), "/sources")
        # (an update id of its own: the first run's ids are handled already)
        await bot.deliver({"update_id": 9101, "message": message})
        assert "No articles yet" in plain_text(bot.replies(new_id)[-1])
        assert _left(fake) == []

    run_bot(scenario, allowed_chat_ids=str(old_id))
    run_bot(after_restart, allowed_chat_ids=str(old_id))


def test_an_update_that_keeps_failing_is_given_up_with_a_reply(run_bot, newsroom: Newsroom) -> None:
    payload = _paste(FakeTelegram(), 7101, seed_text())
    assert deliveries.receive(newsroom.engine, 7101, json.dumps(payload))
    # Three starts began handling it and died each time (kill -9, out of memory).
    for _ in range(deliveries.MAX_ATTEMPTS):
        assert deliveries.begin_attempt(newsroom.engine, 7101) is not None

    async def scenario(bot: BotHarness) -> None:
        await _until(lambda: bot.replies(REPORTER))
        (reply,) = bot.replies(REPORTER)
        assert plain_text(reply).startswith(
            f"I tried to handle that message {deliveries.MAX_ATTEMPTS} times and it failed"
        )

    run_bot(scenario)
    assert article_count(newsroom) == 0
    assert deliveries.unhandled(newsroom.engine) == []


def test_an_update_cut_off_fewer_times_is_still_handled(run_bot, newsroom: Newsroom) -> None:
    payload = _paste(FakeTelegram(), 7102, seed_text())
    assert deliveries.receive(newsroom.engine, 7102, json.dumps(payload))
    for _ in range(deliveries.MAX_ATTEMPTS - 1):
        deliveries.begin_attempt(newsroom.engine, 7102)

    async def scenario(bot: BotHarness) -> None:
        await _until(lambda: bot.replies(REPORTER))
        assert plain_text(bot.replies(REPORTER)[0]).startswith("Stored as #1")

    run_bot(scenario)
    assert article_count(newsroom) == 1
