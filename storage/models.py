"""The tables: articles with their facts (each fact keeps its sentence), and per-chat settings.

An article's rows are named `...Row` (`ArticleRow`, `QuoteRow`): the extractor's values of the
same things (`extract.facts.Article`, `Quote`) are what is read, these what is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint, false, text
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlmodel import Field, SQLModel, col


def utcnow() -> dt.datetime:
    """Now, aware, in UTC: how every timestamp is stored."""
    return dt.datetime.now(dt.UTC)


def name_key(name: str) -> str:
    """How a name is looked up: ignoring case ("mark rutte")."""
    return name.lower()


def surname_key(name: str) -> str:
    """The last word of a name's key ("rutte"): indexed, so "/quotes Rutte" finds Mark Rutte
    without reading every name."""
    words = name_key(name).split()
    return words[-1] if words else ""


def _surname_of(column: str) -> Callable[[DefaultExecutionContext], str | None]:
    # A column default computed from the row's own `column`, for ORM and bulk inserts alike.
    def default(context: DefaultExecutionContext) -> str | None:
        value = context.get_current_parameters().get(column)
        return surname_key(value) if value else None

    return default


def report_time(
    published_at: dt.datetime | None, published: dt.date | None, received_at: dt.datetime
) -> dt.datetime:
    """When an article's report was made, for "latest first" and "the latest toll wins": its
    publication time, else its date, else when it reached us."""
    if published_at is not None:
        return published_at
    if published is not None:
        return dt.datetime.combine(published, dt.time(), tzinfo=dt.UTC)
    return received_at


class ArticleRow(SQLModel, table=True):
    """A story as it reached the bot. `text_key` (the normalised text) and the original channel
    post identify it, so the same story forwarded twice is stored once."""

    __tablename__ = "article"

    # AUTOINCREMENT: on SQLite a deleted article's id is never handed out again (journalists
    # type ids: `/forget 3`); PostgreSQL's sequence never reuses one anyway.
    __table_args__ = (
        UniqueConstraint("origin_chat_id", "origin_message_id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    source: str | None = None
    title: str | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    text_key: str = Field(unique=True, max_length=64)  # sha256 of the normalised text
    author: str | None = None
    url: str | None = Field(default=None, unique=True)  # a fetched page's canonical address
    origin_chat_id: int | None = Field(default=None, sa_type=BigInteger)
    origin_message_id: int | None = Field(default=None, sa_type=BigInteger)
    published_at: dt.datetime | None = None  # when the original was posted (UTC)
    published: dt.date | None = Field(default=None, index=True)  # its date, read by the extractor
    received_at: dt.datetime = Field(default_factory=utcnow, index=True)
    received_chat_id: int | None = Field(default=None, sa_type=BigInteger)
    received_from: int | None = Field(default=None, sa_type=BigInteger)
    dateline: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))

    @property
    def reported_at(self) -> dt.datetime:
        return report_time(self.published_at, self.published, self.received_at)


class _Fact(SQLModel):
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    sentence: str = Field(default="", sa_type=Text)
    start: int | None = None
    end: int | None = None


class _ReportedFact(_Fact):
    # The article's reported_at, copied in so that "latest first" comes off an index.
    reported_at: dt.datetime | None = None


class PersonRow(_ReportedFact, table=True):
    __tablename__ = "person"
    # /who and /quotes: by full name, newest first; titles; by surname ("rutte").
    __table_args__ = (
        Index("ix_person_name_time", "name_key", "reported_at", "article_id"),
        Index("ix_person_name_title", "name_key", "title", "reported_at"),
        Index("ix_person_surname", "surname_key", "name_key", "name", "mentions"),
    )

    name: str
    name_key: str  # name_key(name)
    surname_key: str | None = Field(
        default=None, sa_column_kwargs={"default": _surname_of("name_key")}
    )
    title: str | None = None
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    mentions: int = 0


class PlaceRow(_Fact, table=True):
    __tablename__ = "place"
    name: str
    name_key: str = Field(index=True)  # name_key(name)
    kind: str
    country: str | None = None
    mentions: int = 0


class OrganizationRow(_Fact, table=True):
    __tablename__ = "organization"
    name: str
    mentions: int = 0


class DateMentionRow(_Fact, table=True):
    __tablename__ = "datemention"
    text: str
    date: str | None = None  # ISO at the precision the text gives


class QuoteRow(_ReportedFact, table=True):
    __tablename__ = "quote"
    # /quotes: the speakers with a surname (a speaker's latest quotes: below).
    __table_args__ = (Index("ix_quote_speaker_surname", "speaker_surname_key", "speaker"),)

    speaker: str | None = None
    speaker_key: str | None = None  # name_key(speaker)
    speaker_surname_key: str | None = Field(
        default=None, sa_column_kwargs={"default": _surname_of("speaker_key")}
    )
    speaker_as_written: str | None = None
    text: str = Field(sa_type=Text)
    kind: str
    cue: str | None = None


# A speaker's latest quotes, newest article first and in article order within one, read
# backwards off this index.
Index(
    "ix_quote_speaker_time",
    QuoteRow.speaker_key,  # type: ignore[arg-type]
    QuoteRow.reported_at,  # type: ignore[arg-type]
    QuoteRow.article_id,  # type: ignore[arg-type]
    col(QuoteRow.id).desc(),
)


class CasualtyRow(_Fact, table=True):
    """One event's toll as one article reports it. `day` is the event's day when the article
    gives it, else the article's publication day; `dated` says which."""

    __tablename__ = "casualty"

    # /casualties: a place's or a country's reports by day ("ukraine" is compared in lower
    # case: an index on that expression).
    __table_args__ = (
        Index("ix_casualty_place_day", "location_key", "day"),
        Index("ix_casualty_country_day", text("lower(country)"), "day"),
    )

    location: str | None = Field(default=None, index=True)
    location_key: str | None = None
    country: str | None = None
    killed: int | None = Field(default=None, sa_type=BigInteger)
    injured: int | None = Field(default=None, sa_type=BigInteger)
    missing: int | None = Field(default=None, sa_type=BigInteger)
    qualifier: str | None = None
    date: str | None = None
    day: dt.date | None = Field(default=None, index=True)
    dated: bool = False
    kind: str | None = None  # the place's: city, region, country, place
    # "incident"; "aggregate": a total over the incidents at the places it `covers`; "subset":
    # a part of the toll of the incident at the place it is `part_of`. Neither is ever added.
    scope: str = Field(default="incident", sa_column_kwargs={"server_default": "incident"})
    covers: list[str] | None = Field(default=None, sa_type=JSON)
    part_of: str | None = None
    region: str | None = None  # the place the story puts the place in ("Kawlin Township")
    # An earlier incident the article cites for context (at its own day).
    background: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # The figure revises one reported before ("the toll rose to 21"): a later report.
    revised: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class ChatSettings(SQLModel, table=True):
    """A chat the bot serves. `digest_time` None means no scheduled digest."""

    chat_id: int = Field(primary_key=True, sa_type=BigInteger)
    kind: str  # private, group, supergroup, console
    title: str | None = None
    digest_time: str | None = None  # "HH:MM"
    timezone: str = "UTC"
    schedule_set_at: dt.datetime = Field(default_factory=utcnow)
    created_at: dt.datetime = Field(default_factory=utcnow)


