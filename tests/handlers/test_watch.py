"""/watch in the real Application: a group watches a place, a region, a person; the reporter
forwards stories in a private chat; the notes job sends the group one note per story, or one
note for a burst, and nothing for a duplicate; a chat that blocked the bot is let go."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re

import pytest
from sqlmodel import Session, func, select

from service.html import plain_text
from service.newsroom import Newsroom
from service.watches import NOTE_INTERVAL
from storage.models import ChatSettings, ChatWatch, WatchNote
from testkit.telegram_server import FakeTelegram, html_problem
from tests import watch_stories as stories
from tests.handlers.conftest import EDITOR, GROUP, REPORTER, BotHarness, asyncio_yield

JOB = "watch-notes"
WAIT = {"watch_note_delay_seconds": 3600}  # the tests run the notes job themselves
POSTED = int(stories.THURSDAY.timestamp())
NEXT_DAY = int(stories.FRIDAY.timestamp())


async def _say(bot: BotHarness, *commands: str, chat_id: int = GROUP) -> list[str]:
    """An admin (in a group; the user, in a private chat) sends these commands; the replies,
    as read."""
    fake = bot.fake
    chat = fake.group_chat(chat_id) if chat_id < 0 else fake.private_chat(chat_id)
    fake.set_admins(chat_id, {EDITOR})
    before = len(bot.replies(chat_id))
    for command in commands:
        await bot.send(fake.text_message(chat, fake.user(EDITOR), command))
    return [plain_text(t) for t in bot.replies(chat_id)[before:]]


async def _watch(bot: BotHarness, *names: str, chat_id: int = GROUP) -> list[str]:
    return await _say(bot, *(f"/watch {name}" for name in names), chat_id=chat_id)


async def _forward(
    bot: BotHarness, text: str, outlet: str, post: int, posted: int = POSTED, channel: int = -1001
) -> str:
    """The reporter forwards a channel's post in a private chat; the receipt, as read."""
    fake = bot.fake
    chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
    message = fake.channel_forward(chat, reporter, text, channel, outlet, post, posted)
    await bot.send(message)
    await asyncio_yield()
    return plain_text(bot.replies(REPORTER)[-1])


async def _flush(bot: BotHarness) -> None:
    """Run the notes job now, as its timer would."""
    jobs = bot.app.job_queue.get_jobs_by_name(JOB)
    assert jobs, "no notes job was scheduled"
    await jobs[0].run(bot.app)


def _notes(bot: BotHarness, chat_id: int = GROUP) -> list[str]:
    sent = [t for t in bot.replies(chat_id) if re.search(r"— new story\n|: \d+ new stories\n", t)]
    assert all(html_problem(t) is None for t in sent)
    return [plain_text(t) for t in sent]


def test_a_watched_place_gets_a_note_when_a_story_brings_casualties_there(run_bot) -> None:
    async def scenario(bot: BotHarness) -> None:
        assert await _watch(bot, "Kharkiv") == [
            "Watching Kharkiv (city): a note comes when a story brings casualties there."
        ]
        assert "Stored as #1" in await _forward(bot, stories.LVIV, "Carpathian Ledger", 1)
        assert bot.app.job_queue.get_jobs_by_name(JOB) == ()  # nothing watched there
        await _forward(bot, stories.KHARKIV, "Slobozhanska Gazette", 2)
        await _flush(bot)
        assert _notes(bot) == [
            "Kharkiv — new story\n"
            "Kharkiv, 24 Apr: at least 3 killed, 12 injured — Slobozhanska Gazette · /article 2"
        ]
        assert _notes(bot, REPORTER) == []  # the reporter has the receipt

    run_bot(scenario, **WAIT)


def test_a_watched_region_gets_a_note_on_a_town_in_it(run_bot) -> None:
    async def scenario(bot: BotHarness) -> None:
        assert await _watch(bot, "Kharkiv oblast") == [
            "Watching Kharkiv region (region): a note comes when a story brings casualties "
            "there or in a town of it."
        ]
        await _forward(bot, stories.CHUHUIV, "Donets Valley News", 1)
        await _flush(bot)
        assert _notes(bot) == [
            "Kharkiv region — new story\n"
            "Chuhuyiv, 24 Apr: 2 killed, 5 injured — Donets Valley News · /article 1"
        ]

    run_bot(scenario, **WAIT)


def test_a_watched_person_gets_a_note_when_a_story_quotes_them(run_bot) -> None:
    async def scenario(bot: BotHarness) -> None:
        assert await _watch(bot, "Lavrov") == [
            "Watching Lavrov (person): a note comes when a story quotes Lavrov."
        ]
        await _forward(bot, stories.KHARKIV, "Slobozhanska Gazette", 1)
        await _forward(bot, stories.LAVROV, "Volga Wire", 2)
        await _flush(bot)
        assert _notes(bot) == [
            "Lavrov — new story\n"
            "Sergei Lavrov: “We see no reason to change our position while the other side "
            "keeps arming itself” — Volga Wire · /article 2"
        ]

    run_bot(scenario, **WAIT)


