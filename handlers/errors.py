"""The last resort: log what failed with its context, tell the user briefly, keep serving."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers.common import off_loop, services
from service import updates
from service.failures import database_unavailable
from service.worker import WorkerStopped

log = logging.getLogger(__name__)
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
DB_BUSY = (
    "The newsroom database is busy or not answering, so nothing was stored or looked up. "
    "Please try again in a minute."
)


def apology(error: BaseException | None) -> str:
    """What the user is told: the database being down or locked is worth naming, since trying
    again is the remedy; anything else is our bug, and its internals stay in the log."""
    if database_unavailable(error):
        return DB_BUSY
    return SORRY


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
    try:
        await off_loop(updates.mark_handled, services(context).newsroom.engine, update.update_id)
    except SQLAlchemyError:
        log.warning("could not mark failed update %s handled", update.update_id)
    raise ApplicationHandlerStop
