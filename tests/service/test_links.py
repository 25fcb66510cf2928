"""Stories behind links: the fetched article is the story, one article however it is linked,
and a link that leads to no article stores nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
from collections.abc import Iterator

import pytest
from sqlmodel import select

from service.fetch import Fetcher, FetchPolicy
from service.html import plain_text
from service.ingest import Story
from service.links import LinkReader
from storage.db import reading
from storage.models import ArticleRow, CasualtyRow
from tests.pages import STORY_PARAGRAPHS, UKRAINIAN_QUOTE, PageServer
from tests.service.conftest import Store

STAND_IN = ipaddress.ip_address("127.0.0.2")
FORWARDED = Story(
    text="",
    source="Wire channel",
    published_at=dt.datetime(2025, 5, 17, 18, 0, tzinfo=dt.UTC),
    origin=(-100321, 90),
)


@pytest.fixture(scope="module")
def pages() -> Iterator[PageServer]:
    with PageServer() as server:
        yield server


@pytest.fixture
def linked(store: Store) -> Store:
    fetcher = Fetcher(FetchPolicy(), allowed=lambda ip: ip == STAND_IN)
    store.newsroom.links = LinkReader(store.engine, fetcher)
    return store


def read(store: Store, url: str, base: Story = FORWARDED) -> str:
    """What the bot answers to a link: the receipt, or why nothing was stored."""
    messages = asyncio.run(store.newsroom.take_link(url, base))
    return plain_text("\n\n".join(messages))


def test_the_page_behind_a_link_is_the_story(linked: Store, pages: PageServer) -> None:
    receipt = read(linked, f"{pages.base}/world/kharkiv-strike?utm_source=telegram")
    assert "Stored as #1 (Wire channel, 17 May 2025)" in receipt
    assert "Kharkiv, 17 May 2025: 4 killed, 27 injured" in receipt
    assert linked.count(ArticleRow) == 1 and linked.count(CasualtyRow) == 1
    article = linked.html("article", "1")
    assert "Russian glide bomb kills four at Kharkiv shopping centre" in article
    assert "cookies" not in article and "Markets rally" not in article
    assert "By Wire staff" in article  # the page's byline
    assert f"{pages.base}/world/kharkiv-strike\n" in article  # where it was read, canonical


@pytest.mark.parametrize(
    "path",
    [
        "/world/kharkiv-strike/amp",  # the AMP page
        "/r1",  # a redirect chain to it
        "/syndicated/kharkiv",  # a copy whose canonical link names it
        "/world/kharkiv-strike?fbclid=xyz#comments",  # tracking and fragment
    ],
)
def test_one_article_whichever_link_reaches_it(linked: Store, pages: PageServer, path: str) -> None:
    read(linked, f"{pages.base}/world/kharkiv-strike")
    other = Story(text="", source="Another channel", origin=(-100999, 1))
    assert read(linked, f"{pages.base}{path}", other).startswith("Already stored as #1")
    assert linked.count(ArticleRow) == 1


def test_a_stored_link_is_not_fetched_again(linked: Store, pages: PageServer) -> None:
    read(linked, f"{pages.base}/world/kharkiv-strike")
    before = len(pages.hits)
    assert read(linked, f"{pages.base}/world/kharkiv-strike?utm_medium=x").startswith(
        "Already stored"
    )
    assert len(pages.hits) == before


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/gone", "page not found"),
        ("/teaser", "only 17 words of text there (a paywall, or not an article)"),
        ("/menu", "no article text on that page"),
        ("/statement.pdf", "not a web page (application/pdf)"),
        ("/huge", "the page is larger than 5 MB"),
        ("/to-metadata", "that link points to a private or local address; not fetched"),
    ],
)
def test_a_link_with_no_article_stores_nothing(
    linked: Store, pages: PageServer, path: str, why: str
) -> None:
    assert read(linked, f"{pages.base}{path}") == f"Couldn't read that link: {why}. Nothing stored."
    assert linked.count(ArticleRow) == 0


def test_a_page_cannot_claim_another_sites_address(linked: Store, pages: PageServer) -> None:
    read(linked, f"{pages.base}/claims-another-site")
    with reading(linked.engine) as session:
        (url,) = session.exec(select(ArticleRow.url)).all()
    assert url == f"{pages.base}/claims-another-site"


def test_an_imported_url_is_the_same_address_as_a_forwarded_link(
    linked: Store, pages: PageServer
) -> None:
    imported = Story(
        text="\n".join(STORY_PARAGRAPHS),
        url=f"{pages.base}/world/kharkiv-strike/?utm_source=tg",
    )
    linked.forward("import", imported)
    assert read(linked, f"{pages.base}/world/kharkiv-strike").startswith("Already stored as #1")


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://bücher..example/kharkiv", "that link's address is not valid"),
        ("http://xn--zz.example/kharkiv", "that link's address is not valid"),
        (f"http://{'a' * 64}.example/kharkiv", "that link's address is not valid"),
        ("http://example.com:99999/kharkiv", "that link has a bad port"),
        ("http://[::1", "that link is broken"),
        (f"http://example.com/{'a' * 70_000}", "that link is too long"),
    ],
)
def test_a_link_with_a_broken_address_says_what_is_wrong(linked: Store, url: str, why: str) -> None:
    assert read(linked, url) == f"Couldn't read that link: {why}. Nothing stored."
    assert linked.count(ArticleRow) == 0


def test_a_link_to_an_international_host_is_read(linked: Store, pages: PageServer) -> None:
    # Full-width digits: the stand-in server's address, as a browser reads the link.
    receipt = read(linked, f"http://１２７.０.０.２:{pages.server_port}/world/kharkiv-strike")
    assert "Stored as #1 (Wire channel, 17 May 2025)" in receipt


@pytest.mark.parametrize("path", ["/charset/unknown", "/charset/rot13", "/charset/lying"])
def test_a_page_in_an_odd_charset_is_the_story(linked: Store, pages: PageServer, path: str) -> None:
    assert "Stored as #1" in read(linked, f"{pages.base}{path}")
    with reading(linked.engine) as session:
        (text,) = session.exec(select(ArticleRow.text)).all()
    assert UKRAINIAN_QUOTE in text