def test_a_story_that_raises_a_watched_toll_says_now_and_was(run_bot) -> None:
    async def scenario(bot: BotHarness) -> None:
        await _forward(bot, stories.ODESA, "Black Sea Courier", 1)
        await _watch(bot, "Odesa")
        await _forward(bot, stories.ODESA_RISE, "Harbour Post", 2, NEXT_DAY)
        await _flush(bot)
        assert _notes(bot) == [
            "Odesa — new story\n"
            "Odesa, 24 Apr: now at least 16 killed, was 12 — Harbour Post · /article 2"
        ]

    run_bot(scenario, **WAIT)


def test_a_burst_of_stories_is_one_note_and_a_chat_gets_one_a_minute(run_bot) -> None:
    burst = 30

    async def scenario(bot: BotHarness) -> None:
        await _watch(bot, "Zaporizhzhia")
        for n in range(burst):
            await _forward(bot, stories.zaporizhzhia(n), "Dnipro Line", n + 1)
        (job,) = bot.app.job_queue.get_jobs_by_name(JOB)  # one flush for the whole burst
        await job.run(bot.app)
        (note,) = _notes(bot)
        lines = note.split("\n")
        assert lines[0] == f"Zaporizhzhya: {burst} new stories"
        assert lines[1] == ("Zaporizhzhya, 24 Apr: 2 killed, 3 injured — Dnipro Line · /article 1")
        assert lines[2] == "Zaporizhzhya, 24 Apr: now 4 injured, was 3 — Dnipro Line · /article 2"
        assert lines[-1] == f"+{burst - 5} more (/sources lists them)" and len(lines) == 7
        # One more story right after: it waits for the chat's next minute.
        await _forward(bot, stories.zaporizhzhia(99), "Dnipro Line", 99)
        started = dt.datetime.now(dt.UTC)
        for job in bot.app.job_queue.get_jobs_by_name(JOB):
            await job.run(bot.app)
        assert len(_notes(bot)) == 1
        due = [job.next_t for job in bot.app.job_queue.get_jobs_by_name(JOB)]
        assert any(abs(t - (started + NOTE_INTERVAL)) < dt.timedelta(seconds=5) for t in due)

    run_bot(scenario, **WAIT)


def test_a_duplicate_or_a_repeated_update_sends_nothing(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        await _watch(bot, "Kharkiv")
        await _forward(bot, stories.KHARKIV, "Slobozhanska Gazette", 7)
        await _flush(bot)
        assert len(_notes(bot)) == 1
        # The same post forwarded again, the same text from another channel, and the same
        # update delivered twice.
        assert "Already stored as #1" in await _forward(
            bot, stories.KHARKIV, "Slobozhanska Gazette", 7
        )
        assert "Already stored as #1" in await _forward(
            bot, stories.KHARKIV, "Kharkiv Reposts", 3, channel=-77
        )
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        message = fake.channel_forward(
            chat, reporter, stories.KHARKIV.upper(), -1, "Slobozhanska Gazette", 8, POSTED
        )
        update = {"update_id": fake.push_message(message), "message": message}
        await bot.deliver(update)
        await bot.deliver(update)
        await _flush(bot)
        assert len(_notes(bot)) == 1

    run_bot(scenario, **WAIT)
    with Session(newsroom.engine) as session:
        assert session.exec(select(func.count()).select_from(WatchNote)).one() == 1


@pytest.mark.parametrize(
    ("code", "error"),
    [(403, "Forbidden: bot was blocked by the user"), (400, "Bad Request: chat not found")],
)
def test_a_chat_that_blocked_the_bot_loses_its_watches_and_nothing_fails(
    run_bot, newsroom: Newsroom, caplog: pytest.LogCaptureFixture, code: int, error: str
) -> None:
    editor = EDITOR  # watching in a private chat, then blocking the bot

    async def scenario(bot: BotHarness) -> None:
        await _watch(bot, "Kharkiv", chat_id=editor)
        await _watch(bot, "Kharkiv")
        await _forward(bot, stories.KHARKIV, "Slobozhanska Gazette", 1)
        for _ in range(2):  # the group, then the editor's chat
            bot.fake.fail_next("sendMessage", code, error)
        with caplog.at_level(logging.WARNING, logger="handlers.watches"):
            await _flush(bot)
            await _forward(bot, stories.CHUHUIV, "Donets Valley News", 2)
            await _forward(bot, stories.KHARKIV.replace("three", "four"), "Other", 3)
            for job in bot.app.job_queue.get_jobs_by_name(JOB):
                await job.run(bot.app)
        gone = [r for r in caplog.records if "cannot be reached" in r.getMessage()]
        assert len(gone) == 2  # once per chat
        # Each chat was tried once (the call that failed), never again.
        assert len(_notes(bot)) == len(_notes(bot, editor)) == 1

    run_bot(scenario, **WAIT)
    with Session(newsroom.engine) as session:
        assert session.exec(select(func.count()).select_from(ChatWatch)).one() == 0
        assert session.exec(select(func.count()).select_from(WatchNote)).one() == 0
        group = session.get(ChatSettings, GROUP)
        assert group is not None and group.digest_time is None


def test_a_group_become_a_supergroup_gets_its_notes_there(run_bot) -> None:
    supergroup = GROUP - 1

    async def scenario(bot: BotHarness) -> None:
        await _watch(bot, "Kharkiv")
        await _forward(bot, stories.KHARKIV, "Slobozhanska Gazette", 1)
        bot.fake.fail_next(
            "sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": supergroup},
        )  # fmt: skip
        await _flush(bot)
        assert len(_notes(bot, supergroup)) == 1
        assert "Kharkiv (city)" in (await _say(bot, "/watch", chat_id=supergroup))[0]

    run_bot(scenario, **WAIT)