class DigestSent(SQLModel, table=True):
    """The scheduled digest of one chat for one local date: at most one, across restarts."""

    chat_id: int = Field(primary_key=True, sa_type=BigInteger)
    local_date: dt.date = Field(primary_key=True)
    sent_at: dt.datetime = Field(default_factory=utcnow)


class ReceivedUpdate(SQLModel, table=True):
    """A Telegram update as it arrived: its payload is kept until every handler has run, so
    one cut off by a crash is handled at the next start; one delivered again (Telegram
    delivers at least once) is recognised by its id."""

    update_id: int = Field(primary_key=True, sa_type=BigInteger)
    payload: str | None = Field(default=None, sa_column=Column(Text))
    received_at: dt.datetime = Field(default_factory=utcnow, index=True)
    handled_at: dt.datetime | None = None
    # How often handling it has begun: one that keeps failing (a crash each time) is given up.
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class ChatMigration(SQLModel, table=True):
    """A group that became a supergroup under a new id: a listed group's successor stays
    listed across restarts."""

    old_id: int = Field(primary_key=True, sa_type=BigInteger)
    new_id: int = Field(sa_type=BigInteger)
    migrated_at: dt.datetime = Field(default_factory=utcnow)


class BotState(SQLModel, table=True):
    """Small named values the bot keeps across restarts (when it was last running)."""

    key: str = Field(primary_key=True)
    value: str


class ChatWatch(SQLModel, table=True):
    """A place or a person a chat follows (/watch): a place by its gazetteer name and kind
    (city, region, country), a person by the name as given. `key` is how it is matched:
    the place's name or the person's name_key, in lower case."""

    __table_args__ = (UniqueConstraint("chat_id", "kind", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)  # (the unique constraint's index finds a chat's)
    kind: str  # city, region, country, person
    name: str
    key: str
    created_at: dt.datetime = Field(default_factory=utcnow)


class WatchNote(SQLModel, table=True):
    """A note to a chat about a story that touched what it watches, kept until it is sent:
    one per chat and story, so a story is never noted twice, and a restart loses none."""

    __table_args__ = (UniqueConstraint("chat_id", "article_id"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    topic: str  # the watch it is about ("Kharkiv"), for the heading of a grouped note
    text: str = Field(sa_type=Text)  # HTML: the story's lines
    created_at: dt.datetime = Field(default_factory=utcnow)
    sent_at: dt.datetime | None = Field(default=None, index=True)  # None: waiting
