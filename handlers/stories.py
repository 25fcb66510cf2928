"""Stories: forwards in any chat the bot can see, and long pasted texts in private chats."""

from __future__ import annotations

from telegram import (
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from handlers.common import off_loop, reply, services
from service.ingest import Submission

MIN_PASTED = 300


def submission_of(message: Message) -> Submission | None:
    """The story in a message, with where it came from; None when it has no text."""
    text = message.text or message.caption
    if not text or not text.strip():
        return None
    origin = message.forward_origin
    source = fallback = None
    channel_post = None
    if isinstance(origin, MessageOriginChannel):
        source = origin.chat.title
        channel_post = (origin.chat.id, origin.message_id)
    elif isinstance(origin, MessageOriginChat):
        fallback = origin.sender_chat.title
    elif isinstance(origin, MessageOriginUser):
        fallback = origin.sender_user.full_name
    elif isinstance(origin, MessageOriginHiddenUser):
        fallback = origin.sender_user_name
    return Submission(
        text=text,
        source=source,
        fallback_source=fallback,
        published_at=origin.date if origin else message.date,
        origin=channel_post,
        received_chat_id=message.chat_id,
        received_from=message.from_user.id if message.from_user else None,
    )


async def forwarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A forward is an article, whatever its length."""
    message = update.effective_message
    if message is None:
        return
    submission = submission_of(message)
    if submission is None:
        await reply(update, ["There is no text in that forward for me to read."])
        return
    await _ingest(update, context, submission)


async def pasted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text in a private chat: an article when long enough, else a pointer to /help."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or chat.type != ChatType.PRIVATE:
        return
    text = message.text or ""
    if len(text.strip()) < MIN_PASTED:
        await reply(
            update,
            [
                f"Forward me a story, or paste one ({MIN_PASTED}+ characters). "
                "/help lists the commands."
            ],
        )
        return
    submission = submission_of(message)
    if submission is not None:
        await _ingest(update, context, submission)


async def _ingest(update: Update, context: ContextTypes.DEFAULT_TYPE, sub: Submission) -> None:
    svc = services(context)
    _, messages = await off_loop(svc.newsroom.ingest, sub, executor=svc.ingest_executor)
    await reply(update, messages)
