"""`/sources`, `/article <id>`, `/forget <id>` and the receipt for a forwarded story."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import pytest
from sqlmodel import select

from service.articles import receipt_reply
from service.html import plain_text
from service.ingest import Receipt, Toll
from service.newsroom import CONSOLE_KIND
from service.schedule import ChatRef
from storage.db import reading
from storage.models import (
    ArticleRow,
    CasualtyRow,
    DateMentionRow,
    OrganizationRow,
    PersonRow,
    PlaceRow,
    QuoteRow,
)
from tests.service import stories
from tests.service.conftest import ADMIN, GROUP, PRIVATE, Store

FACT_TABLES = (PersonRow, PlaceRow, OrganizationRow, DateMentionRow, QuoteRow, CasualtyRow)


@pytest.fixture(scope="module")
def desk(make_store) -> Store:
    store = make_store(
        seed=stories.seed(), follow_up=stories.kyiv_follow_up(), odesa=stories.odesa_strike()
    )
    # Arrival order: the follow-up came in last.
    store.received(1, dt.datetime(2025, 4, 24, 9, 5, tzinfo=dt.UTC))
    store.received(3, dt.datetime(2025, 5, 12, 9, 5, tzinfo=dt.UTC))
    store.received(2, dt.datetime(2025, 5, 13, 7, 0, tzinfo=dt.UTC))
    return store


def test_sources_with_no_articles(store: Store) -> None:
    assert store.ask("sources") == "No articles yet. Forward a story to me in a private chat."


def test_sources_lists_latest_arrivals_with_ids_and_headlines(desk: Store) -> None:
    lines = desk.ask("sources").splitlines()
    assert lines[0] == "Latest articles (/article ID for one):"
    assert lines[1::2] == [
        "#2 Associated Press, 25 Apr 2025",
        "#3 Black Sea <b>News</b> & Co, 12 May 2025",
        "#1 Reuters, 24 Apr 2025",
    ]
    # The headline is the story's opening words, without the dateline.
    assert lines[6].startswith("  Russia pounded Kyiv with missiles and drones")
    assert lines[2].startswith("  The death toll from Thursday's Russian missile")
    assert all(len(line) <= 80 for line in lines)  # short lines for a phone


def test_sources_escapes_source_names(desk: Store) -> None:
    html = desk.html("sources")
    assert "<b>Black Sea &lt;b&gt;News&lt;/b&gt; &amp; Co</b>, 12 May 2025" in html


def test_article_shows_its_facts(desk: Store) -> None:
    blocks = desk.ask("article", "1").split("\n\n")
    assert blocks[0].startswith("#1 Reuters, 24 Apr 2025\nRussia pounded Kyiv")
    assert blocks[1] == (
        "Casualties:\n• Kyiv, 24 Apr 2025: at least 12 killed, 90 injured\n"
        "  ↳ joined Kyiv, 24 Apr 2025 with #2 Associated Press: now 16 killed (12 → 16), "
        "90 injured"
    )
    quotes = blocks[2].splitlines()
    assert quotes[0].startswith("Quotes (")
    assert "• Donald Trump: “Vladimir, STOP!”" in quotes
    people = next(b for b in blocks if b.startswith("People: "))
    assert "Mark Rutte, NATO Secretary-General" in people
    places = next(b for b in blocks if b.startswith("Places: "))
    assert places.split(": ")[1].split(", ")[0] == "Kyiv"
    assert any(b.startswith("Organisations: ") and "NATO" in b for b in blocks)


def test_article_shows_only_its_own_figures(desk: Store) -> None:
    """The follow-up's page shows what it reported, then the incident it joined with its
    merged toll."""
    reply = desk.ask("article", "#2")
    assert reply.startswith("#2 Associated Press, 25 Apr 2025")
    assert (
        "Casualties:\n• Kyiv, 24 Apr 2025: 16 killed\n"
        "  ↳ joined Kyiv, 24 Apr 2025 with #1 Reuters: now 16 killed (12 → 16), 90 injured\n"
    ) in reply


def test_article_escapes_source_and_quotes(desk: Store) -> None:
    html = desk.html("article", "3")
    assert html.startswith("#3 <b>Black Sea &lt;b&gt;News&lt;/b&gt; &amp; Co</b>, 12 May 2025")
    assert "“Odesa &amp; its port will keep working &lt;b&gt;no matter what&lt;/b&gt;," in html


@pytest.mark.parametrize(
    ("args", "reply"),
    [
        (["99"], "No article #99. /sources lists the latest."),
        (["abc"], "Which article? e.g. /article 3 (/sources lists them)."),
        ([], "Which article? e.g. /article 3 (/sources lists them)."),
        (["1", "2"], "Which article? e.g. /article 3 (/sources lists them)."),
    ],
)
def test_article_without_a_known_id(desk: Store, args: list[str], reply: str) -> None:
    assert desk.ask("article", *args) == reply


def _facts_of(store: Store, article_id: int) -> int:
    with reading(store.engine) as session:
        return sum(
            len(session.exec(select(t).where(t.article_id == article_id)).all())  # type: ignore[attr-defined]
            for t in FACT_TABLES
        )


def test_forget_deletes_an_article_and_every_fact(store: Store) -> None:
    store.forward("seed", stories.seed())
    store.forward("follow_up", stories.kyiv_follow_up())
    assert _facts_of(store, 1) > 0
    assert store.ask("forget", "1", user=ADMIN) == (
        "Deleted article #1 (Reuters, 24 Apr 2025) and every fact read from it."
    )
    assert store.count(ArticleRow) == 1
    assert _facts_of(store, 1) == 0
    assert _facts_of(store, 2) > 0
    # The incident now rests on the remaining report alone.
    assert store.ask("casualties", "Kyiv") == (
        "Kyiv — casualty reports\n• 24 Apr 2025: 16 killed\n  Associated Press 25 Apr 2025 (#2)"
    )
    assert store.ask("quotes", "Trump").startswith("No quotes for Trump yet.")
    assert store.ask("forget", "1", user=ADMIN) == "No article #1. /sources lists the latest."

    store.ask("forget", "#2", user=ADMIN)
    for table in (ArticleRow, *FACT_TABLES):
        assert store.count(table) == 0, table.__name__
    assert store.ask("casualties", "Kyiv") == "No casualty reports for Kyiv yet."


def test_a_forgotten_story_can_be_forwarded_again(store: Store) -> None:
    store.forward("seed", stories.seed())
    store.ask("forget", "1", user=ADMIN)
    receipt, messages = store.newsroom.ingest(stories.seed())
    assert not receipt.duplicate
    assert plain_text(messages[0]).startswith("Stored as #")
    assert "at least 12 killed, 90 injured" in store.ask("casualties", "Kyiv")


def test_forget_escapes_the_source(store: Store) -> None:
    store.forward("odesa", stories.odesa_strike())
    html = store.html("forget", "1", chat=PRIVATE, user=ADMIN)
    assert "Deleted article #1 (Black Sea &lt;b&gt;News&lt;/b&gt; &amp; Co, 12 May 2025)" in html


REPORTER, COLLEAGUE = 4242, 5151


def test_only_its_reporter_or_an_admin_may_forget_a_story(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    store.forward("seed", dataclasses.replace(stories.seed(), received_from=REPORTER))
    store.forward(
        "follow_up", dataclasses.replace(stories.kyiv_follow_up(), received_from=REPORTER)
    )
    # Another allowed user, in their private chat, cannot delete the reporter's story.
    colleague = ChatRef(COLLEAGUE, "private")
    refusal = "Only the reporter who sent #1, or a newsroom admin (ADMIN_USER_IDS), can delete it."
    assert store.ask("forget", "1", chat=colleague, user=COLLEAGUE) == refusal
    assert store.ask("forget", "1", user=None) == refusal  # an anonymous admin: no person
    assert store.count(ArticleRow) == 2
    with caplog.at_level(logging.WARNING, logger="service.articles"):
        assert store.ask("forget", "1", chat=PRIVATE, user=REPORTER).startswith(
            "Deleted article #1"
        )
        assert store.ask("forget", "2", user=ADMIN).startswith("Deleted article #2")
    assert store.count(ArticleRow) == 0
    logged = [r.getMessage() for r in caplog.records]
    assert logged == [
        f"article #1 deleted by user {REPORTER} in chat {PRIVATE.chat_id} (its reporter)",
        f"article #2 deleted by user {ADMIN} in chat {GROUP.chat_id} (admin)",
    ]


def test_the_console_operator_may_forget_any_story(store: Store) -> None:
    store.forward("seed", stories.seed())
    console = ChatRef(0, CONSOLE_KIND, "console")
    assert store.ask("forget", "1", chat=console).startswith("Deleted article #1")


# The receipt ---------------------------------------------------------------------------------

APR_24 = dt.date(2025, 4, 24)


def test_receipt_lists_tolls_quotes_and_people() -> None:
    receipt = Receipt(
        article_id=7,
        source="Reuters",
        published=APR_24,
        tolls=[Toll("Kyiv", APR_24, 12, 90, "at least"), Toll("Kharkiv", None, None, 4, None)],
        quotes=3,
        speakers=1,
        people=["Donald Trump", "Mark Rutte"],
        words=400,
    )
    (message,) = receipt_reply(receipt)
    assert plain_text(message).splitlines() == [
        "Stored as #7 (Reuters, 24 Apr 2025).",
        "• Kyiv, 24 Apr 2025: at least 12 killed, 90 injured",
        "• Kharkiv, date unknown: 4 injured",
        "Quotes: 3 by 1 speaker",
        "People: Donald Trump, Mark Rutte",
        "/article 7 for the details",
    ]


def test_receipt_escapes_what_it_repeats() -> None:
    receipt = Receipt(
        article_id=8,
        source="Smith & <b>Sons</b>",
        published=None,
        tolls=[Toll("<Gaza>", APR_24, 3, None, None)],
        people=["Tom & Jerry"],
        words=400,
    )
    (message,) = receipt_reply(receipt)
    assert "Stored as #8 (Smith &amp; &lt;b&gt;Sons&lt;/b&gt;, date unknown)." in message
    assert "<b>&lt;Gaza&gt;</b>" in message
    assert "People: Tom &amp; Jerry" in message


def test_receipt_for_a_long_story_without_facts_says_why() -> None:
    (message,) = receipt_reply(Receipt(article_id=9, source="AP", published=APR_24, words=300))
    assert plain_text(message) == (
        "Stored as #9 (AP, 24 Apr 2025).\nFound nothing to report: it names no casualty "
        "figures, quotes or people I can read (English text only)."
    )


def test_receipt_for_a_one_word_story_says_word() -> None:
    (message,) = receipt_reply(Receipt(article_id=9, source="AP", published=APR_24, words=1))
    assert plain_text(message).endswith("Found nothing to report: it is only 1 word long.")


@pytest.mark.parametrize(
    ("cut_from", "unread", "note"),
    [
        (1_234_567, None, "Only the first 100,000 of 1,234,567 characters were read."),
        (None, "pages 41–480", "Not read: pages 41–480."),
        # The reader stopped at the cap, so the length of the rest is unknown.
        (
            100_450,
            "pages 39–480",
            "Only the first 100,000 characters were read. Not read: pages 39–480.",
        ),
    ],
    ids=["cut", "pages unread", "both"],
)
def test_receipt_says_what_was_not_read(
    cut_from: int | None, unread: str | None, note: str
) -> None:
    found = Receipt(article_id=9, source="AP", published=APR_24, words=300, people=["Jan Nowak"])
    nothing = Receipt(article_id=9, source="AP", published=APR_24, words=300)
    for receipt in (found, nothing):  # the note comes second, facts found or not
        (message,) = receipt_reply(dataclasses.replace(receipt, cut_from=cut_from, unread=unread))
        assert plain_text(message).splitlines()[1] == note
    (message,) = receipt_reply(nothing)
    assert plain_text(message).splitlines()[1].startswith("Found nothing to report")


def test_duplicate_receipt_points_at_the_stored_article() -> None:
    receipt = Receipt(article_id=4, duplicate=True, source="Reuters", published=APR_24)
    assert receipt_reply(receipt) == [
        "Already stored as #4 (Reuters, 24 Apr 2025). Nothing changed."
    ]
