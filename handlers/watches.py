"""Watch notes as a JobQueue job: new notes wait a few seconds for the stories that come with
them, then each chat gets its notes as one message, at most one a minute; notes a stop left
waiting are sent at the next start."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import Application, ContextTypes, JobQueue

from handlers.common import SERVICES, Services, off_loop, send_unasked, unreachable
from service.watches import NOTE_INTERVAL, Outgoing

log = logging.getLogger(__name__)
JOB = "watch-notes"
_LOCK = "watch-notes-lock"
# A flush that starts late (the loop busy with a burst of stories) still runs.
MISFIRE_GRACE_SECONDS = 3600


def notes_waiting(job_queue: JobQueue, delay: float) -> None:
    """New notes wait: send them `delay` seconds after the latest, so that a burst of stories
    goes out as one note per chat, yet no later than a minute after the first of them."""
    now = dt.datetime.now(dt.UTC)
    jobs = job_queue.get_jobs_by_name(JOB)
    since = min((job.data for job in jobs), default=now)
    for job in jobs:
        job.schedule_removal()
    wait = dt.timedelta(seconds=delay)
    _flush_at(job_queue, min(now + wait, since + max(wait, NOTE_INTERVAL)), since)


def _flush_at(job_queue: JobQueue, at: dt.datetime, since: dt.datetime) -> None:
    job_queue.run_once(
        flush,
        when=at,
        name=JOB,
        data=since,  # when the first of the notes it sends came
        job_kwargs={"misfire_grace_time": MISFIRE_GRACE_SECONDS},
    )


async def flush(context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_notes(context.application)


async def send_notes(app: Application) -> None:
    """Send every chat the notes waiting for it, unless it had one less than a minute ago: a
    flush is scheduled for then."""
    svc: Services = app.bot_data[SERVICES]
    # One flush at a time: two at once would both send the notes neither has marked sent.
    async with app.bot_data.setdefault(_LOCK, asyncio.Lock()):
        outgoing, later = await off_loop(svc.newsroom.watches.due, dt.datetime.now(dt.UTC))
        for chat in outgoing:
            try:
                if not await _send(app, svc, chat):
                    retry = dt.datetime.now(dt.UTC) + NOTE_INTERVAL
                    later = min(later or retry, retry)
            except Exception:  # one chat's failure must not keep the others' notes
                log.exception("watch notes for chat %s failed", chat.chat_id)
    if later is not None and app.job_queue is not None:
        _flush_at(app.job_queue, later, later)


async def _send(app: Application, svc: Services, chat: Outgoing) -> bool:
    """Send one chat its notes; False when they should be tried again later."""
    watches = svc.newsroom.watches
    if not svc.access.serves(chat.chat_id, chat.private):
        dropped = await off_loop(watches.drop, chat.chat_id)
        log.warning(
            "chat %s is not on the allow-lists: %s watch notes dropped", chat.chat_id, dropped
        )
        return True
    try:
        await send_unasked(app.bot, svc.newsroom, chat.chat_id, list(chat.messages))
    except TelegramError as error:
        if unreachable(error):
            log.warning(
                "chat %s cannot be reached (%s): its watches end, its digest is off",
                chat.chat_id,
                error,
            )
            await off_loop(svc.newsroom.chat_left, chat.chat_id)
            return True
        if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
            log.warning("watch notes for chat %s not sent (%s): tried again", chat.chat_id, error)
            return False
        # Refused for what they are: sending them again would be refused again.
        log.error("watch notes for chat %s refused (%s): dropped", chat.chat_id, error)
    await off_loop(watches.sent, chat.note_ids, dt.datetime.now(dt.UTC))
    return True


async def restore(app: Application) -> None:
    """At start-up: send the notes a stop left waiting."""
    await send_notes(app)
