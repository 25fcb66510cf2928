"""A store of 100,000 articles with their facts, written in a minute or two without spaCy:
stories from the templates of bench/stories.py, their facts stored as the extractor would
store them, in bulk inserts through the storage models.

Distributions: 300 places and 400 speakers with a Zipf-like spread (Kyiv and Trump lead), 20
sources, dates over three years, a third of the stories with a toll; `recent` articles were
received in the last 24 hours (the digest's day). Every text_key is unique.

    python -m bench.generate sqlite:////tmp/x/newsroom.db --articles 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from bench.stories import GeneratedStory, Writer, text_key
from storage.db import make_engine, transaction
from storage.migrate import upgrade
from storage.models import (
    ArticleRow,
    CasualtyRow,
    DateMentionRow,
    OrganizationRow,
    PersonRow,
    PlaceRow,
    QuoteRow,
    name_key,
    report_time,
)
from storage.queries import FACT_TABLES

DEFAULT_ARTICLES = 100_000
DEFAULT_RECENT = 1_000
YEARS = 3
CHUNK = 5_000
REPORTERS = [42, 43, 44, 45, 46]
NEWSROOM_GROUP = -1001500


@dataclass
class Generated:
    """What `populate` wrote, and how long it took."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        counts = ", ".join(f"{n:,} {name}" for name, n in self.rows.items())
        return f"{counts} in {self.seconds:.0f} s"


def received_times(
    count: int, recent: int, now: dt.datetime, rng: random.Random
) -> list[dt.datetime]:
    """When each article reached the bot, oldest first: `recent` of them in the last 24 hours
    (well inside it, so a digest built minutes later still sees them all), the rest over the
    three years before."""
    old_start = (now - dt.timedelta(days=365 * YEARS)).timestamp()
    old_end = (now - dt.timedelta(hours=25)).timestamp()
    new_start = (now - dt.timedelta(hours=23)).timestamp()
    new_end = (now - dt.timedelta(minutes=5)).timestamp()
    moments = sorted(rng.uniform(old_start, old_end) for _ in range(count - recent))
    moments += sorted(rng.uniform(new_start, new_end) for _ in range(recent))
    return [dt.datetime.fromtimestamp(m, dt.UTC) for m in moments]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def article_row(
    article_id: int, story: GeneratedStory, source: str, received: dt.datetime, rng: random.Random
) -> dict[str, object]:
    """The article row of a story: a channel forward most of the time, sometimes a link."""
    published_at = received - dt.timedelta(minutes=rng.randint(5, 480))
    forwarded = rng.random() < 0.6
    return {
        "id": article_id,
        "source": source,
        "title": story.title,
        "text": story.text,
        "text_key": text_key(story.text),
        "author": None,
        "url": f"https://{_slug(source)}.example/world/{article_id}" if not forwarded else None,
        "origin_chat_id": -1002000000000 - len(source) if forwarded else None,
        "origin_message_id": article_id if forwarded else None,
        "published_at": published_at,
        "published": published_at.date(),
        "received_at": received,
        "received_chat_id": rng.choice(REPORTERS) if rng.random() < 0.8 else NEWSROOM_GROUP,
        "received_from": rng.choice(REPORTERS),
        "dateline": [next(iter(story.places)).name] if story.places else [],
    }


