"""The newsroom: every command the bot answers, the same in Telegram and in the console.

newsroom = Newsroom(engine, ingestor, gazetteer, defaults)
newsroom.answer("casualties", ["kiev", "this", "week"], chat)   # -> messages (HTML)
await newsroom.take_story(story)        # a story, a link or a file in: the receipt out
newsroom.chats, newsroom.deliveries     # the chats served; the record of Telegram's updates
newsroom.watches                        # what chats watch, and the notes waiting for them

The transport reaches the store only through these: no engine, session or row leaves here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from extract.gazetteer import Gazetteer
from readers.documents import UnreadableDocument, document_text
from service import articles, casualties, digest, people, schedule
from service.chats import Chats
from service.deliveries import Deliveries
from service.fetch import FetchError
from service.html import bold, esc, shorten, split_message
from service.ingest import Ingestor, Receipt, Story, duplicate_of, visible
from service.links import LinkReader
from service.periods import split_period, unreadable_period
from service.schedule import ChatRef, Defaults
from service.watches import Watches
from service.worker import ParseWorker, WorkCrashed, WorkTimedOut
from storage.db import reading

T = TypeVar("T")
log = logging.getLogger(__name__)

MAX_ARGUMENT = 100
CONSOLE_KIND = "console"  # the chat kind of the console: its operator is at the machine
MAX_ECHOED_COMMAND = 40


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    example: str
    admin_only: bool = False  # in groups


COMMANDS: tuple[Command, ...] = (
    Command("casualties", "tolls at a place, per incident", "/casualties Kyiv this week"),
    Command("quotes", "latest quotes of a person", "/quotes Trump 5"),
    Command("who", "a person's titles and articles", "/who Rutte"),
    Command("sources", "latest articles with their ids", "/sources"),
    Command("article", "one article's facts", "/article 3"),
    Command("digest", "the last 24 hours now", "/digest"),
    Command("schedule", "daily digest time", "/schedule 08:00 Europe/Kyiv", admin_only=True),
    Command("watch", "follow a place or a person", "/watch Kharkiv", admin_only=True),
    Command("unwatch", "stop watching a place or person", "/unwatch Kharkiv", admin_only=True),
    Command("forget", "delete a story you sent, and its facts", "/forget 3"),
    Command("help", "this list", "/help"),
)
ADMIN_COMMANDS = frozenset(c.name for c in COMMANDS if c.admin_only)


def help_text() -> str:
    lines = [
        "I read the stories you forward me and keep their facts: casualty tolls by place and "
        "date, quotes with their speaker, people, places and sources.",
        "",
        "Forward a story (or paste one in a private chat), then ask:",
    ]
    for c in COMMANDS:
        lines.append(f"<code>{esc(c.example)}</code> — {esc(c.summary)}")
    lines += [
        "",
        "Periods: today, yesterday, this week, last week, last 7 days, 2025-04, 24 April 2025.",
        "/watch a place or a person (<code>/watch Lavrov</code>): a note comes when a new "
        "story brings casualties there or quotes them; /watch alone lists what is watched.",
        "In groups, /schedule, /watch and /unwatch are for admins. /forget deletes a story you "
        "sent (newsroom admins: any story).",
    ]
    return "\n".join(lines)


CRASHED = (
    "Reading that made the parser fail, so I gave up on it. Nothing was stored. If it is very "
    "long, send the part that matters."
)


def too_slow_reply(seconds: float) -> str:
    return (
        f"Reading that took more than {seconds:g} s, so I gave up on it. Nothing was "
        "stored. If it is very long, send the part that matters."
    )


def unknown_command_reply(command: str) -> str:
    """The answer to a command we don't have ("/weather"), naming it: shortened, since a
    "command" can be as long as a message and a reply longer than Telegram's limit is refused;
    without invisible characters, which could garble the reply (a direction override)."""
    name = shorten(visible(command), MAX_ECHOED_COMMAND)
    return f"I don't know {esc(name)}. /help lists what I can do."


class Newsroom:
    """Answers commands and takes in stories, over one store."""

    def __init__(
        self,
        engine: Engine,
        ingestor: Ingestor,
        gazetteer: Gazetteer,
        defaults: Defaults,
        links: LinkReader | None = None,
        worker: ParseWorker | None = None,
        admins: frozenset[int] = frozenset(),
    ) -> None:
        self.engine = engine
        # Where files are read (killed when it runs too long); None: in this process.
        self.worker = worker
        self.admins = admins  # ADMIN_USER_IDS: may delete any story
        self.links = links
        self.ingestor = ingestor
        self.gazetteer = gazetteer
        self.defaults = defaults
        self.chats = Chats(engine, defaults)
        self.deliveries = Deliveries(engine)
        self.watches = Watches(engine, gazetteer)
        # Stories are CPU work: one thread keeps it off the event loop and reads them in turn.
        self._ingesting: ThreadPoolExecutor | None = None
        self._answers: dict[str, Callable[[list[str], ChatRef, int | None], list[str]]] = {
            "start": lambda _a, _c, _u: [help_text()],
            "help": lambda _a, _c, _u: [help_text()],
            "casualties": lambda a, c, _u: self.casualties(a, c),
            "quotes": lambda a, c, _u: self.quotes(a, c),
            "who": lambda a, c, _u: self.who(a, c),
            "sources": lambda _a, _c, _u: self._read(articles.sources_reply),
            "article": lambda a, c, _u: self.article(a, c),
            "forget": self.forget,
            "digest": lambda _a, c, _u: self._digest_blocks(c, dt.datetime.now(dt.UTC)),
            "schedule": lambda a, c, _u: self.schedule(a, c),
            "watch": lambda a, c, _u: self.watch(a, c),
            "unwatch": lambda a, c, _u: self.unwatch(a, c),
        }

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.defaults.timezone)

    def knows(self, command: str) -> bool:
        return command.lower() in self._answers

    def answer(
        self, command: str, args: list[str], chat: ChatRef, user_id: int | None = None
    ) -> list[str]:
        """The messages answering `/command args` from `user_id` in `chat`."""
        handler = self._answers.get(command.lower())
        if handler is None:
            return [unknown_command_reply(f"/{command}")]
        # Invisible characters (a zero-width space pasted with a name, a direction override)
        # would make "Ky\u200biv" match nothing and garble the reply that echoes it.
        args = [word for word in map(visible, args) if word.strip()]
        if len(" ".join(args)) > MAX_ARGUMENT:
            return ["That argument is too long. /help shows examples."]
        return split_message(handler(args, chat, user_id))

    async def take_story(self, story: Story) -> list[str]:
        """Store a story the transport received; the receipt to send."""
        return await self._ingest_thread(self._taken, story)

    async def take_link(self, url: str, base: Story) -> list[str]:
        """Store the story behind a link, carrying `base`'s provenance; the receipt, or why
        there is none (already stored, or unreadable: nothing is stored then)."""
        story, messages = await self.story_from_link(url, base)
        return messages if story is None else await self.take_story(story)

    async def take_document(
        self, data: bytes, filename: str, mime_type: str | None, base: Story
    ) -> list[str]:
        """Store the story in a sent file, read and stored in one trip off the event loop;
        the receipt, or why there is none."""
        return await self._ingest_thread(self._document_taken, data, filename, mime_type, base)

    async def _ingest_thread(self, func: Callable[..., T], *args: object) -> T:
        if self._ingesting is None:
            self._ingesting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest")
        return await asyncio.get_running_loop().run_in_executor(self._ingesting, func, *args)

    def _taken(self, story: Story) -> list[str]:
        return self.ingest(story)[1]

    def _document_taken(
        self, data: bytes, filename: str, mime_type: str | None, base: Story
    ) -> list[str]:
        story, messages = self.story_from_document(data, filename, mime_type, base)
        return messages if story is None else self._taken(story)

    async def story_from_link(self, url: str, base: Story) -> tuple[Story | None, list[str]]:
        """The story behind a link, carrying `base`'s provenance; or, instead, the reply to
        send (already stored, or why it could not be read: nothing is stored then)."""
        if self.links is None:
            return None, ["I can't read links here."]
        stored = await asyncio.to_thread(self.links.stored, url)
        if stored is not None:
            return None, articles.receipt_reply(duplicate_of(stored))
        try:
            return await self.links.story(url, base), []
        except FetchError as exc:
            return None, [f"Couldn't read that link: {esc(str(exc))}. Nothing stored."]

    def story_from_document(
        self, data: bytes, filename: str, mime_type: str | None, base: Story
    ) -> tuple[Story | None, list[str]]:
        """The story in a sent file (CPU work: call it off the event loop); or the reply
        saying why it could not be read. With a worker the file is read there, bounded by its
        timeout like a parse: a reader stuck in a hostile file is killed, not the bot."""
        try:
            if self.worker is None:
                document = document_text(data, filename, mime_type)
            else:
                document = self.worker.call(document_text, data, filename, mime_type)
        except UnreadableDocument as exc:
            return None, [f"Couldn't read {bold(filename)}: {esc(str(exc))}. Nothing stored."]
        except WorkTimedOut as exc:
            return None, [too_slow_reply(exc.seconds)]
        except WorkCrashed:
            return None, [CRASHED]
        story = base.read(document)
        return story, []

    def ingest(self, story: Story) -> tuple[Receipt | None, list[str]]:
        """Store a story (CPU-bound: run it off the event loop) and the receipt to send; a
        story whose reading runs past its time is given up, nothing stored. Raises
        WorkerStopped when the bot is stopping (the story is read at the next start)."""
        try:
            receipt = self.ingestor.ingest(story)
        except WorkTimedOut as exc:
            return None, [too_slow_reply(exc.seconds)]
        except WorkCrashed:
            return None, [CRASHED]
        if not receipt.duplicate and receipt.article_id is not None:
            self._note_watchers(receipt.article_id)
        return receipt, articles.receipt_reply(receipt)

    def _note_watchers(self, article_id: int) -> None:
        """Notes for the chats watching what a new story brings."""
        try:
            self.watches.story_stored(article_id)
        except Exception:
            # The story is stored: its reporter gets the receipt even if its notes fail.
            log.exception("the watch notes of article %s failed", article_id)

    def stop_work(self) -> None:
        """Kill the work under way at once (the bot is stopping)."""
        if self.worker is not None:
            self.worker.stop()

    def close(self) -> None:
        """The bot has stopped: wait for the story being stored."""
        if self._ingesting is not None:
            self._ingesting.shutdown(wait=True)
            self._ingesting = None

    def _read(self, reply: Callable, *args: object) -> list[str]:  # type: ignore[type-arg]
        with reading(self.engine) as session:
            return reply(session, *args)

    def _zone(self, chat: ChatRef) -> ZoneInfo:
        """The chat's time zone (set with /schedule), else the default."""
        settings = schedule.settings_of(self.engine, chat.chat_id)
        return ZoneInfo(settings.timezone) if settings else self.timezone

    def casualties(self, args: list[str], chat: ChatRef) -> list[str]:
        today = dt.datetime.now(self._zone(chat)).date()
        unreadable = unreadable_period(args, today)
        if unreadable is not None:
            return [
                f"I can't read {bold(unreadable)} as a date or period. Try today, this week, "
                "last 7 days, 2025-04 or 24 April 2025."
            ]
        place, period = split_period(args, today)
        if not place:
            return [
                "Which place? e.g. <code>/casualties Kyiv</code> or "
                "<code>/casualties Ukraine this week</code>."
            ]
        return self._read(casualties.casualties_reply, self.gazetteer, place, period)

    def quotes(self, args: list[str], _chat: ChatRef) -> list[str]:
        count = None
        # A number after the name is how many, whatever it is ("-1", "99999"): `quotes_reply`
        # keeps it between 1 and its maximum.
        if len(args) > 1 and re.fullmatch(r"-?\d{1,6}", args[-1]):
            count = int(args[-1])
            args = args[:-1]
        if not args:
            return [
                "Whose quotes? e.g. <code>/quotes Trump</code> or <code>/quotes Rutte 3</code>."
            ]
        return self._read(people.quotes_reply, " ".join(args), count)

    def who(self, args: list[str], _chat: ChatRef) -> list[str]:
        if not args:
            return ["Who? e.g. <code>/who Rutte</code>."]
        return self._read(people.who_reply, " ".join(args))

    def article(self, args: list[str], _chat: ChatRef) -> list[str]:
        article_id = _article_id(args)
        if article_id is None:
            return ["Which article? e.g. <code>/article 3</code> (/sources lists them)."]
        return self._read(articles.article_reply, article_id)

    def forget(self, args: list[str], chat: ChatRef, user_id: int | None) -> list[str]:
        """Delete a story: its reporter may, and so may the newsroom's admins and the
        console (the operator at the machine)."""
        article_id = _article_id(args)
        if article_id is None:
            return ["Which article? e.g. <code>/forget 3</code> (/sources lists them)."]
        deleter = articles.Deleter(
            user_id=user_id,
            chat_id=chat.chat_id,
            admin=chat.kind == CONSOLE_KIND or (user_id is not None and user_id in self.admins),
        )
        return articles.forget(self.engine, article_id, deleter)

    def digest(self, chat: ChatRef, now: dt.datetime) -> list[str]:
        """The chat's digest up to `now`, as the messages to send."""
        return split_message(self._digest_blocks(chat, now))

    def _digest_blocks(self, chat: ChatRef, now: dt.datetime) -> list[str]:
        return self._read(digest.digest_reply, now, self._zone(chat))

    def schedule(self, args: list[str], chat: ChatRef) -> list[str]:
        return self.chats.schedule_reply(chat, args)

    def watch(self, args: list[str], chat: ChatRef) -> list[str]:
        if chat.kind == CONSOLE_KIND:
            return ["Watch notes go to Telegram chats; here, /casualties and /quotes answer now."]
        self.chats.seen(chat)  # its kind decides who may be sent its notes
        return self.watches.watch_reply(chat, args)

    def unwatch(self, args: list[str], chat: ChatRef) -> list[str]:
        return self.watches.unwatch_reply(chat, args)

    def chat_left(self, chat_id: int) -> None:
        """The bot was removed or blocked there: its digest is off, its watches end and the
        notes waiting for it are dropped."""
        self.chats.left(chat_id)
        self.watches.stop(chat_id)

    def chat_migrated(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup (a new id): its schedule, settings and watches follow."""
        self.chats.migrated(old_id, new_id)
        self.watches.moved(old_id, new_id)


def _article_id(args: list[str]) -> int | None:
    if len(args) != 1:
        return None
    match = re.fullmatch(r"#?(\d{1,12})", args[0])
    return int(match.group(1)) if match else None
