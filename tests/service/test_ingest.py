"""Taking in a forwarded story: stored once, with its facts, in one transaction, and a receipt
that says what was found."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from extract import facts as fx
from readers import MAX_TEXT_CHARS
from service.html import plain_text
from service.ingest import Story, cut_text
from service.rows import event_day
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
from tests.service.conftest import Store, new_store

FACT_TABLES = (PersonRow, PlaceRow, OrganizationRow, DateMentionRow, QuoteRow, CasualtyRow)
ALL_TABLES = (ArticleRow, *FACT_TABLES)


@pytest.fixture(scope="module")
def seeded(make_store) -> Store:
    return make_store(seed=stories.seed())


def _counts(store: Store) -> dict[str, int]:
    return {t.__name__: store.count(t) for t in ALL_TABLES}


def test_seed_story_is_stored_with_its_facts(seeded: Store) -> None:
    receipt = seeded.receipts["seed"]
    assert receipt.article_id == 1
    assert not receipt.duplicate
    counts = _counts(seeded)
    assert counts["ArticleRow"] == 1
    assert counts["CasualtyRow"] >= 1
    assert counts["QuoteRow"] >= 5
    assert counts["PersonRow"] >= 5


def test_receipt_says_what_was_found(seeded: Store) -> None:
    (message,) = seeded.replies["seed"]
    reply = plain_text(message)
    assert reply.startswith("Stored as #1 (Reuters, 24 Apr 2025).")
    assert "• Kyiv, 24 Apr 2025: at least 12 killed, 90 injured" in reply
    quotes = re.search(r"Quotes: (\d+) by (\d+) speakers", reply)
    assert quotes, reply
    assert int(quotes.group(1)) >= 10
    assert int(quotes.group(2)) >= 4
    people = next(line for line in reply.splitlines() if line.startswith("People: "))
    assert "Donald Trump" in people
    assert "Mark Rutte" in people
    assert "/article 1" in reply
    assert "<b>Kyiv</b>" in message  # the place stands out on a phone


def _respaced_curly(text: str) -> str:
    """The same story as another app shows it: curly quotes, blank lines, odd spacing."""
    curly = re.sub(r'"([^"]*)"', r"“\1”", text).replace("'", "’")
    return "  " + curly.replace("\n", "\n\n").replace(" - ", "  -  ") + "\n"


def _invisible_crlf(text: str) -> str:
    return text.replace(" Kyiv ", " Ky\u200biv ").replace("\n", "\r\n")


def _edited(text: str) -> str:
    return text + "\n(Updates with Trump's comments)"


DUPLICATES = {
    "same text, curly quotes and new spacing": lambda s: replace(
        s, text=_respaced_curly(s.text), origin=None
    ),
    "same text with invisible characters and CRLF": lambda s: replace(
        s, text=_invisible_crlf(s.text), origin=None
    ),
    "same text reposted by another channel": lambda s: replace(
        s, source="Kyiv Post", origin=(-100555, 900)
    ),
    "same channel post, caption edited": lambda s: replace(s, text=_edited(s.text)),
    "same channel post, forwarded by someone else": lambda s: replace(
        s, text=_edited(s.text), source=None, fallback_source="Olena", received_from=77
    ),
}


@pytest.mark.parametrize("variant", DUPLICATES, ids=list(DUPLICATES))
def test_the_same_story_again_is_a_duplicate_and_stores_nothing(
    seeded: Store, variant: str
) -> None:
    before = _counts(seeded)
    again = DUPLICATES[variant](stories.seed())
    receipt, messages = seeded.newsroom.ingest(again)
    assert receipt.duplicate
    assert receipt.article_id == 1
    assert _counts(seeded) == before
    assert plain_text("\n".join(messages)) == (
        "Already stored as #1 (Reuters, 24 Apr 2025). Nothing changed."
    )


def test_a_different_story_from_the_same_channel_is_not_a_duplicate(store: Store) -> None:
    first = store.forward("trump", stories.trump_later())
    second = store.forward("follow-up", replace(stories.kyiv_follow_up(), origin=(-100888, 53)))
    assert not second.duplicate
    assert second.article_id != first.article_id
    assert store.count(ArticleRow) == 2


def test_every_fact_belongs_to_a_stored_article(seeded: Store) -> None:
    with reading(seeded.engine) as session:
        ids = set(session.exec(select(ArticleRow.id)).all())
        for table in FACT_TABLES:
            orphans = session.exec(
                select(table).where(col(table.article_id).not_in(ids))  # type: ignore[attr-defined]
            ).all()
            assert orphans == [], table.__name__
            owners = set(session.exec(select(table.article_id)).all())  # type: ignore[attr-defined]
            assert owners <= {1}, table.__name__


def test_an_article_is_not_stored_when_its_facts_cannot_be(store: Store) -> None:
    """The article and its facts go in one transaction: if one fact fails, nothing stays."""
    sqlite = store.engine.dialect.name == "sqlite"
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TRIGGER refuse_casualty BEFORE INSERT ON casualty "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
                if sqlite
                else "ALTER TABLE casualty ADD CONSTRAINT refuse_casualty CHECK (false) NOT VALID"
            )
        )
    with pytest.raises(IntegrityError):
        store.newsroom.ingest(stories.seed())
    for table in ALL_TABLES:
        assert store.count(table) == 0, table.__name__
    # Once the fault is gone the same story goes in whole, not as a duplicate of a half.
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "DROP TRIGGER refuse_casualty"
                if sqlite
                else "ALTER TABLE casualty DROP CONSTRAINT refuse_casualty"
            )
        )
    receipt, _ = store.newsroom.ingest(stories.seed())
    assert not receipt.duplicate
    assert store.count(CasualtyRow) >= 1


def test_a_short_teaser_has_nothing_to_report(store: Store) -> None:
    _, messages = store.newsroom.ingest(
        Story(text=stories.TEASER, source="Reuters", published_at=stories.seed().published_at)
    )
    reply = plain_text("\n".join(messages))
    assert "Found nothing to report" in reply
    assert "words long" in reply
    assert "killed" not in reply


@pytest.mark.parametrize(
    "blank",
    [
        "",
        "   \n\t ",
        "\u200b\u200b",
        # No letter or digit: emoji, punctuation, control and direction characters.
        "🔥💥 ❤️\u200d🩹",
        "*_[ &&& ...",
        "\x00\x01\x1b" * 100,
        "\u202e\u200e\u202c",
    ],
)
def test_a_message_without_text_is_not_stored(store: Store, blank: str) -> None:
    receipt, messages = store.newsroom.ingest(Story(text=blank, source="Reuters"))
    assert receipt.article_id is None
    assert messages == ["There is no text in that message for me to read."]
    assert store.count(ArticleRow) == 0


def test_control_and_invisible_characters_are_not_stored_nor_make_a_new_story(
    store: Store,
) -> None:
    story = stories.kharkiv_strike()
    garbled = story.text.replace("killed", "kil\x00led").replace("said", "sa\u200eid\x1b")
    first = store.forward("garbled", replace(story, text=garbled))
    with reading(store.engine) as session:
        article = session.get(ArticleRow, first.article_id)
        assert article is not None
        assert not re.search("[\x00\x1b\u200e]", article.text)
        assert "killed" in article.text
    again = store.forward("clean", story)
    assert again.duplicate and again.article_id == first.article_id


def test_a_channel_name_with_a_direction_override_is_cited_plainly(store: Store) -> None:
    story = replace(stories.kharkiv_strike(), source="‮Wire​  Desk")
    receipt = store.forward("odd channel", story)
    assert receipt.source == "Wire Desk"


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        ("2025-04-22", (dt.date(2025, 4, 22), True)),
        ("2025-05-02", (dt.date(2025, 5, 2), True)),  # after publication, but it has happened
        ("9999-12-31", (dt.date(2025, 4, 24), False)),  # not yet: the publication day stands
        ("2025-02-30", (dt.date(2025, 4, 24), False)),
    ],
)
def test_the_event_day_is_one_that_has_happened(named: str, expected: tuple) -> None:
    casualty = fx.Casualty(location="Kyiv", country="Ukraine", killed=3, date=named, dated=True)
    assert event_day(casualty, dt.date(2025, 4, 24), today=dt.date(2025, 6, 1)) == expected


def test_source_falls_back_to_the_dateline_agency_then_the_forwarder(store: Store) -> None:
    from_dateline = store.forward("kharkiv", replace(stories.kharkiv_strike(), source=None))
    assert from_dateline.source == "AP"
    from_forwarder = store.forward(
        "teaser", Story(text=stories.TEASER, fallback_source="Olena Petrenko")
    )
    assert from_forwarder.source == "Olena Petrenko"


def test_publication_date_is_the_original_posts_date(store: Store) -> None:
    late = replace(stories.kyiv_follow_up(), published_at=dt.datetime(2025, 4, 25, 23, 50))
    receipt = store.forward("late", late)  # naive: UTC
    assert receipt.published == dt.date(2025, 4, 25)
    with reading(store.engine) as session:
        article = session.get(ArticleRow, receipt.article_id)
        assert article is not None
        assert article.published_at == dt.datetime(2025, 4, 25, 23, 50, tzinfo=dt.UTC)


def test_a_day_only_date_stays_that_day_west_of_utc(engine, extractor) -> None:
    """A page or file dated 4 March is the 4th in New York too, not 3 March 19:00."""
    store = new_store(engine, extractor, "America/New_York")
    day = dt.date(2025, 3, 4)
    receipt = store.forward(
        "page", replace(stories.kyiv_follow_up(), published_at=None, published_day=day)
    )
    assert receipt.published == day
    with reading(store.engine) as session:
        article = session.get(ArticleRow, receipt.article_id)
        assert article is not None and article.published == day
        assert article.published_at is not None
        assert article.published_at.astimezone(ZoneInfo("America/New_York")).date() == day


WITH_HEADLINE = "Russian drones hit Kharkiv overnight\n" + stories.KHARKIV_STRIKE


@pytest.mark.parametrize(
    "story", [stories.KHARKIV_STRIKE, WITH_HEADLINE], ids=["no headline", "headline"]
)
def test_two_copies_in_one_batch_are_stored_once(store: Store, story: str) -> None:
    copy = Story(text=story, source="AP")
    receipts = store.newsroom.ingestor.ingest_many([copy, copy])
    assert [r.duplicate for r in receipts] == [False, True]
    assert receipts[1].article_id == receipts[0].article_id
    assert store.count(ArticleRow) == 1


def long_story(chars: int, town: str) -> str:
    """Council copy about `town` of at most `chars` characters, ending with a paragraph, every
    paragraph different: a long feature as the bot gets it."""
    paragraphs: list[str] = []
    length = -1  # no line break before the first paragraph
    while True:
        n = len(paragraphs)
        paragraph = (
            f"Crews in district {n} of {town} cleared {n % 40 + 2} streets on day {n} of the "
            f"repairs, and {n % 9 + 1} schools reopened there, the city council said on Tuesday."
        )
        if length + 1 + len(paragraph) > chars:
            return "\n".join(paragraphs)
        paragraphs.append(paragraph)
        length += 1 + len(paragraph)


LONG = long_story(300_000, "Kharkiv")
UNDER_THE_CAP = long_story(MAX_TEXT_CHARS, "Odesa")


@pytest.fixture(scope="module")
def long_stories(make_store) -> Store:
    return make_store(
        long=Story(text=LONG, source="Kyiv Independent"),
        under=Story(text=UNDER_THE_CAP, source="Odesa Journal"),
    )


def _stored_text(store: Store, article_id: int | None) -> str:
    with reading(store.engine) as session:
        article = session.get(ArticleRow, article_id)
        assert article is not None
        return article.text


def test_a_text_past_the_cap_is_stored_cut_at_a_paragraph_break(long_stories: Store) -> None:
    receipt = long_stories.receipts["long"]
    assert receipt.cut_from == len(LONG)
    stored = _stored_text(long_stories, receipt.article_id)
    assert MAX_TEXT_CHARS - 200 < len(stored) <= MAX_TEXT_CHARS
    assert LONG.startswith(stored + "\n")  # whole paragraphs, the first ones
    reply = plain_text("\n".join(long_stories.replies["long"]))
    assert reply.splitlines()[1] == (
        f"Only the first 100,000 of {len(LONG):,} characters were read."
    )


def test_a_text_just_under_the_cap_is_stored_whole(long_stories: Store) -> None:
    receipt = long_stories.receipts["under"]
    assert len(UNDER_THE_CAP) > MAX_TEXT_CHARS - 200
    assert receipt.cut_from is None
    assert _stored_text(long_stories, receipt.article_id) == UNDER_THE_CAP
    assert "characters were read" not in "\n".join(long_stories.replies["under"])


def test_cut_text_keeps_whole_paragraphs_else_whole_words() -> None:
    assert cut_text("First one.\nSecond one.\nThird one.", 25) == "First one.\nSecond one."
    assert cut_text("First one.\nSecond one.", 22) == "First one.\nSecond one."
    # A break early on would lose most of the text: a space then.
    assert cut_text("Title\n" + "word " * 10, 30) == "Title\nword word word word word"
    assert cut_text("x" * 50, 30) == "x" * 30


def test_a_huge_headline_is_cut(store: Store) -> None:
    story = replace(stories.kharkiv_strike(), title="Kharkiv strike " * 5_000)
    receipt = store.forward("kharkiv", story)
    with reading(store.engine) as session:
        article = session.get(ArticleRow, receipt.article_id)
        assert article is not None and article.title is not None
        assert 900 < len(article.title) <= 1_000
        assert article.title.split()[-1] in {"Kharkiv", "strike"}  # cut between words
