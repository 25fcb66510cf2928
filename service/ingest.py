"""Taking in a story: normalise, cut to the text cap, drop duplicates, extract, store the article
and its facts in one transaction, and say what was found.

Every story passes here, pasted, forwarded, sent as a link or a file or imported, so this is
where the one text cap, readers.MAX_TEXT_CHARS, is applied: a longer text is cut at a
paragraph break and the receipt says so (Receipt.cut_from)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from extract import facts as fx
from readers import MAX_TEXT_CHARS, Reading
from service.rows import event_day, fact_rows
from service.urls import normalised_url
from storage import queries
from storage.db import reading, transaction
from storage.models import (
    ArticleRow,
)

if TYPE_CHECKING:
    from extract.engine import Extractor
    from service.worker import IsolatedExtractor

# Characters that change a text's bytes but not what it says: control characters (NUL, escape
# sequences; a database such as PostgreSQL refuses NUL in text) and invisible format characters
# (zero-width spaces and joiners, soft hyphens, byte-order marks, direction marks and overrides).
_UNSEEN = frozenset({"Cc", "Cf"})
_KEPT = frozenset("\n\t")
_HEADLINE_MAX = 160
MIN_WORDS = 25  # below this a text is a teaser, too short to hold a story's facts
# A pasted (not forwarded) text shorter than this is a note or a question, not a story.
MIN_PASTED = 300
# Only this much of a text is cleaned (a Python loop over every character): twice the cap
# leaves room for whatever cleaning removes.
_CLEANED_CHARS = 2 * MAX_TEXT_CHARS
_NAME_CHARS = 1_000  # a headline, a source, a byline: a long headline is 100-200 characters


@dataclass(frozen=True)
class Story:
    """A story as it reached the bot, with what the transport knows about where it came from."""

    text: str
    title: str | None = None
    source: str | None = None  # a channel's title: the most reliable source there is
    fallback_source: str | None = None  # who forwarded it, when nothing better is known
    published_at: dt.datetime | None = None  # aware, or naive UTC
    # The publication day when only the day is known (a page's or a file's own date): taken as
    # is, not shifted through a time zone.
    published_day: dt.date | None = None
    origin: tuple[int, int] | None = None  # (channel id, message id) of the original post
    url: str | None = None
    author: str | None = None  # a byline from the page or the file
    received_chat_id: int | None = None
    received_from: int | None = None
    unread: str | None = None  # what the file's reader left out ("pages 41–480"), if anything

    def read(self, found: Reading, **more: object) -> Story:
        """This story's provenance with what a reader found in its file or page: the reader's
        own day, when it gives one, over the moment the message was posted."""
        return dataclasses.replace(
            self,
            text=found.text,
            title=found.title,
            author=found.author,
            published_at=self.published_at if found.published is None else None,
            published_day=found.published,
            unread=found.unread,
            **more,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class Toll:
    place: str
    day: dt.date | None
    killed: int | None
    injured: int | None
    qualifier: str | None
    aggregate: bool = False  # a total over the places it covers
    covers: tuple[str, ...] = ()
    background: bool = False
    part_of: str | None = None  # a part of the toll of the incident at that place


@dataclass
class Receipt:
    """What happened to a story."""

    article_id: int | None
    duplicate: bool = False
    source: str | None = None
    published: dt.date | None = None
    tolls: list[Toll] = field(default_factory=list)
    quotes: int = 0
    speakers: int = 0
    people: list[str] = field(default_factory=list)
    words: int = 0
    error: str | None = None
    cut_from: int | None = None  # the characters received, when only MAX_TEXT_CHARS were kept
    unread: str | None = None  # what the file's reader left out (Story.unread)


def text_key(text: str) -> str:
    """The identity of a story's text: the same words in any case, spacing, quote style,
    punctuation or invisible characters give the same key."""
    folded = unicodedata.normalize("NFKC", visible(text)).casefold()
    words = re.findall(r"\w+", folded)
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


def clean_text(text: str) -> str:
    """Text with line ends unified and control and invisible characters removed, trimmed; ""
    when no letter or digit is left (emoji or punctuation alone is not a story)."""
    text = visible(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text if re.search(r"[^\W_]", text) else ""


def visible(text: str) -> str:
    """`text` without control and format characters; a control character that separates
    (vertical tab, form feed, NEL) becomes a space."""
    return "".join(
        c if c in _KEPT or unicodedata.category(c) not in _UNSEEN else " " if c.isspace() else ""
        for c in text
    )


def _visible_metadata(sub: Story) -> Story:
    """The names that come with a story (a channel's title, a byline, a headline) without
    control or invisible characters: a direction override in a channel's name would garble
    every reply that cites it. A name longer than _NAME_CHARS (a file's title can be anything)
    is cut: the headline is parsed too."""

    def clean(value: str | None) -> str | None:
        if value is None:
            return None
        return cut_text(" ".join(visible(value[: 2 * _NAME_CHARS]).split()), _NAME_CHARS) or None

    return dataclasses.replace(
        sub,
        title=clean(sub.title),
        source=clean(sub.source),
        fallback_source=clean(sub.fallback_source),
        author=clean(sub.author),
    )


def cut_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """The text if it is `limit` characters or fewer, else its start cut at the last paragraph
    break before `limit`, else (one huge paragraph) at the last space, else at `limit`."""
    if len(text) <= limit:
        return text
    # A break in the first half would throw most of the text away: then a space will do.
    for separator in ("\n", " "):
        cut = text.rfind(separator, limit // 2, limit + 1)
        if cut > 0:
            return text[:cut].rstrip()
    return text[:limit]


def split_headline(text: str) -> tuple[str | None, str]:
    """(headline, body): a short first line without a sentence's final stop, followed by more
    lines, is the headline of a pasted or forwarded story."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if (
        not sep
        or not rest.strip()
        or len(first) > _HEADLINE_MAX
        or len(first.split()) < 3
        or re.search(r"[.:;,]['\"”’]?$", first)
        or re.search(r"\((?:Reuters|AP|AFP)\)|^[A-Z][A-Z ./,'-]+\s[-—–]", first)
    ):
        return None, text
    return first, rest.strip()


class Ingestor:
    """Stores stories with their facts. `ingest` is CPU work: call it off the event loop."""

    def __init__(
        self, engine: Engine, extractor: Extractor | IsolatedExtractor, timezone: ZoneInfo
    ) -> None:
        self.engine = engine
        self.extractor = extractor
        self.timezone = timezone

    def ingest(self, story: Story) -> Receipt:
        return self.ingest_many([story])[0]

    def ingest_many(self, stories: Sequence[Story], batch_size: int = 16) -> list[Receipt]:
        """A receipt per story, in order; new articles are parsed in batches and each is
        stored in its own transaction with all its facts."""
        receipts: list[Receipt | None] = [None] * len(stories)
        todo: list[tuple[int, Story, fx.Article, str, int | None]] = []
        seen: dict[object, int] = {}  # text keys and channel posts of this batch's new stories
        copies: dict[int, int] = {}  # a later copy in this batch -> the first one
        for i, sub in enumerate(stories):
            text = clean_text(sub.text[:_CLEANED_CHARS])
            if not text:
                receipts[i] = Receipt(article_id=None, error="empty")
                continue
            sub = _visible_metadata(sub)
            title = sub.title
            if title is None:
                title, text = split_headline(text)
            whole = len(sub.text) <= _CLEANED_CHARS and len(text) <= MAX_TEXT_CHARS
            cut_from = None if whole else len(sub.text)
            text = cut_text(text)
            key = text_key(text)
            if sub.url:
                sub = dataclasses.replace(sub, url=normalised_url(sub.url))
            existing = self._existing(key, sub.origin, sub.url)
            if existing is not None:
                receipts[i] = duplicate_of(existing)
            elif key in seen or (sub.origin is not None and sub.origin in seen):
                copies[i] = seen[key] if key in seen else seen[sub.origin]
            else:
                seen[key] = i
                if sub.origin is not None:
                    seen[sub.origin] = i
                published = sub.published_day or self._local_date(sub.published_at)
                article = fx.Article(text=text, title=title, published=published)
                todo.append((i, sub, article, key, cut_from))
        articles = (a for _, _, a, _, _ in todo)
        for (i, sub, article, key, cut_from), facts in zip(
            todo, self.extractor.extract_many(articles, batch_size=batch_size), strict=True
        ):
            receipt = self._store(sub, article, key, facts)
            if not receipt.duplicate:
                receipt = dataclasses.replace(receipt, cut_from=cut_from, unread=sub.unread)
            receipts[i] = receipt
        for i, first in copies.items():
            stored = receipts[first]
            receipts[i] = Receipt(
                article_id=stored.article_id if stored else None,
                duplicate=True,
                source=stored.source if stored else None,
                published=stored.published if stored else None,
            )
        return [r for r in receipts if r is not None]

    def _existing(
        self, key: str, origin: tuple[int, int] | None, url: str | None = None
    ) -> ArticleRow | None:
        with reading(self.engine) as session:
            if origin is not None:
                found = queries.article_from_origin(session, *origin)
                if found is not None:
                    return found
            if url is not None:
                found = queries.article_with_url(session, url)
                if found is not None:
                    return found
            return queries.article_with_key(session, key)

    def _local_date(self, moment: dt.datetime | None) -> dt.date | None:
        if moment is None:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(self.timezone).date()

    def _store(self, sub: Story, article: fx.Article, key: str, facts: fx.Facts) -> Receipt:
        published_at = sub.published_at
        if published_at is not None and published_at.tzinfo is None:
            published_at = published_at.replace(tzinfo=dt.UTC)
        if published_at is None and sub.published_day is not None:
            # the day's first moment where the newsroom is, so that its local date is the day
            published_at = dt.datetime.combine(sub.published_day, dt.time(), self.timezone)
        row = ArticleRow(
            source=sub.source or facts.source or sub.fallback_source,
            title=article.title,
            text=article.text,
            text_key=key,
            url=sub.url,
            author=sub.author,
            origin_chat_id=sub.origin[0] if sub.origin else None,
            origin_message_id=sub.origin[1] if sub.origin else None,
            published_at=published_at,
            published=article.published,
            received_chat_id=sub.received_chat_id,
            received_from=sub.received_from,
            dateline=list(facts.dateline),
        )
        rows = list(fact_rows(facts, article.published))
        try:
            with transaction(self.engine) as session:
                queries.add_article(session, row, rows)
        except IntegrityError:
            # Another copy was stored between our check and our insert.
            existing = self._existing(key, sub.origin, sub.url)
            if existing is None:
                raise
            return duplicate_of(existing)
        return receipt_for(row, facts)


def duplicate_of(article: ArticleRow) -> Receipt:
    """The receipt for a story that was already stored as `article`."""
    return Receipt(
        article_id=article.id, duplicate=True, source=article.source, published=article.published
    )


def receipt_for(article: ArticleRow, facts: fx.Facts) -> Receipt:
    speakers = {q.speaker for q in facts.quotes if q.speaker}
    return Receipt(
        article_id=article.id,
        source=article.source,
        published=article.published,
        tolls=[
            Toll(
                c.location,
                event_day(c, article.published)[0],
                c.killed,
                c.injured,
                c.qualifier,
                c.scope == "aggregate",
                tuple(c.covers),
                c.background,
                c.part_of if c.scope == "subset" else None,
            )
            for c in facts.casualties
            if c.location and (c.killed or c.injured)
        ],
        quotes=len(facts.quotes),
        speakers=len(speakers),
        people=[p.name for p in sorted(facts.people, key=lambda p: -p.mentions)],
        words=len(article.text.split()),
    )