def test_only_group_admins_change_watches(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        fake.set_admins(GROUP, {EDITOR})
        group = fake.group_chat(GROUP)
        await bot.send(fake.text_message(group, fake.user(REPORTER), "/watch Kharkiv"))
        await bot.send(fake.text_message(group, fake.user(REPORTER), "/unwatch Kharkiv"))
        assert bot.replies(GROUP) == [
            "Only group admins can use /watch here.",
            "Only group admins can use /unwatch here.",
        ]
        # In a private chat, its user decides.
        chat = fake.private_chat(REPORTER)
        await bot.send(fake.text_message(chat, fake.user(REPORTER), "/watch Lviv"))
        assert bot.replies(REPORTER)[-1].startswith("Watching <b>Lviv (city)</b>")

    run_bot(scenario, **WAIT)
    with Session(newsroom.engine) as session:
        assert [w.chat_id for w in session.exec(select(ChatWatch)).all()] == [REPORTER]


def test_watches_and_waiting_notes_survive_a_restart(run_bot) -> None:
    async def before(bot: BotHarness) -> None:
        await _watch(bot, "Kharkiv", "Lavrov", "Odesa")
        await _forward(bot, stories.KHARKIV, "Slobozhanska Gazette", 1)
        assert _notes(bot) == []  # stopped before the notes job ran

    async def after(bot: BotHarness) -> None:
        # The note left waiting went out at start-up.
        assert _notes(bot) == [
            "Kharkiv — new story\n"
            "Kharkiv, 24 Apr: at least 3 killed, 12 injured — Slobozhanska Gazette · /article 1"
        ]
        assert await _say(bot, "/watch", "/unwatch odesa", "/watch") == [
            "Watched here (3)\n• Kharkiv (city)\n• Lavrov (person)\n• Odesa (city)\n"
            "/unwatch NAME stops one.",
            "Stopped watching Odesa (city).",
            "Watched here (2)\n• Kharkiv (city)\n• Lavrov (person)\n/unwatch NAME stops one.",
        ]

    run_bot(before, **WAIT)
    run_bot(after, prepare=_later_updates, **WAIT)


def _later_updates(fake: FakeTelegram) -> None:
    """A new fake numbers its updates from 1 again, which the store has handled: go on after."""
    fake.push_update({"update_id": 1_000})


def test_a_chat_the_allow_list_no_longer_serves_gets_no_notes(run_bot, newsroom: Newsroom) -> None:
    async def before(bot: BotHarness) -> None:
        await _watch(bot, "Kharkiv")
        await _forward(bot, stories.KHARKIV, "Slobozhanska Gazette", 1)

    async def after(bot: BotHarness) -> None:
        assert _notes(bot) == []

    run_bot(before, **WAIT)
    run_bot(after, allowed_chat_ids=str(REPORTER), **WAIT)
    with Session(newsroom.engine) as session:
        assert session.exec(select(func.count()).select_from(WatchNote)).one() == 0


def test_notes_go_by_themselves_after_the_delay(run_bot) -> None:
    async def scenario(bot: BotHarness) -> None:
        await _watch(bot, "Kharkiv")
        await _forward(bot, stories.KHARKIV, "Slobozhanska Gazette", 1)
        for _ in range(100):
            if _notes(bot):
                break
            await asyncio.sleep(0.05)
        assert _notes(bot)[0].startswith("Kharkiv — new story")

    run_bot(scenario, watch_note_delay_seconds=0.3)
