"""The gate in front of every handler: a chat or user outside the allow-lists gets one refusal
line and nothing else; nothing it sends is stored."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers.common import Services, chat_ref, off_loop, reply, services
from service.access import REFUSAL
from service.deliveries import GIVEN_UP, MAX_ATTEMPTS

log = logging.getLogger(__name__)
_GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop updates from outside the newsroom (the first handler group). A refused update is
    marked handled, so it is not replayed at the next start."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    svc = services(context)
    if message is not None:
        _follow_migration(svc, message)
    policy = svc.access
    sender_chat = message.sender_chat.id if message and message.sender_chat else None
    if policy.allows(
        chat.id if chat else None,
        bool(chat and chat.type == ChatType.PRIVATE),
        user.id if user else None,
        sender_chat,
    ):
        return
    log.warning(
        "refused update %s from chat %s user %s%s",
        update.update_id,
        chat.id if chat else None,
        user.id if user else None,
        f" on behalf of chat {sender_chat}" if sender_chat is not None else "",
    )
    if chat is not None and chat.type != ChatType.PRIVATE and not policy.allows_chat(chat.id):
        await _leave(update, context)
    elif message is not None and chat is not None and chat.type != ChatType.CHANNEL:
        await message.reply_text(REFUSAL)
    await _mark_handled(update, context)
    raise ApplicationHandlerStop


def _follow_migration(svc: Services, message: Message) -> None:
    """A listed group that became a supergroup: its new id is listed from now on. Done before
    the gate decides, since the supergroup's first updates may come before the notice is
    handled."""
    move = _migration_of(message)
    if move is None:
        return
    old_id, new_id = move
    followed = svc.access.with_successor(old_id, new_id)
    if followed is not svc.access:
        log.warning(
            "listed chat %s is now supergroup %s: it stays allowed (add %s to ALLOWED_CHAT_IDS)",
            old_id,
            new_id,
            new_id,
        )
        svc.access = followed


async def _leave(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group or channel outside the newsroom: one refusal line, then the bot leaves it, so
    nothing more said there reaches the bot."""
    chat = update.effective_chat
    assert chat is not None
    change = update.my_chat_member
    if change is not None and change.new_chat_member.status in _GONE:
        return  # removed already: nothing to say, nothing to leave
    try:
        if chat.type != ChatType.CHANNEL:
            await context.bot.send_message(chat.id, REFUSAL)
        await context.bot.leave_chat(chat.id)
        log.warning("left chat %s: it is not on ALLOWED_CHAT_IDS", chat.id)
    except TelegramError as error:
        log.warning("could not leave chat %s: %s", chat.id, error)


async def track_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remember every chat the bot serves; a group seen for the first time gets the default
    daily digest (handler group -1)."""
    chat = update.effective_chat
    if chat is None or chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    if update.my_chat_member or update.chat_member:
        return  # membership changes: see `membership`
    await off_loop(services(context).newsroom.chats.seen, chat_ref(chat))


async def membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot added to a group starts serving it; removed from one, it stops its digest and
    its watches."""
    change, chat = update.my_chat_member, update.effective_chat
    if change is None or chat is None or chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    newsroom = services(context).newsroom
    if change.new_chat_member.status in _GONE:
        log.info("removed from chat %s: its digest is off, its watches end", chat.id)
        await off_loop(newsroom.chat_left, chat.id)
        return
    await off_loop(newsroom.chats.seen, chat_ref(chat))


def _migration_of(message: Message) -> tuple[int, int] | None:
    """(old id, new id) when the message is the notice of a group becoming a supergroup."""
    if message.migrate_to_chat_id is not None:
        return message.chat_id, message.migrate_to_chat_id
    if message.migrate_from_chat_id is not None:
        return message.migrate_from_chat_id, message.chat_id
    return None


async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop an update delivered again after it was handled, and give up on one whose handling
    keeps failing: each start that replays it counts an attempt (the second handler group)."""
    deliveries = services(context).newsroom.deliveries
    attempts = await off_loop(deliveries.begin_attempt, update.update_id)
    if attempts is None:
        log.info("update %s was handled already; skipped", update.update_id)
        raise ApplicationHandlerStop
    if attempts <= MAX_ATTEMPTS:
        return
    log.error("update %s failed %s times; given up", update.update_id, attempts - 1)
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.CHANNEL:
        try:
            await reply(update, [GIVEN_UP.format(attempts=attempts - 1)])
        except TelegramError as error:
            log.warning("could not tell chat %s: %s", chat.id, error)
    await _mark_handled(update, context)
    raise ApplicationHandlerStop


async def mark_handled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every handler has run for this update (the last handler group)."""
    await _mark_handled(update, context)


async def _mark_handled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await off_loop(services(context).newsroom.deliveries.mark_handled, update.update_id)


async def migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup (new id): its schedule, settings and watches follow it."""
    message = update.effective_message
    move = _migration_of(message) if message is not None else None
    if move is None:
        return
    await off_loop(services(context).newsroom.chat_migrated, *move)
