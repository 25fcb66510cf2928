"""The last resort: log what failed with its context, tell the user briefly, keep serving."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers.common import off_loop, services
from service.failures import apology
from service.worker import WorkerStopped

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat if isinstance(update, Update) else None
    if isinstance(context.error, WorkerStopped) and isinstance(update, Update):
        # The bot is stopping: the update stays unhandled and is read at the next start.
        log.info("update %s cut off by the stop; it is handled at the next start", update.update_id)
        raise ApplicationHandlerStop
    log.error(
        "handling update %s in chat %s failed",
        update.update_id if isinstance(update, Update) else None,
        chat.id if chat else None,
        exc_info=context.error,
    )
    if not isinstance(update, Update):
        return  # a job: its own code says what happened
    if chat is not None and not isinstance(context.error, TelegramError):
        # (when Telegram itself failed, another message would likely fail too)
        try:
            await chat.send_message(apology(context.error))
        except TelegramError:
            log.warning("could not tell chat %s about the error", chat.id)
    # Done with it: the user was told, so it is not handled again after a restart (unless
    # the database cannot even record that). One reply per update: later groups don't run.
    await off_loop(services(context).newsroom.deliveries.mark_handled, update.update_id)
    raise ApplicationHandlerStop
