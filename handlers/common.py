"""What every handler shares: the services it calls and how it sends replies."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from telegram import Chat, Update
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


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data[SERVICES]


async def off_loop(func: Callable[..., T], *args: object) -> T:
    """Run blocking service work (the store) in a thread so other chats are answered
    meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(None, func, *args)


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
