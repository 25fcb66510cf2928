"""`/quotes <person> [n]` and `/who <person>`."""

from __future__ import annotations

import datetime as dt

import pytest

from service.ingest import Story
from storage import queries
from storage.db import transaction
from storage.models import ArticleRow, PersonRow, QuoteRow
from tests.service import stories
from tests.service.conftest import Store

STOP = "“Vladimir, STOP!”\nReuters, 24 Apr 2025, #1"
LATER = (
    "“We had a very good meeting, and we will see what happens over the next couple of weeks”\n"
    "Associated Press, 26 Apr 2025, #2"
)


@pytest.fixture(scope="module")
def quoted(make_store) -> Store:
    return make_store(
        seed=stories.seed(), trump=stories.trump_later(), odesa=stories.odesa_strike()
    )


@pytest.mark.parametrize(
    "name",
    [["trump"], ["Trump"], ["TRUMP"], ["Donald", "Trump"], ["donald", "TRUMP"]],
    ids=" ".join,
)
def test_quotes_by_surname_or_full_name_in_any_case(quoted: Store, name: list[str]) -> None:
    reply = quoted.ask("quotes", *name)
    blocks = reply.split("\n\n")
    assert blocks[0] == "Donald Trump — latest 5 quotes"
    assert len(blocks) == 6
    assert STOP in blocks


def test_latest_quotes_come_first_each_with_source_and_date(quoted: Store) -> None:
    assert quoted.ask("quotes", "Trump", "2") == (
        f"Donald Trump — latest 2 quotes\n\n{LATER}\n\n{STOP}"
    )
    assert quoted.ask("quotes", "trump", "1") == f"Donald Trump — latest 1 quote\n\n{LATER}"


def test_quote_count_is_capped(quoted: Store) -> None:
    reply = quoted.ask("quotes", "Trump", "500")
    heading = reply.split("\n\n")[0]
    assert heading.startswith("Donald Trump — latest ")
    shown = int(heading.split()[-2])
    assert 10 <= shown <= 20
    assert reply.count("\n\n") == shown


@pytest.mark.parametrize(("count", "shown"), [("-1", 1), ("0", 1), ("99999", 20)])
def test_a_count_out_of_range_is_brought_into_it(quoted: Store, count: str, shown: int) -> None:
    # Not "No quotes for Trump -1": the number is how many, kept between 1 and the maximum.
    heading = quoted.ask("quotes", "Trump", count).split("\n\n")[0]
    assert heading.startswith("Donald Trump — latest ")
    assert int(heading.split()[-2]) <= shown


@pytest.mark.parametrize("person", [["Atlantis"], ["Putin"]])
def test_no_quotes_gets_a_helpful_reply(quoted: Store, person: list[str]) -> None:
    # Putin is named in the seed story but never quoted in it.
    assert quoted.ask("quotes", *person) == (
        f"No quotes for {person[0]} yet. Try a surname (/who Rutte)."
    )


def test_quotes_without_a_name_asks_whose(quoted: Store) -> None:
    assert quoted.ask("quotes").startswith("Whose quotes? e.g. /quotes Trump")


def test_quote_text_is_escaped(quoted: Store) -> None:
    html = quoted.html("quotes", "kiper")
    assert "Odesa &amp; its port will keep working &lt;b&gt;no matter what&lt;/b&gt;" in html
    assert "<b>no matter what</b>" not in html
    assert "“Odesa & its port will keep working <b>no matter what</b>, whatever Moscow" in (
        quoted.ask("quotes", "kiper")
    )


def test_quote_source_reads_as_its_name(quoted: Store) -> None:
    """The source under a quote is escaped once: the journalist reads the channel's name."""
    reply = quoted.ask("quotes", "Kiper")
    assert reply.endswith("\nBlack Sea <b>News</b> & Co, 12 May 2025, #3"), reply


def test_who_gives_title_quote_count_and_articles(quoted: Store) -> None:
    assert quoted.ask("who", "Rutte") == (
        "Mark Rutte\nNATO Secretary-General\nQuoted 1 time · in 1 article\n"
        "  Reuters, 24 Apr 2025, #1"
    )
    assert quoted.ask("who", "mark", "rutte") == quoted.ask("who", "RUTTE")


