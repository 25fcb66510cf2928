"""The bot as a reporter and an editor use it: forwards in private, commands in the group."""

from __future__ import annotations

from sqlmodel import Session

from service.html import plain_text
from service.newsroom import Newsroom
from storage.models import ChatSettings
from testkit.telegram_server import FakeTelegram
from tests.conftest import seed_text
from tests.handlers.conftest import (
    EDITOR,
    GROUP,
    POSTED,
    REPORTER,
    BotHarness,
    article_count,
    asyncio_yield,
)

FOLLOW_UP = (
    "KYIV (AP) — The death toll from Thursday's Russian missile strike on Kyiv rose to 16 on "
    "Friday, city officials said, as rescuers dug through the rubble of an apartment block in "
    "the Sviatoshynskyi district. Emergency crews worked through the night under floodlights, "
    "and volunteers handed out tea and blankets to residents who had lost their homes."
)


def _private(fake: FakeTelegram, user: int = REPORTER) -> tuple[dict, dict]:
    return fake.private_chat(user), fake.user(user)


def test_forwarded_story_then_group_commands(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        await bot.send(
            fake.channel_forward(chat, reporter, seed_text(), -1009001, "Reuters", 555, POSTED)
        )
        receipt = plain_text(bot.replies(REPORTER)[-1])
        assert "Stored as #1 (Reuters, 24 Apr 2025)" in receipt
        assert "Kyiv, 24 Apr 2025: at least 12 killed, 90 injured" in receipt

        group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
        await bot.send(fake.text_message(group, editor, f"/casualties@{fake.username} KYIV"))
        answer = plain_text(bot.replies(GROUP)[-1])
        assert "at least 12 killed, 90 injured" in answer
        assert "Reuters 24 Apr 2025" in answer
        await bot.send(fake.text_message(group, editor, "/QUOTES trump"))
        assert "“Vladimir, STOP!”" in plain_text(bot.replies(GROUP)[-1])
        await bot.send(fake.text_message(group, editor, "/who Rutte"))
        assert "NATO Secretary-General" in plain_text(bot.replies(GROUP)[-1])
        # Replies are HTML: the place is bold.
        assert "<b>Kyiv</b>" in bot.replies(GROUP)[0]
        assert all(m.get("parse_mode") == "HTML" for m in fake.sent_messages(GROUP))

    run_bot(scenario)


def test_same_story_twice_is_stored_once(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        post = fake.channel_forward(chat, reporter, seed_text(), -1009001, "Reuters", 555, POSTED)
        await bot.send(post)
        # A colleague forwards the same channel post.
        other_chat, other = _private(fake, EDITOR)
        await bot.send(
            fake.channel_forward(other_chat, other, seed_text(), -1009001, "Reuters", 555, POSTED)
        )
        assert "Already stored as #1" in plain_text(bot.replies(EDITOR)[-1])
        # The same text pasted again, with other spacing.
        await bot.send(fake.text_message(chat, reporter, "  " + seed_text().replace(" ", "  ")))
        assert "Already stored as #1" in plain_text(bot.replies(REPORTER)[-1])

    run_bot(scenario)
    assert article_count(newsroom) == 1


def test_later_report_updates_the_incident_with_both_sources(run_bot) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        await bot.send(
            fake.channel_forward(chat, reporter, seed_text(), -1009001, "Reuters", 555, POSTED)
        )
        next_day = POSTED + 86_400
        await bot.send(fake.channel_forward(chat, reporter, FOLLOW_UP, -1009002, "AP", 7, next_day))
        group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
        await bot.send(fake.text_message(group, editor, "/casualties kiev"))
        answer = plain_text(bot.replies(GROUP)[-1])
        assert "24 Apr 2025: 16 killed (12 → 16), 90 injured" in answer
        assert "Reuters 24 Apr 2025 (#1)" in answer
        assert "AP 25 Apr 2025 (#2)" in answer
        assert "28" not in answer

    run_bot(scenario)


def test_every_forward_origin_is_an_article(run_bot, newsroom: Newsroom) -> None:
    story = (
        "Firefighters in the port city of Odesa put out a blaze at a grain terminal on Monday "
        "after a drone strike overnight, killing two workers and wounding five, the regional "
        "governor said. Port operations resumed by the afternoon, he said."
    )

    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        tipster = fake.user(77, "Olena")
        await bot.send(fake.user_forward(chat, reporter, story, tipster, POSTED))
        await bot.send(fake.hidden_user_forward(chat, reporter, story + " (2)", "Stringer", POSTED))
        admins = fake.group_chat(-1007, "Desk")
        await bot.send(fake.chat_forward(chat, reporter, story + " (3)", admins, POSTED))
        replies = [plain_text(r) for r in bot.replies(REPORTER)]
        assert "Stored as #1 (Olena, 24 Apr 2025)" in replies[0]
        assert "Stored as #2 (Stringer, 24 Apr 2025)" in replies[1]
        assert "Stored as #3 (Desk, 24 Apr 2025)" in replies[2]
        assert all("Odesa" in r and "2 killed, 5 injured" in r for r in replies)

    run_bot(scenario)
    assert article_count(newsroom) == 3


def test_text_a_reporter_sends_that_is_not_a_story(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        await bot.send(fake.text_message(chat, reporter, "hello?"))
        assert "Forward me a story" in plain_text(bot.replies(REPORTER)[-1])
        photo = fake.channel_forward(chat, reporter, "", -1009001, "Reuters", 9, POSTED)
        del photo["text"]
        photo["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 9, "height": 9}]
        await bot.send(photo)
        assert "no text in that forward" in plain_text(bot.replies(REPORTER)[-1])
        # A group's chatter is not for the bot.
        group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
        await bot.send(fake.text_message(group, editor, "lunch at 1?"))
        assert bot.replies(GROUP) == []

    run_bot(scenario)
    assert article_count(newsroom) == 0


def test_unknown_commands(run_bot) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        await bot.send(fake.text_message(chat, reporter, "/tolls Kyiv"))
        assert "/help" in plain_text(bot.replies(REPORTER)[-1])
        group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
        await bot.send(fake.text_message(group, editor, "/casualties@OtherBot Kyiv"))
        await bot.send(fake.text_message(group, editor, "/weather"))
        assert bot.replies(GROUP) == []
        await bot.send(fake.text_message(group, editor, f"/weather@{fake.username}"))
        assert "I don't know /weather" in plain_text(bot.replies(GROUP)[-1])
        await bot.send(fake.text_message(group, editor, "/casualties Atlantis"))
        assert "No casualty reports for Atlantis" in plain_text(bot.replies(GROUP)[-1])

    run_bot(scenario)


def test_schedule_is_for_group_admins(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        group, editor, reader = fake.group_chat(GROUP), fake.user(EDITOR), fake.user(99)
        fake.set_admins(GROUP, {EDITOR})
        await bot.send(fake.text_message(group, reader, "/schedule 07:00"))
        assert "Only group admins" in plain_text(bot.replies(GROUP)[-1])

        await bot.send(fake.text_message(group, editor, "/schedule 07:15 Europe/Kyiv"))
        assert "07:15 (Europe/Kyiv)" in plain_text(bot.replies(GROUP)[-1])
        await asyncio_yield()
        jobs = bot.app.job_queue.get_jobs_by_name(f"digest:{GROUP}")
        assert [str(j.next_t.tzinfo) for j in jobs] == ["Europe/Kyiv"]
        assert jobs[0].next_t.strftime("%H:%M") == "07:15"

    run_bot(scenario)


def test_only_its_reporter_or_a_newsroom_admin_may_forget_a_story(
    run_bot, newsroom: Newsroom
) -> None:
    chief = 5000  # on ADMIN_USER_IDS

    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        for n in (1, 2):
            story = f"{seed_text()}\nCorrection {n}: an earlier version misspelt a name."
            await bot.send(
                fake.channel_forward(chat, reporter, story, -1009001, "Reuters", n, POSTED)
            )
        group, editor, reader = fake.group_chat(GROUP), fake.user(EDITOR), fake.user(99)
        fake.set_admins(GROUP, {EDITOR})
        refusal = "Only the reporter who sent #1, or a newsroom admin (ADMIN_USER_IDS), can"
        # Another reporter in a private chat, a group member, a group admin, an anonymous
        # admin: none of them sent #1.
        await bot.send(fake.text_message(fake.private_chat(99), reader, "/forget 1"))
        assert plain_text(bot.replies(99)[-1]).startswith(refusal)
        await bot.send(fake.text_message(group, reader, "/forget 1"))
        await bot.send(fake.text_message(group, editor, "/forget 1"))
        anonymous = fake.text_message(group, fake.user(1087968824, "Group"), "/forget 1")
        anonymous["sender_chat"] = group
        await bot.send(anonymous)
        assert [plain_text(r).startswith(refusal) for r in bot.replies(GROUP)] == [True] * 3
        assert article_count(newsroom) == 2

        await bot.send(fake.text_message(group, reporter, "/forget 1"))
        assert "Deleted article #1" in plain_text(bot.replies(GROUP)[-1])
        await bot.send(fake.text_message(fake.private_chat(chief), fake.user(chief), "/forget 2"))
        assert "Deleted article #2" in plain_text(bot.replies(chief)[-1])

    run_bot(scenario, admin_user_ids=str(chief))
    assert article_count(newsroom) == 0


def test_a_group_gets_the_default_digest_a_private_chat_does_not(
    run_bot, newsroom: Newsroom
) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
        await bot.send(fake.text_message(group, editor, "/help"))
        chat, reporter = _private(fake)
        await bot.send(fake.text_message(chat, reporter, "/help"))
        await asyncio_yield()
        assert bot.app.job_queue.get_jobs_by_name(f"digest:{GROUP}")
        assert not bot.app.job_queue.get_jobs_by_name(f"digest:{REPORTER}")
        assert "/casualties Kyiv" in plain_text(bot.replies(GROUP)[-1])

    run_bot(scenario, default_digest_time="06:45")
    with Session(newsroom.engine) as session:
        settings = session.get(ChatSettings, GROUP)
        assert settings is not None and settings.digest_time == "06:45"
        assert session.get(ChatSettings, REPORTER) is None


def test_outsiders_are_refused_and_nothing_is_stored(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        stranger_chat, stranger = _private(fake, 666)
        await bot.send(
            fake.channel_forward(
                stranger_chat, stranger, seed_text(), -1009001, "Reuters", 555, POSTED
            )
        )
        foreign = fake.group_chat(-100666, "Elsewhere")
        await bot.send(fake.text_message(foreign, stranger, "/casualties Kyiv"))
        refusals = bot.replies(666) + bot.replies(-100666)
        assert refusals == ["This bot works only for its newsroom."] * 2
        # ... and the bot leaves the foreign group, as soon as it is added to another one.
        assert [p["chat_id"] for m, p in fake.calls if m == "leaveChat"] == [-100666]
        another = fake.group_chat(-100777, "Also elsewhere")
        await bot.deliver(_membership(fake, another, "left", "member"))
        await bot.deliver(_membership(fake, another, "member", "left"))
        assert bot.replies(-100777) == ["This bot works only for its newsroom."]
        assert [p["chat_id"] for m, p in fake.calls if m == "leaveChat"] == [-100666, -100777]
        assert not bot.app.job_queue.get_jobs_by_name("digest:-100777")
        # The newsroom's own group is served.
        group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
        await bot.send(fake.text_message(group, editor, "/sources"))
        assert "No articles yet" in plain_text(bot.replies(GROUP)[-1])

    run_bot(scenario, allowed_chat_ids=str(GROUP))
    assert article_count(newsroom) == 0


def test_names_from_a_story_are_escaped_in_replies(run_bot) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        await bot.send(
            fake.channel_forward(
                chat, reporter, seed_text(), -1009001, "<b>Wire & Co</b>", 1, POSTED
            )
        )
        raw = bot.replies(REPORTER)[-1]
        assert "&lt;b&gt;Wire &amp; Co&lt;/b&gt;" in raw
        assert "<b>Wire" not in raw

    run_bot(scenario)


def test_a_failing_command_gets_a_short_apology_and_the_bot_goes_on(
    run_bot, newsroom: Newsroom
) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
        # The quotes table disappears under the bot (a broken migration, a careless operator).
        with newsroom.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE quote")
        await bot.send(fake.text_message(group, editor, "/quotes trump"))
        reply = bot.replies(GROUP)[-1]
        assert reply == "Sorry, something went wrong on my side. Please try again in a moment."
        await bot.send(fake.text_message(group, editor, "/casualties Kyiv"))
        assert "No casualty reports for" in plain_text(bot.replies(GROUP)[-1])

    run_bot(scenario)


def test_an_edited_paste_is_not_a_second_story(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        message = fake.text_message(chat, reporter, seed_text())
        await bot.send(message)
        edited = {**message, "text": seed_text() + " (updated)", "edit_date": POSTED + 60}
        await bot.deliver({"update_id": 10_000, "edited_message": edited})
        assert len(bot.replies(REPORTER)) == 1

    run_bot(scenario)
    assert article_count(newsroom) == 1


def test_an_unknown_command_is_echoed_escaped(run_bot) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        await bot.send(fake.text_message(chat, reporter, "/x<b>y"))
        assert bot.replies(REPORTER)[-1].startswith("I don't know /x&lt;b&gt;y.")

    run_bot(scenario)


def test_an_edited_command_is_not_run_again(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        await bot.send(fake.text_message(chat, reporter, seed_text()))
        command = fake.text_message(chat, reporter, "/sources")
        await bot.send(command)
        edited = {**command, "text": "/forget 1", "edit_date": POSTED}
        await bot.deliver({"update_id": 10_001, "edited_message": edited})
        assert len(bot.replies(REPORTER)) == 2

    run_bot(scenario)
    assert article_count(newsroom) == 1


def _membership(fake: FakeTelegram, group: dict, old: str, new: str) -> dict:
    me = {"id": fake.bot_id, "is_bot": True, "first_name": "Newsroom", "username": fake.username}
    return {
        "update_id": 10_002 if new == "member" else 10_003,
        "my_chat_member": {
            "chat": group,
            "from": fake.user(EDITOR),
            "date": POSTED,
            "old_chat_member": {"status": old, "user": me},
            "new_chat_member": {"status": new, "user": me, "until_date": 0},
        },
    }


def test_added_to_a_group_it_schedules_removed_it_stops(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        group = bot.fake.group_chat(GROUP)
        await bot.deliver(_membership(bot.fake, group, "left", "member"))
        await asyncio_yield()
        assert bot.app.job_queue.get_jobs_by_name(f"digest:{GROUP}")
        await bot.deliver(_membership(bot.fake, group, "member", "kicked"))
        await asyncio_yield()
        assert not bot.app.job_queue.get_jobs_by_name(f"digest:{GROUP}")
        assert bot.replies(GROUP) == []

    run_bot(scenario)
    with Session(newsroom.engine) as session:
        settings = session.get(ChatSettings, GROUP)
        assert settings is not None and settings.digest_time is None


def test_a_forward_the_bot_sees_in_a_group_is_a_story(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        group, editor = fake.group_chat(GROUP), fake.user(EDITOR)
        await bot.send(
            fake.channel_forward(group, editor, seed_text(), -1009001, "Reuters", 555, POSTED)
        )
        assert "Stored as #1 (Reuters, 24 Apr 2025)" in plain_text(bot.replies(GROUP)[-1])

    run_bot(scenario)
    assert article_count(newsroom) == 1


def test_an_update_delivered_twice_is_handled_once(run_bot, newsroom: Newsroom) -> None:
    async def scenario(bot: BotHarness) -> None:
        fake = bot.fake
        chat, reporter = _private(fake)
        post = fake.channel_forward(chat, reporter, seed_text(), -1009001, "Reuters", 555, POSTED)
        payload = {"update_id": 20_001, "message": post}
        await bot.deliver(payload)
        await bot.deliver(payload)  # Telegram delivers at least once
        replies = [plain_text(r) for r in bot.replies(REPORTER)]
        assert len(replies) == 1 and replies[0].startswith("Stored as #1")

    run_bot(scenario)
    assert article_count(newsroom) == 1
