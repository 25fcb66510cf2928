"""The fake Bot API server speaks well enough for python-telegram-bot's real HTTP stack."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
import telegram
from telegram.error import InvalidToken
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from testkit.telegram_server import FakeTelegram

GROUP = -1001234567890
REPORTER = 42
EDITOR = 43


@pytest.fixture
def server() -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake:
        yield fake


def _bot(server: FakeTelegram) -> telegram.Bot:
    return telegram.Bot(server.token, base_url=server.base_url)


def test_get_me_and_send_message(server: FakeTelegram) -> None:
    async def scenario() -> tuple[telegram.User, telegram.Message, telegram.Message]:
        async with _bot(server) as bot:  # initialize() calls getMe
            me = await bot.get_me()
            sent = await bot.send_message(REPORTER, "<b>x</b> &amp; y", parse_mode="HTML")
            digits = await bot.send_message(GROUP, "12")
            return me, sent, digits

    me, sent, digits = asyncio.run(scenario())

    assert me.id == server.bot_id and me.is_bot and me.username == "newsroom_test_bot"
    assert sent.chat.type == "private" and sent.text == "x & y" and sent.from_user.id == me.id
    assert digits.chat.type == "supergroup" and digits.message_id > sent.message_id
    assert server.sent_messages(REPORTER) == [
        {"chat_id": REPORTER, "text": "<b>x</b> &amp; y", "parse_mode": "HTML"}
    ]
    assert server.sent_messages(GROUP)[0]["text"] == "12"  # not json-decoded to an int
    assert [method for method, _ in server.calls][:1] == ["getMe"]


def test_wrong_token_is_rejected(server: FakeTelegram) -> None:
    async def scenario() -> None:
        async with telegram.Bot("999:WRONG", base_url=server.base_url):
            pass

    with pytest.raises(InvalidToken):
        asyncio.run(scenario())


def test_get_updates_parses_every_forward_origin(server: FakeTelegram) -> None:
    chat = server.group_chat(GROUP)
    sender = server.user(REPORTER, "Ann", "ann_reports")
    posted = 1_745_000_000
    ids = [
        server.push_message(server.text_message(chat, sender, "/start@newsroom_test_bot now")),
        server.push_message(
            server.channel_forward(chat, sender, "Ten killed", -1009, "Wire", 77, posted)
        ),
        server.push_message(
            server.user_forward(chat, sender, "quote", server.user(7, "Bo"), posted)
        ),
        server.push_message(server.hidden_user_forward(chat, sender, "tip", "Anon", posted)),
        server.push_message(
            server.chat_forward(chat, sender, "note", server.group_chat(-55, "Desk"), posted)
        ),
    ]
    assert ids == sorted(ids) and server.pending_updates() == 5

    async def scenario() -> tuple[tuple[telegram.Update, ...], tuple[telegram.Update, ...]]:
        async with _bot(server) as bot:
            first = await bot.get_updates(offset=0, limit=100, timeout=1)
            again = await bot.get_updates(offset=first[-1].update_id + 1, timeout=0)
            return first, again

    started = time.monotonic()
    updates, after = asyncio.run(scenario())
    assert time.monotonic() - started < 5
    assert after == () and server.pending_updates() == 0
    assert [u.update_id for u in updates] == ids

    command, channel, user, hidden, from_chat = (u.message for u in updates)
    assert command.text.startswith("/start") and command.entities[0].type == "bot_command"
    assert command.entities[0].length == len("/start@newsroom_test_bot")
    assert command.from_user.username == "ann_reports" and command.chat.id == GROUP

    assert isinstance(channel.forward_origin, telegram.MessageOriginChannel)
    assert channel.forward_origin.chat.title == "Wire"
    assert channel.forward_origin.message_id == 77
    assert channel.forward_origin.date.timestamp() == posted
    assert isinstance(user.forward_origin, telegram.MessageOriginUser)
    assert user.forward_origin.sender_user.first_name == "Bo"
    assert isinstance(hidden.forward_origin, telegram.MessageOriginHiddenUser)
    assert hidden.forward_origin.sender_user_name == "Anon"
    assert isinstance(from_chat.forward_origin, telegram.MessageOriginChat)
    assert from_chat.forward_origin.sender_chat.title == "Desk"

    _, params = next(call for call in server.calls if call[0] == "getUpdates")
    assert params["offset"] == 0 and params["limit"] == 100 and params["timeout"] == 1


def test_chat_members_admins_and_chat(server: FakeTelegram) -> None:
    server.set_admins(GROUP, {EDITOR})

    async def scenario() -> tuple:
        async with _bot(server) as bot:
            return (
                await bot.get_chat_member(GROUP, EDITOR),
                await bot.get_chat_member(GROUP, REPORTER),
                await bot.get_chat_member(EDITOR, EDITOR),
                await bot.get_chat_administrators(GROUP),
                await bot.get_chat(GROUP),
                await bot.get_chat(REPORTER),
            )

    editor, reporter, private, admins, group, private_chat = asyncio.run(scenario())
    assert isinstance(editor, telegram.ChatMemberAdministrator) and editor.user.id == EDITOR
    assert isinstance(reporter, telegram.ChatMemberMember)
    assert isinstance(private, telegram.ChatMemberMember)
    assert [a.user.id for a in admins] == [EDITOR]
    assert isinstance(group, telegram.ChatFullInfo) and group.type == "supergroup"
    assert private_chat.type == "private"


def test_run_polling_application_round_trip(server: FakeTelegram) -> None:
    """A real Application polls, handles a /start command and replies; shutdown stays quick."""

    async def start(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, "hello")

    async def scenario() -> list[dict]:
        app: Application = (
            ApplicationBuilder().token(server.token).base_url(server.base_url).build()
        )
        app.add_handler(CommandHandler("start", start))
        chat = server.private_chat(REPORTER)
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(timeout=10)
            server.push_message(server.text_message(chat, server.user(REPORTER), "/start"))
            sent = await asyncio.to_thread(server.wait_for_messages, REPORTER, 1, 10.0)
            await app.updater.stop()
            await app.stop()
        return sent

    started = time.monotonic()
    sent = asyncio.run(scenario())
    assert [m["text"] for m in sent] == ["hello"]
    assert time.monotonic() - started < 8
    methods = [method for method, _ in server.calls]
    assert methods[:3] == ["getMe", "deleteWebhook", "getUpdates"]
    assert server.pending_updates() == 0  # the final getUpdates confirmed the /start update


def test_wait_for_messages_reports_what_was_sent(server: FakeTelegram) -> None:
    async def scenario() -> None:
        async with _bot(server) as bot:
            await bot.send_message(REPORTER, "only this")

    asyncio.run(scenario())
    with pytest.raises(AssertionError, match="only this"):
        server.wait_for_messages(REPORTER, 2, timeout=0.2)
