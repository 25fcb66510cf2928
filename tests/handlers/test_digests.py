"""Digest jobs inside the real Application: the job sends once per local date, and a chat that
removed the bot has its digest turned off instead of failing every morning."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from handlers.common import SERVICES
from service.html import plain_text
from service.newsroom import Newsroom
from service.schedule import claim_digest, due_date, settings_of
from storage.models import ChatSettings
from testkit.telegram_server import FakeTelegram
from tests.conftest import seed_text
from tests.handlers.conftest import (
    EDITOR,
    GROUP,
    REPORTER,
    BotHarness,
    asyncio_yield,
    missed_digests,
)


async def _group_with_a_story(bot: BotHarness) -> None:
    fake = bot.fake
    chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
    await bot.send(fake.channel_forward(chat, reporter, seed_text(), -1009001, "Reuters", 5, 0))
    group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
    fake.set_admins(GROUP, {EDITOR})
    await bot.send(fake.text_message(group, editor, "/schedule 07:00 Europe/Kyiv"))
    await asyncio_yield()


def _digests(bot: BotHarness) -> list[str]:
    return [t for t in bot.replies(GROUP) if t.startswith("<b>Digest,")]


def test_the_daily_job_sends_one_digest_per_local_date(run_bot) -> None:
    async def scenario(bot: BotHarness) -> None:
        await _group_with_a_story(bot)
        (job,) = bot.app.job_queue.get_jobs_by_name(f"digest:{GROUP}")
        await job.run(bot.app)
        await job.run(bot.app)  # fired again the same day (clocks went back, a second process)
        digests = _digests(bot)
        assert len(digests) == 1
        text = plain_text(digests[0])
        assert "(Europe/Kyiv)" in text and "Reuters 1" in text
        assert "Kyiv, 24 Apr 2025: at least 12 killed, 90 injured" in text

    run_bot(scenario)


def test_a_chat_that_removed_the_bot_stops_getting_digests(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        await _group_with_a_story(bot)
        (job,) = bot.app.job_queue.get_jobs_by_name(f"digest:{GROUP}")
        bot.fake.fail_next("sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat")
        await job.run(bot.app)
        await asyncio_yield()
        assert bot.app.job_queue.get_jobs_by_name(f"digest:{GROUP}") == ()

    run_bot(scenario)
    with Session(newsroom.engine) as session:
        settings = session.get(ChatSettings, GROUP)
        assert settings is not None and settings.digest_time is None


def test_one_unreachable_chat_does_not_stop_the_start_up(run_bot, newsroom: Newsroom) -> None:
    gone, kept = -100901, -100902
    missed_digests(newsroom, {gone: "supergroup", kept: "supergroup"})

    async def scenario(bot: BotHarness) -> None:
        # Both digests were missed while the bot was down; the first send finds no chat.
        tried = [m["chat_id"] for m in bot.fake.sent_messages()]
        assert sorted(tried) == sorted((gone, kept)) and all(
            m["text"].startswith("<b>Digest,") for m in bot.fake.sent_messages()
        )
        assert not bot.app.job_queue.get_jobs_by_name(f"digest:{tried[0]}")
        assert bot.app.job_queue.get_jobs_by_name(f"digest:{tried[1]}")
        assert bot.app.job_queue.get_jobs_by_name("heartbeat")

    def chat_gone(fake: FakeTelegram) -> None:
        fake.fail_next("sendMessage", 400, "Bad Request: chat not found")

    run_bot(scenario, prepare=chat_gone)


def test_a_group_upgraded_to_a_supergroup_keeps_its_schedule(run_bot, newsroom: Newsroom) -> None:
    old_id, new_id = -4001, -1004001

    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        group = fake.group_chat(old_id, "Desk", supergroup=False)
        editor = fake.user(EDITOR)
        fake.set_admins(old_id, {EDITOR})
        await bot.send(fake.text_message(group, editor, "/schedule 06:15 Europe/Kyiv"))
        notice = fake.text_message(group, editor, "")
        del notice["text"]
        notice["migrate_to_chat_id"] = new_id
        await bot.send(notice)
        await asyncio_yield()
        assert not bot.app.job_queue.get_jobs_by_name(f"digest:{old_id}")
        (job,) = bot.app.job_queue.get_jobs_by_name(f"digest:{new_id}")
        assert job.next_t.strftime("%H:%M") == "06:15"

    run_bot(scenario)
    with Session(newsroom.engine) as session:
        assert session.get(ChatSettings, old_id) is None
        moved = session.get(ChatSettings, new_id)
        assert moved is not None and (moved.digest_time, moved.timezone) == ("06:15", "Europe/Kyiv")


def test_many_chats_at_one_minute_each_get_one_digest_spread_over_it(run_bot) -> None:
    groups = [GROUP - n for n in range(8)]

    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        editor = fake.user(EDITOR)
        for chat_id in groups:
            fake.set_admins(chat_id, {EDITOR})
            await bot.send(fake.text_message(fake.group_chat(chat_id), editor, "/schedule 07:00"))
        await asyncio_yield()
        jobs = [bot.app.job_queue.get_jobs_by_name(f"digest:{c}")[0] for c in groups]
        fire_times = {job.next_t for job in jobs}
        assert len(fire_times) == len(groups)  # not one burst
        assert max(fire_times) - min(fire_times) < dt.timedelta(minutes=1)
        for job in jobs + jobs:  # and each fires twice
            await job.run(bot.app)
        for chat_id in groups:
            sent = [m for m in fake.sent_messages(chat_id) if m["text"].startswith("<b>Digest,")]
            assert len(sent) == 1, chat_id

    run_bot(scenario, default_timezone="Europe/Kyiv")


def test_the_job_gives_each_local_date_one_digest_across_clock_changes(run_bot) -> None:
    """The job's own trigger, stepped through Kyiv's 2026 clock changes: the spring-forward
    day's missing 03:30 still fires that day, the fall-back day's repeated 03:30 fires twice
    but is the same local date, which is sent once."""

    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        group = fake.group_chat(GROUP)
        fake.set_admins(GROUP, {EDITOR})
        await bot.send(fake.text_message(group, fake.user(EDITOR), "/schedule 03:30 Europe/Kyiv"))
        await asyncio_yield()
        (job,) = bot.app.job_queue.get_jobs_by_name(f"digest:{GROUP}")
        chat = settings_of(chat_engine(bot), GROUP)
        assert chat is not None
        for first, last in ((dt.date(2026, 3, 27), 5), (dt.date(2026, 10, 23), 5)):
            fired: list[dt.date] = []
            previous, now = None, dt.datetime.combine(first, dt.time(12), tzinfo=dt.UTC)
            end = now + dt.timedelta(days=last)
            while True:
                moment = job.job.trigger.get_next_fire_time(previous, now)
                if moment > end:
                    break
                fired.append(due_date(chat, moment))
                # (stepped in UTC: wall-clock arithmetic in the repeated hour goes backwards)
                previous, now = moment, moment.astimezone(dt.UTC) + dt.timedelta(minutes=1)
            days = [first + dt.timedelta(days=n) for n in range(1, last + 1)]
            assert sorted(set(fired)) == days  # no local date skipped
            sent = [
                day for day in dict.fromkeys(fired) if claim_digest(chat_engine(bot), GROUP, day)
            ]
            assert sent == days

    run_bot(scenario)


def chat_engine(bot: BotHarness):  # type: ignore[no-untyped-def]
    return bot.app.bot_data[SERVICES].newsroom.engine
