"""The last resort: log what failed with its context, tell the user briefly, keep serving."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

log = logging.getLogger(__name__)
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat if isinstance(update, Update) else None
    log.error(
        "handling update %s in chat %s failed",
        update.update_id if isinstance(update, Update) else None,
        chat.id if chat else None,
        exc_info=context.error,
    )
    if chat is None or isinstance(context.error, TelegramError):
        return  # Telegram itself failed: another message would likely fail too
    try:
        await chat.send_message(SORRY)
    except TelegramError:
        log.warning("could not tell chat %s about the error", chat.id)
