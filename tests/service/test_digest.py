"""The digest: what reached the bot in the last 24 hours, whatever its publication date."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from service.digest import digest_reply
from service.html import plain_text
from service.ingest import Story
from storage.db import reading
from tests.service import stories
from tests.service.conftest import GROUP, PRIVATE, Store

UTC = dt.UTC
KYIV = ZoneInfo("Europe/Kyiv")
NOW = dt.datetime(2025, 5, 11, 6, 0, tzinfo=UTC)  # 09:00 in Kyiv


@pytest.fixture(scope="module")
def desk(make_store) -> Store:
    store = make_store(
        seed=stories.seed(),
        follow_up=stories.kyiv_follow_up(),
        kharkiv=stories.kharkiv_strike(),
        trump=stories.trump_later(),
    )
    # The seed story was published on 24 April but only forwarded to the bot on 10 May.
    store.received(1, dt.datetime(2025, 5, 10, 9, 0, tzinfo=UTC))
    store.received(2, dt.datetime(2025, 4, 25, 8, 0, tzinfo=UTC))
    store.received(3, dt.datetime(2025, 5, 10, 11, 30, tzinfo=UTC))
    store.received(4, NOW - dt.timedelta(hours=24, seconds=1))
    return store


def _digest(store: Store, now: dt.datetime, zone: ZoneInfo = KYIV) -> list[str]:
    with reading(store.engine) as session:
        return digest_reply(session, now, zone)


def _blocks(store: Store, now: dt.datetime = NOW, zone: ZoneInfo = KYIV) -> dict[str, str]:
    """The digest's blocks by their first word."""
    blocks = [plain_text(b) for b in _digest(store, now, zone)]
    return {b.split()[0].rstrip(":,"): b for b in blocks}


def test_heading_is_in_the_chats_local_time(desk: Store) -> None:
    first = plain_text(_digest(desk, NOW)[0]).splitlines()[0]
    assert first == "Digest, 11 May 2025 09:00 (Europe/Kyiv)"
    assert _digest(desk, NOW)[0].startswith("<b>Digest, 11 May 2025 09:00 (Europe/Kyiv)</b>")


def test_counts_the_articles_received_in_the_last_24_hours_by_source(desk: Store) -> None:
    counted = _blocks(desk)["Digest"].splitlines()[1]
    assert re.fullmatch(
        r"2 articles: (Reuters 1, Kyiv Independent 1|Kyiv Independent 1, Reuters 1)", counted
    )
    assert "Associated Press" not in counted  # received earlier, outside the window


def test_casualties_of_the_day_with_their_latest_tolls(desk: Store) -> None:
    casualties = _blocks(desk)["Casualties"]
    assert "• Kharkiv, 10 May 2025: 3 killed, 21 injured" in casualties
    # The seed reached us in the window; the incident reads its latest toll from any article.
    assert "• Kyiv, 24 Apr 2025: 16 killed (12 → 16), 90 injured" in casualties
    assert "28 killed" not in casualties


def test_strongest_quotes_one_per_speaker(desk: Store) -> None:
    quotes = _blocks(desk)["Quotes"].splitlines()[1:]
    quoted = quotes[0::2]
    cited = quotes[1::2]
    speakers = [line.split(": “")[0] for line in quoted]
    assert 3 <= len(speakers) <= 5
    assert len(set(speakers)) == len(speakers)
    assert "Oleh Syniehubov" in speakers
    assert all(re.fullmatch(r"  .+, \d{1,2} \w{3} 2025, #\d+", line) for line in cited), cited
    # Quotes only from articles received in the window.
    assert not any("very good meeting" in line for line in quoted)
    assert not any("cannot rule out" in line for line in quoted)


def test_most_mentioned_people_and_places(desk: Store) -> None:
    blocks = _blocks(desk)
    people = blocks["People"].removeprefix("People: ").split(", ")
    assert people[0] == "Donald Trump"
    assert len(people) <= 5
    places = blocks["Places"].removeprefix("Places: ").split(", ")
    assert places[0] == "Kyiv"
    assert len(places) <= 5


def test_an_article_received_just_before_the_window_is_left_out(desk: Store) -> None:
    later = _blocks(desk, NOW - dt.timedelta(seconds=2))["Digest"]
    assert "Associated Press 1" in later  # the Trump story, received 24 h 1 s before NOW
    assert "Associated Press" not in _blocks(desk)["Digest"]


def test_an_empty_day_says_so_in_one_line(desk: Store) -> None:
    quiet = dt.datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
    assert _digest(desk, quiet, ZoneInfo("UTC")) == [
        "<b>Digest, 1 Jun 2025 08:00 (UTC)</b>\nNo stories came in during the last 24 hours."
    ]


def test_on_demand_digest_uses_the_chats_time_zone(desk: Store) -> None:
    desk.ask("schedule", "07:30", "Europe/Kyiv", chat=GROUP)
    group = plain_text(desk.newsroom.digest(GROUP, NOW)[0])
    assert group.startswith("Digest, 11 May 2025 09:00 (Europe/Kyiv)\n2 articles")
    private = plain_text(desk.newsroom.digest(PRIVATE, NOW)[0])
    assert private.startswith("Digest, 11 May 2025 06:00 (UTC)\n2 articles")


def test_digest_messages_fit_telegram(desk: Store) -> None:
    messages = desk.newsroom.digest(GROUP, NOW)
    assert messages
    assert all(0 < len(m) <= 4096 for m in messages)


def test_digest_quote_source_reads_as_its_name(store: Store) -> None:
    store.forward("odesa", stories.odesa_strike())
    with reading(store.engine) as session:
        blocks = digest_reply(session, dt.datetime.now(UTC), ZoneInfo("UTC"))
    text = plain_text("\n\n".join(blocks))
    assert "1 article: Black Sea <b>News</b> & Co 1" in text
    assert "  Black Sea <b>News</b> & Co, 12 May 2025, #1" in text.splitlines(), text


def test_digest_leaves_out_one_word_fragments(engine, newsroom) -> None:
    story = (
        "LVIV, Ukraine (Reuters) - A drone hit a warehouse in Lviv on Tuesday, killing one "
        'worker, in what Governor Maksym Kozytskyi called a "cowardly" attack. '
        '"We will rebuild it within a month and nobody will stop us," Mayor Andriy Sadovyi said.'
    )
    newsroom.ingest(Story(text=story, published_at=dt.datetime.now(UTC)))
    with reading(engine) as session:
        digest = plain_text(
            "\n\n".join(digest_reply(session, dt.datetime.now(UTC), ZoneInfo("UTC")))
        )
    assert "“We will rebuild it within a month and nobody will stop us”" in digest
    assert "cowardly" not in digest