def fact_rows(
    article_id: int, story: GeneratedStory, reported_at: dt.datetime
) -> Iterator[tuple[type[SQLModel], dict]]:
    """Each fact of a story as (model, row), as service.rows.fact_rows and
    storage.queries.add_article would store it (surname keys are the columns' defaults)."""

    def at(said) -> dict[str, object]:  # type: ignore[no-untyped-def]
        return {
            "article_id": article_id,
            "sentence": said.sentence,
            "start": said.start,
            "end": said.end,
        }

    for person, saids in story.people.items():
        yield (
            PersonRow,
            {
                **at(saids[0]),
                "reported_at": reported_at,
                "name": person.name,
                "name_key": name_key(person.name),
                "title": person.title,
                "aliases": [person.surname],
                "mentions": len(saids),
            },
        )
    for spot, saids in story.places.items():
        yield (
            PlaceRow,
            {
                **at(saids[0]),
                "name": spot.name,
                "name_key": name_key(spot.name),
                "kind": "city",
                "country": spot.country,
                "mentions": len(saids),
            },
        )
    for country, said in story.countries.items():
        yield (
            PlaceRow,
            {
                **at(said),
                "name": country,
                "name_key": name_key(country),
                "kind": "country",
                "country": country,
                "mentions": 1,
            },
        )
    for name, saids in story.organizations.items():
        yield OrganizationRow, {**at(saids[0]), "name": name, "mentions": len(saids)}
    for written, iso, said in story.dates:
        yield DateMentionRow, {**at(said), "text": written, "date": iso}
    for q in story.quotes:
        yield (
            QuoteRow,
            {
                **at(q.said),
                "reported_at": reported_at,
                "speaker": q.speaker.name,
                "speaker_key": name_key(q.speaker.name),
                "speaker_as_written": q.speaker.surname,
                "text": q.text,
                "kind": q.kind,
                "cue": q.cue,
            },
        )
    for toll in story.tolls:
        yield (
            CasualtyRow,
            {
                **at(toll.said),
                "location": toll.spot.name,
                "location_key": name_key(toll.spot.name),
                "country": toll.spot.country,
                "killed": toll.killed,
                "injured": toll.injured,
                "missing": None,
                "qualifier": toll.qualifier,
                "date": toll.day.isoformat(),
                "day": toll.day,
                "dated": toll.dated,
            },
        )


def populate(
    engine: Engine,
    articles: int = DEFAULT_ARTICLES,
    recent: int = DEFAULT_RECENT,
    seed: int = 6,
    now: dt.datetime | None = None,
) -> Generated:
    """Write `articles` stories with their facts into an empty store at the latest schema
    (ids 1..articles, received in that order). On PostgreSQL the id sequence is moved past
    them and the tables vacuumed and analysed, as autovacuum does after so many inserts (the
    vacuum marks pages all-visible, which lets the commands' index-only scans skip the
    table); SQLite is left as the bot leaves it (it never runs ANALYZE)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    writer = Writer(rng)
    now = now or dt.datetime.now(dt.UTC)
    moments = received_times(articles, min(recent, articles), now, rng)
    done = Generated(rows={"articles": 0} | {m.__tablename__: 0 for m in FACT_TABLES})  # type: ignore[misc]
    keys: set[str] = set()
    for first in range(0, articles, CHUNK):
        rows: list[dict[str, object]] = []
        facts: dict[type[SQLModel], list[dict]] = {m: [] for m in FACT_TABLES}
        for i in range(first, min(first + CHUNK, articles)):
            source = writer.source()
            story = writer.story(moments[i].date(), source)
            row = article_row(i + 1, story, source, moments[i], rng)
            while row["text_key"] in keys:  # the same story twice: say one more thing
                story.text += "\n" + rng.choice(["Officials gave no details.", "More soon."])
                row.update(text=story.text, text_key=text_key(story.text))
            keys.add(str(row["text_key"]))
            rows.append(row)
            reported = report_time(row["published_at"], row["published"], row["received_at"])  # type: ignore[arg-type]
            for model, fact in fact_rows(i + 1, story, reported):
                facts[model].append(fact)
        with transaction(engine) as session:
            # Core inserts of the models' tables: one executemany each (the ORM's bulk mode
            # splits them by which values are None).
            session.execute(insert(ArticleRow.__table__), rows)  # type: ignore[arg-type]
            for model, fact_list in facts.items():
                if fact_list:
                    session.execute(insert(model.__table__), fact_list)  # type: ignore[attr-defined]
        done.rows["articles"] += len(rows)
        for model, fact_list in facts.items():
            done.rows[model.__tablename__] += len(fact_list)  # type: ignore[attr-defined]
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('article', 'id'), :n)"), {"n": articles}
            )
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    done.seconds = time.perf_counter() - started
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="SQLAlchemy URL of an empty database")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--recent", type=int, default=DEFAULT_RECENT)
    args = parser.parse_args()
    engine = make_engine(args.url)
    upgrade(engine)
    print(populate(engine, args.articles, args.recent).summary())
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
