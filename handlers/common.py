"""What every handler shares: the services it calls and how it sends replies."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from telegram import Bot, Chat, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import ContextTypes

from service.access import AccessPolicy
from service.newsroom import Newsroom
from service.schedule import ChatRef

T = TypeVar("T")
SERVICES = "services"


@dataclass
class Services:
    """Put in `application.bot_data[SERVICES]` by the wiring."""

    newsroom: Newsroom
    access: AccessPolicy
    # The largest file the bot downloads: Telegram's cloud Bot API allows 20 MB; with a
    # self-hosted Bot API server, what the document reader takes.
    max_download: int
    # How long watch notes wait for more stories before they are sent (WATCH_NOTE_DELAY_SECONDS).
    note_delay: float


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data[SERVICES]


async def off_loop(func: Callable[..., T], *args: object) -> T:
    """Run blocking service work (the store) in a thread so other chats are answered
    meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(None, func, *args)


def unreachable(error: TelegramError) -> bool:
    """The chat is gone for the bot: removed, blocked or deleted."""
    if isinstance(error, Forbidden):
        return True
    return isinstance(error, BadRequest) and "chat not found" in error.message.lower()


async def send_unasked(bot: Bot, newsroom: Newsroom, chat_id: int, messages: list[str]) -> int:
    """Send messages the chat did not ask for just now (a digest, watch notes). A group that
    became a supergroup is followed to its new id, its settings and watches with it. Returns
    the id they went to; raises TelegramError when they could not go."""
    try:
        for text in messages:
            await bot.send_message(chat_id, text)
        return chat_id
    except ChatMigrated as moved:
        await off_loop(newsroom.chat_migrated, chat_id, moved.new_chat_id)
        for text in messages:
            await bot.send_message(moved.new_chat_id, text)
        return moved.new_chat_id


def chat_ref(chat: Chat) -> ChatRef:
    return ChatRef(chat_id=chat.id, kind=chat.type, title=chat.title)


async def reply(update: Update, messages: list[str]) -> None:
    """Send each message (already HTML and split) to the update's chat."""
    message = update.effective_message
    chat = update.effective_chat
    if chat is None:
        return
    for text in messages:
        if message is not None:
            await message.reply_text(text)
        else:
            await chat.send_message(text)