def test_who_lists_every_article_newest_first(quoted: Store) -> None:
    lines = quoted.ask("who", "trump").splitlines()
    assert lines[0] == "Donald Trump"
    assert "US President" in lines[1]
    assert lines[2].startswith("Quoted ")
    assert lines[2].endswith(" · in 2 articles")
    assert int(lines[2].split()[1]) >= 10
    assert lines[3:] == ["  Associated Press, 26 Apr 2025, #2", "  Reuters, 24 Apr 2025, #1"]


def test_who_source_reads_as_its_name(quoted: Store) -> None:
    reply = quoted.ask("who", "Kiper")
    assert "  Black Sea <b>News</b> & Co, 12 May 2025, #3" in reply.splitlines(), reply


def test_who_unknown_person_is_helpful(quoted: Store) -> None:
    reply = quoted.ask("who", "Atlantis")
    assert "Atlantis" in reply
    assert "Try a surname" in reply
    assert quoted.ask("who").startswith("Who? e.g. /who Rutte")


def test_who_unknown_person_reads_as_a_sentence(quoted: Store) -> None:
    assert quoted.ask("who", "Atlantis").startswith("No one named Atlantis yet.")


# A speaker whose name carries markup characters --------------------------------------------------


@pytest.fixture(scope="module")
def odd_speaker(make_store) -> Store:
    store = make_store()
    article = ArticleRow(
        source="Wire & <i>Co</i>",
        text="A story.",
        text_key="odd-speaker",
        published=dt.date(2025, 5, 2),
        published_at=dt.datetime(2025, 5, 2, 8, tzinfo=dt.UTC),
    )
    speaker = "Anna <b>Bold</b> & Sons"
    facts = [
        PersonRow(name=speaker, name_key=speaker.lower(), title="CEO <of> B&B", mentions=2),
        QuoteRow(
            speaker=speaker,
            speaker_key=speaker.lower(),
            text="Prices rise <fast> & wages don't",
            kind="direct",
        ),
    ]
    with transaction(store.engine) as session:
        queries.add_article(session, article, facts)
    return store


def test_a_speaker_with_markup_is_escaped_in_quotes(odd_speaker: Store) -> None:
    html = odd_speaker.html("quotes", "sons")
    assert "<b>Anna &lt;b&gt;Bold&lt;/b&gt; &amp; Sons</b> — latest 1 quote" in html
    assert "“Prices rise &lt;fast&gt; &amp; wages don't”" in html
    assert odd_speaker.ask("quotes", "SONS").startswith(
        "Anna <b>Bold</b> & Sons — latest 1 quote\n\n“Prices rise <fast> & wages don't”"
    )


def test_a_speaker_with_markup_is_escaped_in_who(odd_speaker: Store) -> None:
    html = odd_speaker.html("who", "Sons")
    assert html.startswith("<b>Anna &lt;b&gt;Bold&lt;/b&gt; &amp; Sons</b>\nCEO &lt;of&gt; B&amp;B")
    assert odd_speaker.ask("who", "Sons").startswith("Anna <b>Bold</b> & Sons\nCEO <of> B&B\n")


def test_the_heading_names_the_speaker_of_the_quotes_shown(store: Store) -> None:
    store.forward("seed", stories.seed())
    store.forward(
        "eric",
        Story(
            text=(
                "NEW YORK (AP) - Eric Trump said on Monday 28 April 2025 that the family "
                'business would keep growing abroad. "We are building in places nobody '
                'expected," Eric Trump told reporters at a news conference in Manhattan.'
            ),
            source="AP",
            published_at=dt.datetime(2025, 4, 28, 12, 0, tzinfo=dt.UTC),
        ),
    )
    latest = store.ask("quotes", "trump", "1")
    assert latest.startswith("Eric Trump — latest 1 quote")
    both = store.ask("quotes", "trump", "3")
    assert both.startswith("Donald Trump, Eric Trump — latest 3 quotes")
    assert "Eric Trump: “We are building in places nobody expected”" in both
