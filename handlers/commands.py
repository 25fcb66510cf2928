"""Commands: `/cmd args` and `/cmd@ThisBot args`, answered by the newsroom service."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from handlers.common import chat_ref, off_loop, reply, services
from service.newsroom import ADMIN_COMMANDS, unknown_command_reply

_ADMINS = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR}


def command_name(text: str) -> str:
    """ "casualties" from "/Casualties@NewsroomBot kyiv"."""
    return text.split(maxsplit=1)[0].lstrip("/").split("@", 1)[0].lower()


async def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender may change this chat's settings: anyone in a private chat; a group's
    admins, including an anonymous admin speaking as the group."""
    chat, message, user = update.effective_chat, update.effective_message, update.effective_user
    if chat is None or chat.type == ChatType.PRIVATE:
        return True
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in _ADMINS


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every known command goes through here: the service answers it."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not message.text:
        return
    name = command_name(message.text)
    if name in ADMIN_COMMANDS and not await is_admin(update, context):
        await reply(update, [f"Only group admins can use /{name} here."])
        return
    # Someone posting as a chat (an anonymous admin, a channel) is no person the store knows.
    user = update.effective_user if message.sender_chat is None else None
    newsroom = services(context).newsroom
    messages = await off_loop(
        newsroom.answer, name, list(context.args or []), chat_ref(chat), user.id if user else None
    )
    await reply(update, messages)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command we don't have: point to /help. In groups only when addressed to us, since a
    bare `/cmd` there may be meant for another bot."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not message.text:
        return
    first = message.text.split(maxsplit=1)[0]
    addressee = first.split("@", 1)[1] if "@" in first else None
    me = context.bot.username
    if addressee is not None and addressee.lower() != (me or "").lower():
        return
    if addressee is None and chat.type != ChatType.PRIVATE:
        return
    await reply(update, [unknown_command_reply(first.split("@", 1)[0])])
