"""Wiring: the store, the extractor and the newsroom service, and the python-telegram-bot
Application whose handlers call them."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import signal
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pythonjsonlogger.json import JsonFormatter
from sqlalchemy.engine import make_url
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.settings import Settings

if TYPE_CHECKING:
    from extract.engine import Extractor
from extract.gazetteer import default_gazetteer
from handlers import access, commands, digests, errors, inbox, stories, watches
from handlers.common import SERVICES, Services
from readers.documents import MAX_FILE_BYTES
from service.access import AccessPolicy
from service.fetch import Fetcher, FetchPolicy
from service.ingest import Ingestor
from service.links import LinkReader
from service.newsroom import COMMANDS, Newsroom
from service.schedule import ChatSchedule
from service.schedule import Defaults as DigestDefaults
from service.worker import IsolatedExtractor, ParseWorker
from storage.db import make_engine
from storage.migrate import ensure_current

log = logging.getLogger(__name__)
# Stories wait for the one extraction worker without holding up commands: keep this well above
# the largest burst of forwards expected.
CONCURRENT_UPDATES = 256
TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024
HANDLED_GROUP = 100  # runs after every other handler of an update


class RedactSecrets(logging.Filter):
    """Blank out secrets in every log line: the Bot API URL holds the token, and libraries log
    it (PTB at DEBUG, httpx at INFO, exceptions that quote the URL)."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[secret]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self._clean(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
            # Formatters then print the cleaned text (a JSON formatter would format the
            # exception afresh from exc_info, token and all).
            record.exc_info = None
        return True


def configure_logging(settings: Settings) -> None:
    """Log lines as text or as JSON objects (LOG_FORMAT), with every secret blanked out."""
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(
            JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", timestamp=False)
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=settings.log_level, handlers=[handler])
    secrets = [settings.telegram_bot_token, settings.webhook_secret_token]
    password = make_url(settings.database_url).password
    redact = RedactSecrets(
        [s.get_secret_value() for s in secrets if s is not None] + [str(password or "")]
    )
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    # httpx logs every request at INFO: noise, and before redaction, the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def build_newsroom(
    settings: Settings, extractor: Extractor | None = None, worker: ParseWorker | None = None
) -> Newsroom:
    """The service over the configured database: stories parsed in `worker`'s process when
    one is given (the bot), else with the `extractor` given (tests share one) or one loaded
    here (the console, imports)."""
    engine = make_engine(settings.database_url)
    ensure_current(engine)  # a new database gets the schema; an old one must be upgraded
    if worker is not None:
        parser: Extractor | IsolatedExtractor = IsolatedExtractor(worker)
    elif extractor is not None:
        parser = extractor
    else:
        # Imported here: with a worker, the bot's own process never loads spaCy.
        from extract.engine import Extractor

        parser = Extractor(model=settings.nlp_model)
    ingestor = Ingestor(engine, parser, settings.timezone)  # type: ignore[arg-type]
    defaults = DigestDefaults(settings.default_digest_time, settings.default_timezone)
    links = LinkReader(engine, Fetcher(FetchPolicy(allow_private=settings.allow_private_urls)))
    return Newsroom(
        engine,
        ingestor,
        default_gazetteer(),
        defaults,
        links,
        worker=worker,
        admins=settings.admin_user_ids,
    )


