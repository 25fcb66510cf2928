"""Stories behind links: fetch the page, take its main text, title and date, and give the
article one address (its canonical URL) so that two links to it are one story."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import courlan
from sqlalchemy.engine import Engine

from readers.webpage import page_article
from service.fetch import Fetcher, FetchError
from service.ingest import Story
from service.urls import article_url, normalised_url
from storage import queries
from storage.db import reading
from storage.models import ArticleRow

# Below this, what came back is a teaser, a paywall or a page that is not an article.
MIN_ARTICLE_WORDS = 80
MIN_TEXT_WORDS = 10  # fewer: a menu or an empty page, not even a teaser


class LinkReader:
    def __init__(self, engine: Engine, fetcher: Fetcher) -> None:
        self.engine = engine
        self.fetcher = fetcher

    def stored(self, url: str) -> ArticleRow | None:
        """The article already stored under this link's address, if any."""
        address = normalised_url(url)
        if address is None:
            return None  # a broken link: the fetch says so
        with reading(self.engine) as session:
            return queries.article_with_url(session, address)

    async def story(self, url: str, base: Story) -> Story:
        """The story at `url` as a Story carrying `base`'s provenance; FetchError says
        why there is none."""
        page = await self.fetcher.fetch(url)
        article = await asyncio.to_thread(page_article, page.html, page.url)
        words = len(article.text.split())
        if words < MIN_TEXT_WORDS:
            raise FetchError("no article text on that page")
        if words < MIN_ARTICLE_WORDS:
            raise FetchError(f"only {words} words of text there (a paywall, or not an article)")
        return base.read(
            article,
            url=article_url(_trusted_canonical(article.canonical_url, page.url)),
            fallback_source=base.fallback_source or site_name(page.url),
        )


def _trusted_canonical(canonical: str | None, page_url: str) -> str:
    """The page's canonical address when it is on the page's own site; a page cannot claim
    another site's article (and so keep the real one from being fetched)."""
    if not canonical:
        return page_url
    try:
        same = courlan.extract_domain(canonical) == courlan.extract_domain(page_url)
    except ValueError:
        same = False
    return canonical if same and courlan.extract_domain(page_url) else page_url


def site_name(url: str) -> str:
    """ "reuters.com" for https://www.reuters.com/world/..."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")
