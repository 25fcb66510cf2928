"""Stories: forwards in any chat the bot can see, texts, links and files in private chats."""

from __future__ import annotations

import logging

from telegram import (
    Message,
    MessageEntity,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from handlers.common import reply, services
from service.html import bold
from service.ingest import MIN_PASTED, Story

log = logging.getLogger(__name__)
# A post with a link and fewer words than this besides it is a teaser: the story is the page.
# (A short news post of its own stays a post; a teaser is a sentence or two.)
TEASER_WORDS = 60
_LINKS = [MessageEntity.URL, MessageEntity.TEXT_LINK]


def story_of(message: Message, text: str | None = None) -> Story:
    """A story with the message's provenance: who or which channel it came from and
    when the original was posted."""
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
    return Story(
        text=text if text is not None else message.text or message.caption or "",
        source=source,
        fallback_source=fallback,
        published_at=origin.date if origin else message.date,
        origin=channel_post,
        received_chat_id=message.chat_id,
        received_from=message.from_user.id if message.from_user else None,
    )


def links_of(message: Message) -> list[str]:
    """The links in a message, visible or hidden behind words (`text_link`), in order."""
    found = message.parse_entities(_LINKS) or message.parse_caption_entities(_LINKS)
    links: list[str] = []
    for entity, shown in sorted(found.items(), key=lambda item: item[0].offset):
        link = entity.url if entity.type == MessageEntity.TEXT_LINK else shown
        if link and "://" not in link:
            link = "https://" + link  # "reuters.com/..." as written in a post
        # Only web links can lead to a story (not tg://, mailto: ...).
        if link and link.lower().startswith(("http://", "https://")) and link not in links:
            links.append(link)
    return links


def is_teaser(message: Message) -> bool:
    """A link with little text around it: the story is behind the link."""
    text = message.text or message.caption or ""
    found = message.parse_entities([MessageEntity.URL]) or message.parse_caption_entities(
        [MessageEntity.URL]
    )
    for shown in found.values():
        text = text.replace(shown, " ")
    return len(text.split()) < TEASER_WORDS


async def forwarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A forward is an article, whatever its length: its text, the page its link leads to when
    it is a teaser, or the file it carries."""
    message = update.effective_message
    if message is None:
        return
    if message.document is not None:
        await document(update, context)
        return
    if await _took_teaser_link(update, context, message):
        return
    story = story_of(message)
    if not story.text.strip():
        await reply(update, ["There is no text in that forward for me to read."])
        return
    await reply(update, await services(context).newsroom.take_story(story))


async def pasted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text in a private chat: a link to read, an article when long enough, else a
    pointer to /help."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or chat.type != ChatType.PRIVATE:
        return
    if await _took_teaser_link(update, context, message):
        return
    text = message.text or ""
    if len(text.strip()) < MIN_PASTED:
        await reply(
            update,
            [
                f"Forward me a story, send a link or a file, or paste a story ({MIN_PASTED}+ "
                "characters). /help lists the commands."
            ],
        )
        return
    await reply(update, await services(context).newsroom.take_story(story_of(message)))


async def _took_teaser_link(
    update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message
) -> bool:
    """A teaser's story is the page its (first) link leads to: taken, and True; else False."""
    links = links_of(message)
    if not links or not is_teaser(message):
        return False
    messages = await services(context).newsroom.take_link(links[0], story_of(message))
    await reply(update, messages)
    return True


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file (.txt, .html, .pdf, .docx): its text is the story."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    doc = message.document
    svc = services(context)
    name = doc.file_name or "the file"
    limit = svc.max_download
    if doc.file_size and doc.file_size > limit:
        size = f"{limit // (1024 * 1024)} MB"
        await reply(update, [f"{bold(name)} is larger than the {size} bots may download."])
        return
    try:
        data = bytes(await (await doc.get_file()).download_as_bytearray())
    except TelegramError as exc:
        log.warning("downloading %s failed: %s", doc.file_id, exc)
        await reply(update, [f"Couldn't download {bold(name)} from Telegram. Try again later."])
        return
    messages = await svc.newsroom.take_document(
        data, name, doc.mime_type, story_of(message, text="")
    )
    await reply(update, messages)
