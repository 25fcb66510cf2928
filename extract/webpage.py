"""A news page's article: its main text without the site around it, and its headline, byline,
publication date and canonical address.

trafilatura finds the main text and the metadata (htmldate the date). It only ever gets a parsed
tree, never a string: htmldate would download a string that looks like a URL, and this module
must not touch the network. Odd or empty HTML gives an empty text, never an exception.
"""

from __future__ import annotations

import datetime
import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from trafilatura import bare_extraction, extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html

LOGGER = logging.getLogger(__name__)

# Precision first: a related-stories box or a comment read as the story gives the bot facts the
# story never reported. Comments are never the story; links, images and formatting are noise in
# plain text; deduplication would keep state between calls.
_PRECISE = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": False,  # data tables read as prose give numbers without their sentence
    "include_links": False,
    "include_images": False,
    "include_formatting": False,
    "deduplicate": False,
}
# When precision finds nothing (a very short story, an odd layout): trafilatura's balanced
# mode, on a tree whose layout tables are plain blocks.
_LENIENT = {**_PRECISE, "favor_precision": False}
# A story has a sentence: on a page around none, trafilatura returns crumbs ("Home").
_SENTENCE_WORDS = 8
_LAYOUT_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")

# <meta> names and properties that hold the publication time, for pages htmldate gave up on.
_PUBLISHED_META = frozenset(
    """article:published_time og:published_time og:article:published_time datepublished
    publishdate publish-date publish_date pubdate date dc.date.issued dcterms.issued
    dcterms.created sailthru.date parsely-pub-date""".split()
)
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
# Headline separators a site puts between the headline and its own name in <title>.
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]+$")


@dataclass(frozen=True)
class PageArticle:
    text: str  # the main text, one paragraph a line, without the site's navigation and footer
    title: str | None
    author: str | None
    published: datetime.date | None
    canonical_url: str | None  # absolute


def page_article(html: str, url: str | None = None) -> PageArticle:
    """The article on a page (`url` is where it was fetched from: it makes relative links
    absolute and can carry the date). An empty text when the page holds no article."""
    tree = _tree(html)
    if tree is None:
        return PageArticle(text="", title=None, author=None, published=None, canonical_url=None)
    document = _extraction(tree, url)
    metadata = document if document is not None else _metadata(tree, url)
    title = _clean(metadata.title) if metadata else None
    text = _body(document.text if document is not None else "", title)
    return PageArticle(
        text=text,
        title=title,
        author=_clean(metadata.author) if metadata else None,
        published=_day(metadata.date if metadata else None) or _published_in_markup(tree),
        canonical_url=_canonical_url(tree, url),
    )


def _tree(html: str) -> HtmlElement | None:
    """The parsed page, or None when it is not HTML at all."""
    if not isinstance(html, str) or not html.strip():
        return None
    try:
        return load_html(html)
    except Exception:  # lxml and trafilatura's repairs raise many types on broken markup
        LOGGER.debug("unparseable HTML", exc_info=True)
        return None


def _date_params() -> dict[str, Any]:
    """htmldate settings: dates the page states as its own, nothing guessed from the text."""
    # Extensive search reads dates out of the story ("on 12 March") and the copyright line
    # ("© 2024" becomes 1 January): a wrong publication date misplaces every relative date
    # ("on Monday") in the story, so no date is better. A day of slack for pages in zones ahead.
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    return {"original_date": True, "extensive_search": False, "max_date": tomorrow.isoformat()}


def _extraction(tree: HtmlElement, url: str | None) -> Document | None:
    """trafilatura's main text and metadata, or None when it finds no story."""
    document = _extracted(tree, url, _PRECISE)
    if document is None or not _has_a_sentence(document.text):
        document = _extracted(_without_layout_tables(tree), url, _LENIENT)
    if document is None or not _has_a_sentence(document.text):
        return None
    return document


def _has_a_sentence(text: str) -> bool:
    """True when some paragraph is a sentence, not a crumb of the page around no story."""
    return any(len(line.split()) >= _SENTENCE_WORDS for line in text.splitlines())


