"""Scheduled digests as JobQueue jobs: one daily job per chat, rebuilt from the database at
start-up, a digest missed while the bot was down sent then, and at most one per local date."""

from __future__ import annotations

import datetime as dt
import logging

from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, JobQueue

from handlers.common import SERVICES, Services, off_loop, send_unasked, services, unreachable
from service.schedule import ChatSchedule

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 30
# A job that starts late (the loop busy with a burst of stories) still runs within this window;
# APScheduler's default of 1 s would drop it silently.
MISFIRE_GRACE_SECONDS = 3600


def job_name(chat_id: int) -> str:
    return f"digest:{chat_id}"


def schedule_chat(job_queue: JobQueue, chat: ChatSchedule) -> None:
    """(Re)place the chat's daily digest job to match its schedule."""
    for job in job_queue.get_jobs_by_name(job_name(chat.chat_id)):
        job.schedule_removal()
    at = chat.digest_at
    if at is None:
        return
    job_queue.run_daily(
        scheduled_digest,
        time=at,
        chat_id=chat.chat_id,
        name=job_name(chat.chat_id),
        job_kwargs={"misfire_grace_time": MISFIRE_GRACE_SECONDS, "coalesce": True},
    )
    log.info("digest for chat %s at %s %s", chat.chat_id, chat.digest_time, chat.timezone)


async def send_digest(
    app: Application, svc: Services, chat: ChatSchedule, local_date: dt.date
) -> None:
    """Send the chat's scheduled digest for `local_date` unless it already went out. A chat the
    bot can no longer reach has its digest turned off rather than failing every morning."""
    if not svc.access.serves(chat.chat_id, chat.kind == ChatType.PRIVATE):
        # A chat the bot once served (or an outsider's, from an older, laxer rule) that the
        # allow-lists do not name: it gets nothing from the store.
        log.warning("chat %s is not on the allow-lists: no digest sent", chat.chat_id)
        return
    chats = svc.newsroom.chats
    if not await off_loop(chats.claim_digest, chat.chat_id, local_date):
        log.info("digest for chat %s on %s already sent", chat.chat_id, local_date)
        return
    messages = await off_loop(svc.newsroom.digest, chat.ref, dt.datetime.now(dt.UTC))
    try:
        await send_unasked(app.bot, svc.newsroom, chat.chat_id, messages)
    except TelegramError as error:
        if not unreachable(error):
            log.error("digest for chat %s failed: %s", chat.chat_id, error)
            return
        log.warning(
            "chat %s cannot be reached (%s): its digest is now off, its watches end",
            chat.chat_id,
            error,
        )
        await off_loop(svc.newsroom.chat_left, chat.chat_id)


async def scheduled_digest(context: ContextTypes.DEFAULT_TYPE) -> None:
    job = context.job
    if job is None or job.chat_id is None:
        return
    svc = services(context)
    chat = await off_loop(svc.newsroom.chats.schedule_of, job.chat_id)
    if chat is None or chat.digest_time is None:
        return
    local_date = chat.due_date(dt.datetime.now(dt.UTC))
    if local_date is not None:
        await send_digest(context.application, svc, chat, local_date)


async def heartbeat(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Record that the bot is running, so a restart knows which digests it missed; forget
    handled update ids Telegram can no longer deliver again."""
    newsroom, now = services(context).newsroom, dt.datetime.now(dt.UTC)
    await off_loop(newsroom.chats.mark_alive, now)
    await off_loop(newsroom.deliveries.forget_old, now)


async def restore(app: Application) -> None:
    """At start-up: send digests that fell due while the bot was down, then rebuild the jobs."""
    svc: Services = app.bot_data[SERVICES]
    chats = svc.newsroom.chats
    assert app.job_queue is not None
    now = dt.datetime.now(dt.UTC)
    for chat, day in await off_loop(chats.missed_digests, now):
        log.info("sending the digest chat %s missed on %s", chat.chat_id, day)
        try:
            await send_digest(app, svc, chat, day)
        except Exception:  # one chat's failure must not stop the bot from starting
            log.exception("the missed digest for chat %s failed", chat.chat_id)
    for chat in await off_loop(chats.scheduled):
        schedule_chat(app.job_queue, chat)
    await off_loop(chats.mark_alive, now)
    app.job_queue.run_repeating(heartbeat, interval=HEARTBEAT_SECONDS, name="heartbeat")
