"""/watch and /unwatch: the places and people a chat follows, and the notes new stories bring it.

A watch is a place the gazetteer knows (a city with its districts, a region with its towns, a
country with everything in it) or else a person, matched as `/quotes` matches a speaker. A new
story that brings a casualty record there, or a quote by that person, leaves one note per chat
in an outbox (`storage.models.WatchNote`): never two for one story, none lost to a restart. The
transport sends what waits (`due`), each chat's notes as one message, at most one a minute.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from extract.gazetteer import Gazetteer
from service import casualties
from service.html import bold, esc, quoted, split_message
from service.incidents import Incident
from service.schedule import ChatRef
from storage import queries
from storage.db import reading, transaction
from storage.models import ArticleRow, CasualtyRow, ChatWatch, QuoteRow, WatchNote, name_key

MAX_WATCHES = 50  # per chat
MAX_NAME = 60  # characters of a watched name
# Telegram takes about 20 messages a minute from a bot in a group: one note a minute leaves the
# rest for answers, and a burst of stories reads better as one message anyway.
NOTE_INTERVAL = dt.timedelta(minutes=1)
SHOWN_STORIES = 5  # in a note on several stories; the others are counted
_STORY_LINES = 3  # what one story brings a chat, at most
_QUOTE_CHARS = 120
PLACE_KINDS = ("city", "region", "country")
PERSON = "person"
_WHERE = {
    "city": "there",
    "region": "there or in a town of it",
    "country": "anywhere in it",
}


@dataclass(frozen=True)
class Watched:
    """What a chat watches, as replies name it."""

    name: str
    kind: str  # city, region, country or person

    @property
    def label(self) -> str:
        return f"{self.name} ({self.kind})"


@dataclass(frozen=True)
class Outgoing:
    """The notes waiting for one chat, as the messages to send it."""

    chat_id: int
    private: bool
    messages: tuple[str, ...]
    note_ids: tuple[int, ...]


class Watches:
    """A chat's watches, the notes new stories leave for them, and the outbox they wait in."""

    def __init__(self, engine: Engine, gazetteer: Gazetteer) -> None:
        self._engine = engine
        self.gazetteer = gazetteer
        # Told (from the thread that stored the story) when notes are waiting: the transport
        # schedules their sending.
        self.on_notes: Callable[[], None] | None = None

    # Commands ---------------------------------------------------------------------------------

    def watch_reply(self, ref: ChatRef, args: list[str]) -> list[str]:
        """/watch NAME: watch a place or a person; /watch: what this chat watches."""
        if not args:
            return [self._listing(ref.chat_id)]
        text = " ".join(args)
        problem = _unwatchable(text)
        if problem is not None:
            return [problem]
        watched, key = self._resolve(text)
        already = [f"Already watching {bold(watched.label)}."]
        try:
            with transaction(self._engine) as session:
                watches = queries.watches_of(session, ref.chat_id)
                if any((w.kind, w.key) == (watched.kind, key) for w in watches):
                    return already
                if len(watches) >= MAX_WATCHES:
                    return [
                        f"This chat watches {MAX_WATCHES} places and people already, the most "
                        "it can. <code>/unwatch</code> one first."
                    ]
                queries.add_watch(
                    session,
                    ChatWatch(chat_id=ref.chat_id, kind=watched.kind, name=watched.name, key=key),
                )
        except IntegrityError:  # the same /watch twice at once
            return already
        if watched.kind == PERSON:
            when = f"a story quotes {esc(watched.name)}"
        else:
            when = f"a story brings casualties {_WHERE[watched.kind]}"
        return [f"Watching {bold(watched.label)}: a note comes when {when}."]

    def unwatch_reply(self, ref: ChatRef, args: list[str]) -> list[str]:
        """/unwatch NAME: stop watching it."""
        if not args:
            return ["Stop watching what? e.g. <code>/unwatch Kharkiv</code> (/watch lists them)."]
        text = " ".join(args)
        _, key = self._resolve(text)
        with transaction(self._engine) as session:
            removed = queries.remove_watches(session, ref.chat_id, {key, name_key(text)})
        if not removed:
            return [f"{bold(text)} is not watched here. /watch lists what is."]
        names = ", ".join(Watched(w.name, w.kind).label for w in removed)
        return [f"Stopped watching {bold(names)}."]

    def _listing(self, chat_id: int) -> str:
        with reading(self._engine) as session:
            watches = queries.watches_of(session, chat_id)
        if not watches:
            return (
                "Nothing is watched here. e.g. <code>/watch Kharkiv</code> (a place) or "
                "<code>/watch Lavrov</code> (a person)."
            )
        lines = [f"{bold('Watched here')} ({len(watches)})"]
        lines += [f"• {esc(Watched(w.name, w.kind).label)}" for w in watches]
        lines.append("<code>/unwatch NAME</code> stops one.")
        return "\n".join(lines)

    def _resolve(self, text: str) -> tuple[Watched, str]:
        """What `text` names, and its key: a place the gazetteer knows, else a person."""
        entry = self.gazetteer.lookup(text)
        if entry is not None and entry.kind in PLACE_KINDS:
            return Watched(entry.name, entry.kind), entry.name.lower()
        name = " ".join(text.split())
        return Watched(name, PERSON), name_key(name)

    # Chats that come and go -------------------------------------------------------------------

    def stop(self, chat_id: int) -> None:
        """The chat is gone for the bot: its watches end and its waiting notes are dropped."""
        with transaction(self._engine) as session:
            queries.forget_chat_watches(session, chat_id)

    def moved(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its watches and notes follow it."""
        with transaction(self._engine) as session:
            queries.move_watches(session, old_id, new_id)

    # Notes ------------------------------------------------------------------------------------

    def story_stored(self, article_id: int) -> int:
        """Leave a note for each chat whose watches a newly stored story touches (not the chat
        it came in, which has its receipt); how many were left. Tells `on_notes`."""
        with reading(self._engine) as session:
            watches = queries.all_watches(session)
            article = queries.article_by_id(session, article_id) if watches else None
            if article is None:
                return 0
            notes = _Noter(session, self.gazetteer, article).notes(
                [w for w in watches if w.chat_id != article.received_chat_id]
            )
        if not notes:
            return 0
        with transaction(self._engine) as session:
            noted = queries.chats_noted_of(session, article_id)
            notes = [n for n in notes if n.chat_id not in noted]
            queries.add_notes(session, notes)
        if notes and self.on_notes is not None:
            self.on_notes()
        return len(notes)

    def due(self, now: dt.datetime) -> tuple[list[Outgoing], dt.datetime | None]:
        """The notes to send now, one Outgoing per chat; and when to look again for the chats
        that were sent a note less than NOTE_INTERVAL ago (None: none is held back)."""
        outgoing: list[Outgoing] = []
        later: dt.datetime | None = None
        with reading(self._engine) as session:
            waiting: dict[int, list[WatchNote]] = {}
            for note in queries.waiting_notes(session):
                waiting.setdefault(note.chat_id, []).append(note)
            for chat_id, notes in waiting.items():
                last = queries.last_note_sent(session, chat_id)
                if last is not None and now - last < NOTE_INTERVAL:
                    held = last + NOTE_INTERVAL
                    later = held if later is None else min(later, held)
                    continue
                settings = queries.chat_settings(session, chat_id)
                private = settings.kind == "private" if settings else chat_id > 0
                ids = tuple(n.id for n in notes if n.id is not None)
                outgoing.append(Outgoing(chat_id, private, tuple(note_messages(notes)), ids))
        return outgoing, later

    def sent(self, note_ids: Sequence[int], at: dt.datetime) -> None:
        """These notes went out (or were given up on): never again."""
        with transaction(self._engine) as session:
            queries.mark_notes_sent(session, note_ids, at)

    def drop(self, chat_id: int) -> int:
        """Drop the notes waiting for a chat the bot may not write to; how many."""
        with transaction(self._engine) as session:
            return queries.drop_waiting_notes(session, chat_id)


def _unwatchable(text: str) -> str | None:
    """Why `text` cannot be watched, or None."""
    if len(text) > MAX_NAME:
        return f"That name is too long to watch ({MAX_NAME} characters at most)."
    if not re.search(r"[^\W\d_]", text) or not re.fullmatch(r"[\w .,'’-]+", text):
        return (
            "Watch a place or a person by name, e.g. <code>/watch Kharkiv</code> or "
            "<code>/watch Lavrov</code>."
        )
    return None


def note_messages(notes: Sequence[WatchNote]) -> list[str]:
    """One chat's waiting notes as one message (split only if too long): a note on one story as
    it is, several under one heading ("Kharkiv: 30 new stories"), the first few shown."""
    if len(notes) == 1:
        return split_message([f"{bold(notes[0].topic)} — new story\n{notes[0].text}"])
    topics = list(dict.fromkeys(n.topic for n in notes))
    named = ", ".join(topics[:3]) + (f" and {len(topics) - 3} more" if len(topics) > 3 else "")
    lines = [f"{bold(named)}: {len(notes)} new stories"]
    lines += [n.text for n in notes[:SHOWN_STORIES]]
    if len(notes) > SHOWN_STORIES:
        lines.append(f"+{len(notes) - SHOWN_STORIES} more (/sources lists them)")
    return split_message(["\n".join(lines)])


class _Noter:
    """The notes one new story leaves: what it brings each watching chat."""

    def __init__(self, session: Session, gazetteer: Gazetteer, article: ArticleRow) -> None:
        assert article.id is not None
        self.session = session
        self.gazetteer = gazetteer
        self.article = article
        self.article_id = article.id
        ids = [article.id]
        self.tolls = [
            r for r in queries.rows_of_articles(session, CasualtyRow, ids) if _brings_news(r)
        ]
        self.quotes: list[QuoteRow] = [
            q for q in queries.rows_of_articles(session, QuoteRow, ids) if q.speaker
        ]
        self._speakers: dict[str, set[str]] = {}  # a watched person's key -> names matching
        self._toll_lines: dict[int, str] | None = None  # a record's id -> its line

    def notes(self, watches: Sequence[ChatWatch]) -> list[WatchNote]:
        by_chat: dict[int, list[ChatWatch]] = {}
        for watch in watches:
            by_chat.setdefault(watch.chat_id, []).append(watch)
        notes = []
        for chat_id, chat_watches in by_chat.items():
            topic, lines = None, []
            for watch in chat_watches:
                found = self._lines(watch)
                if found and topic is None:
                    topic = watch.name
                lines += [line for line in found if line not in lines]
            if topic is None:
                continue
            cite = f" — {esc(self.article.source or 'unattributed')} · /article {self.article_id}"
            shown = [line + cite for line in lines[:_STORY_LINES]]
            if len(lines) > _STORY_LINES:
                shown.append(f"  +{len(lines) - _STORY_LINES} more in /article {self.article_id}")
            notes.append(
                WatchNote(
                    chat_id=chat_id, article_id=self.article_id, topic=topic, text="\n".join(shown)
                )
            )
        return notes

    def _lines(self, watch: ChatWatch) -> list[str]:
        """What the story brings this watch, a line each."""
        if watch.kind == PERSON:
            return self._quote_lines(watch)
        at = [r for r in self.tolls if self._inside(watch, r)]
        if not at:
            return []
        lines = self._lines_of_tolls()
        return list(dict.fromkeys(lines[r.id] for r in at if r.id in lines))

    def _inside(self, watch: ChatWatch, toll: CasualtyRow) -> bool:
        """Whether a casualty record is at the watched place or inside it."""
        where = (toll.location or "").lower()
        if where == watch.key or (toll.region or "").lower() == watch.key:
            return True
        if watch.kind == "city":
            return where.endswith(f", {watch.key}")  # one of its districts
        if watch.kind == "region":
            town = (toll.location or "").rsplit(", ", 1)[-1]  # a district's city
            return self.gazetteer.contains(watch.name, town)
        return (toll.country or "").lower() == watch.key

    def _quote_lines(self, watch: ChatWatch) -> list[str]:
        if not self.quotes:
            return []
        if watch.key not in self._speakers:
            self._speakers[watch.key] = set(queries.names_matching(self.session, watch.name))
        names = self._speakers[watch.key]
        by_speaker: dict[str, list[QuoteRow]] = {}
        for quote in self.quotes:
            if quote.speaker in names:
                by_speaker.setdefault(quote.speaker, []).append(quote)
        lines = []
        for speaker, said in by_speaker.items():
            more = f" (+{len(said) - 1} more)" if len(said) > 1 else ""
            lines.append(f"{bold(speaker)}: {quoted(said[0].text, _QUOTE_CHARS)}{more}")
        return lines

    def _lines_of_tolls(self) -> dict[int, str]:
        """Each of the story's records as a line: "Kyiv, 24 Apr: at least 12 killed"; where
        the story raised the toll of an incident reported before, "Kyiv, 24 Apr: now at least
        16 killed, was 12". Worked out once, for every chat."""
        if self._toll_lines is None:
            rises = _rises(self.session, self.article_id, self.tolls)
            self._toll_lines = {}
            for toll in self.tolls:
                assert toll.id is not None
                rise = rises.get(toll.id)
                if rise is not None:
                    self._toll_lines[toll.id] = rise
                    continue
                note = casualties.scope_note(toll.scope == "aggregate", toll.covers or [], False)
                figures = casualties.toll_text(toll.killed, toll.injured, toll.qualifier)
                where = f"{toll.location}, {_short_day(toll.day)}"
                self._toll_lines[toll.id] = f"{esc(where)}: {esc(figures)}{note}"
        return self._toll_lines


def _brings_news(toll: CasualtyRow) -> bool:
    """A record worth a note: a toll at a place, of this story's events (not one cited as
    background, nor a part of a toll the story gives whole)."""
    return (
        bool(toll.location)
        and (toll.killed is not None or toll.injured is not None)
        and not toll.background
        and toll.scope != "subset"
    )


def _rises(session: Session, article_id: int, tolls: Sequence[CasualtyRow]) -> dict[int, str]:
    """The records (by id) whose story raised the toll of an incident reported before, with
    the line saying so: the place's incidents grouped with and without the story, compared."""
    reports = casualties.reports_around(session, tolls)
    if all(article.id == article_id for _, article in reports):
        return {}  # nothing reported there before
    after = casualties.incidents_of(session, reports)
    before = casualties.incidents_of(session, [r for r in reports if r[1].id != article_id])
    rises: dict[int, str] = {}
    for incident in after:
        others = _articles(incident) - {article_id}
        if article_id not in _articles(incident) or not others:
            continue
        earlier = next((i for i in before if _articles(i) & others), None)
        change = _rise(earlier, incident, article_id) if earlier is not None else None
        if change is None:
            continue
        for toll in tolls:
            if toll.id is not None and (toll.location or "").lower() in incident.locations:
                rises[toll.id] = change
    return rises


def _articles(incident: Incident) -> set[int]:
    return {r.article_id for r in incident.reports}


def _rise(before: Incident, after: Incident, article_id: int) -> str | None:
    """ "Kyiv, 24 Apr: now at least 16 killed, was 12" when this article's figures raised the
    incident's toll; else None."""
    now, was = [], []
    for noun, old, new, source in (
        ("killed", before.killed, after.killed, after.killed_from),
        ("injured", before.injured, after.injured, after.injured_from),
    ):
        rose = old is not None and new is not None and new > old
        if rose and source is not None and source.article_id == article_id:
            now.append(f"{new:,} {noun}")
            was.append((f"{old:,}", noun))
    if not now:
        return None
    qualifier = f"{after.qualifier} " if after.qualifier and now[0].endswith("killed") else ""
    earlier = ", ".join(f"{n} {noun}" if len(was) > 1 else n for n, noun in was)
    where = f"{after.place}, {_short_day(after.day)}"
    return f"{esc(where)}: now {esc(qualifier + ', '.join(now))}, was {esc(earlier)}"


def _short_day(day: dt.date | None) -> str:
    """ "24 Apr"."""
    return f"{day.day} {day:%b}" if day else "date unknown"