def build_application(
    settings: Settings, newsroom: Newsroom, request: BaseRequest | None = None
) -> Application:
    """The Telegram Application: handlers, HTML replies, rate limits, digest jobs. `request`
    replaces the HTTP layer (tests record calls with it)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = ApplicationBuilder().update_queue(inbox.InboxQueue(newsroom.deliveries))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = (
        builder.token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                tzinfo=ZoneInfo(settings.default_timezone),
            )
        )
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_started)
        .post_shutdown(_stopped)
        .build()
    )
    app.bot_data[SERVICES] = Services(
        newsroom=newsroom,
        access=AccessPolicy(settings.allowed_chat_ids, settings.allowed_user_ids),
        max_download=MAX_FILE_BYTES if settings.self_hosted_api else TELEGRAM_DOWNLOAD_LIMIT,
        note_delay=settings.watch_note_delay_seconds,
    )
    add_handlers(app)
    return app


def add_handlers(app: Application) -> None:
    app.add_handler(TypeHandler(Update, access.gate), group=-3)
    app.add_handler(TypeHandler(Update, access.begin), group=-2)
    app.add_handler(TypeHandler(Update, access.track_chat), group=-1)
    app.add_handler(ChatMemberHandler(access.membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, access.migrated))
    # New messages only: an edited command is not run again, an edited paste is not a story.
    new = filters.UpdateType.MESSAGE
    names = ["start", *(c.name for c in COMMANDS)]
    app.add_handler(CommandHandler(names, commands.command, filters=new))
    app.add_handler(MessageHandler(new & filters.COMMAND, commands.unknown_command))
    app.add_handler(MessageHandler(new & filters.FORWARDED, stories.forwarded))
    app.add_handler(
        MessageHandler(new & filters.ChatType.PRIVATE & filters.Document.ALL, stories.document)
    )
    app.add_handler(
        MessageHandler(
            new & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, stories.pasted
        )
    )
    app.add_handler(TypeHandler(Update, access.mark_handled), group=HANDLED_GROUP)
    app.add_error_handler(errors.on_error)


async def _started(app: Application) -> None:
    svc: Services = app.bot_data[SERVICES]
    _stop_on_signals(app, svc)
    if svc.access.is_open:
        log.warning(
            "ALLOWED_CHAT_IDS and ALLOWED_USER_IDS are empty: ANYONE who finds this bot can "
            "use it and read what the newsroom stored"
        )
    elif svc.access.groups_closed:
        log.warning(
            "ALLOWED_CHAT_IDS is empty: groups are closed. Only the users on ALLOWED_USER_IDS "
            "are served, in private chats; the bot leaves any group it is added to"
        )
    for old_id, new_id in await asyncio.to_thread(svc.newsroom.chats.migrations):
        svc.access = svc.access.with_successor(old_id, new_id)
    await app.bot.set_my_commands([BotCommand(c.name, c.summary) for c in COMMANDS])
    loop = asyncio.get_running_loop()
    job_queue = app.job_queue
    assert job_queue is not None

    def reschedule(chat: ChatSchedule) -> None:
        loop.call_soon_threadsafe(digests.schedule_chat, job_queue, chat)

    def notes_waiting() -> None:
        loop.call_soon_threadsafe(watches.notes_waiting, job_queue, svc.note_delay)

    svc.newsroom.chats.on_change = reschedule
    svc.newsroom.watches.on_notes = notes_waiting
    await digests.restore(app)
    await watches.restore(app)
    await inbox.replay_unhandled(app, svc.newsroom.deliveries)
    log.info("bot @%s ready", app.bot.username)


def _stop_on_signals(app: Application, svc: Services) -> None:
    """SIGTERM and Ctrl-C stop the bot within seconds: the parsing under way is killed first
    (PTB's own stop would wait for it), and its update is read again at the next start."""
    loop = asyncio.get_running_loop()

    def stop_now() -> None:
        log.info("stop signal: cutting off the parsing under way")
        svc.newsroom.stop_work()
        app.stop_running()

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # (no signals there)
            loop.add_signal_handler(sig, stop_now)


async def _stopped(app: Application) -> None:
    svc: Services = app.bot_data[SERVICES]
    svc.newsroom.stop_work()
    # (its loop is closing: notes left now wait for the next start)
    svc.newsroom.watches.on_notes = None
    await asyncio.to_thread(svc.newsroom.chats.mark_alive, dt.datetime.now(dt.UTC))
    svc.newsroom.close()


def run(settings: Settings) -> None:
    """Take updates from Telegram until stopped (Ctrl-C / SIGTERM): by webhook when
    WEBHOOK_URL is set, else by polling."""
    worker = ParseWorker(settings.nlp_model, settings.parse_timeout_seconds)
    worker.warm_up()
    newsroom = build_newsroom(settings, worker=worker)
    app = build_application(settings, newsroom)
    if not settings.webhook_url:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
        return
    assert settings.webhook_secret_token is not None  # (the settings insist)
    app.run_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=settings.webhook_secret_token.get_secret_value(),
        allowed_updates=Update.ALL_TYPES,
    )