def _extracted(tree: HtmlElement, url: str | None, options: dict[str, Any]) -> Document | None:
    """One trafilatura pass: a document with text, or None."""
    try:
        # bare_extraction works on a copy of the tree: ours stays whole for the fallbacks.
        document = bare_extraction(
            tree, url=url, with_metadata=True, date_extraction_params=_date_params(), **options
        )
    except Exception:  # trafilatura has raised on odd pages; a page is never worth a crash
        LOGGER.debug("trafilatura failed on %s", url, exc_info=True)
        return None
    if isinstance(document, Document) and (document.text or "").strip():
        return document
    return None


def _without_layout_tables(tree: HtmlElement) -> HtmlElement:
    """A copy of the page whose tables holding paragraphs (layout, not data) are plain blocks:
    trafilatura would drop them with the data tables, or read them as one row of cells."""
    copy = deepcopy(tree)
    for table in list(copy.iter("table")):
        if table.find(".//p") is not None or table.find(".//div") is not None:
            for part in table.iter(*_LAYOUT_TABLE_PARTS):
                part.tag = "div"
    return copy


def _metadata(tree: HtmlElement, url: str | None) -> Document | None:
    """The page's metadata alone, for pages without an article text (a paywall, a video)."""
    try:
        return extract_metadata(tree, default_url=url, date_config=_date_params())
    except Exception:  # as above: metadata is a bonus, never a reason to fail
        LOGGER.debug("metadata extraction failed on %s", url, exc_info=True)
        return None


def _clean(value: str | None) -> str | None:
    """The value with its whitespace collapsed, or None when nothing is left."""
    if not value:
        return None
    return " ".join(value.split()) or None


def _comparable(text: str) -> str:
    """Text reduced to its letters and digits, to compare a headline across markups."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _body(text: str, title: str | None) -> str:
    """The text one paragraph a line, without the headline when trafilatura kept it."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if title and len(lines) > 1:
        headlines = {_comparable(title), _comparable(_TITLE_SUFFIX.sub("", title))}
        if _comparable(lines[0]) in headlines:
            lines = lines[1:]
    return "\n".join(lines)


def _day(value: str | None) -> datetime.date | None:
    """The calendar day an ISO date or timestamp starts with ("2024-03-14T08:30:00Z")."""
    match = _ISO_DAY.match(value or "")
    if not match:
        return None
    try:
        day = datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    # Placeholders ("0001-01-01") and far-future typos are not publication dates.
    if day.year < 1990 or day > datetime.date.today() + datetime.timedelta(days=1):
        return None
    return day


def _published_in_markup(tree: HtmlElement) -> datetime.date | None:
    """The publication day a <meta>, <time itemprop> or JSON-LD block states."""
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _PUBLISHED_META and (day := _day(meta.get("content"))):
            return day
    for element in tree.xpath('//*[@itemprop="datePublished"]'):
        if day := _day(element.get("datetime") or element.get("content")):
            return day
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        for value in _JSON_LD_PUBLISHED.findall(script.text or ""):
            if day := _day(value):
                return day
    return None


def _canonical_url(tree: HtmlElement, url: str | None) -> str | None:
    """The page's own address for its article: <link rel="canonical">, else og:url, made
    absolute against `url`. None when the page names none, or names its site's home page."""
    candidates = [
        link.get("href")
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    candidates += [
        meta.get("content")
        for meta in tree.iter("meta")
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url"
    ]
    for candidate in candidates:
        absolute = _absolute(candidate, url)
        if absolute and _names_an_article(absolute, url):
            return absolute
    return None


def _absolute(href: str | None, base: str | None) -> str | None:
    """`href` as an absolute http(s) address, or None."""
    href = (href or "").strip()
    if not href:
        return None
    try:
        absolute = urljoin(base or "", href)
        parts = urlsplit(absolute)
    except ValueError:  # malformed addresses ("http://[::1") raise in urllib
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    return absolute


def _names_an_article(canonical: str, url: str | None) -> bool:
    """False for a canonical that is the site's home page while the page itself is deeper:
    broken templates give every article that canonical, which would make them one story."""
    if urlsplit(canonical).path.strip("/"):
        return True
    return url is None or not urlsplit(url).path.strip("/")
