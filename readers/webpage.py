"""A news page's article: its main text without the site around it, and its headline, byline,
publication date and canonical address.

trafilatura finds the main text and the metadata (htmldate the date). It only ever gets a parsed
tree, never a string: htmldate would download a string that looks like a URL, and this module
must not touch the network. Odd or empty HTML gives an empty text, never an exception; an
odd or lying charset still gives the page's text (`page_markup`).
"""

from __future__ import annotations

import codecs
import datetime
import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import charset_normalizer
from lxml.html import HtmlElement
from trafilatura import bare_extraction, extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html

from readers import Reading

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
# Linear (issue 14): entered only at the start of a run of blanks, read possessively; and one
# blank after the separator, since the rest's class holds the blanks anyway.
_TITLE_SUFFIX = re.compile(r"(?<!\s)\s++[|–—-]\s[^|–—-]+$")


# The Encoding Standard's encodings (what browsers read) by Python's codec names, each with the
# codec that decodes it as browsers do: pages labelled latin-1 or ASCII are in windows-1252,
# "shift_jis" pages in its Windows superset, and so on. Anything else Python knows ("rot13",
# "base64", "idna", "undefined", "utf-7") is no page's encoding, only a way to crash or garble.
_WEB_ENCODINGS = (
    "utf-8 utf-16-le utf-16-be cp866 koi8-r koi8-u mac-roman mac-cyrillic cp874 gb18030 euc_jp "
    "iso2022_jp cp932 cp949 big5hkscs cp1250 cp1251 cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 "
    "cp1258 iso8859-2 iso8859-3 iso8859-4 iso8859-5 iso8859-6 iso8859-7 iso8859-8 iso8859-10 "
    "iso8859-13 iso8859-14 iso8859-15 iso8859-16"
).split()
_WEB_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "utf-16": "utf-16-le",
}
_WEB_CODECS = {**{name: name for name in _WEB_ENCODINGS}, **_WEB_SUPERSETS}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PRESCAN_BYTES = 8192  # where a page's <meta charset> or XML declaration can be looked for
# Two steps, each linear: a <meta> tag's attributes (up to the next "<" or ">"), then its charset.
_META_TAG = re.compile(rb"<meta\b([^<>]*)", re.I)
_CHARSET_ATTRIBUTE = re.compile(rb"""charset\s*=\s*["']?([^"'<>;/]*)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"'>]*)""")
_DETECTION_BYTES = 256 * 1024  # enough text to tell an encoding; detection on 5 MB is slow
# Detection only weighs the web's single- and multi-byte encodings (not EBCDIC, not cp775).
_DETECTABLE = sorted(set(_WEB_CODECS.values()) - {"utf-8", "utf-16-le", "utf-16-be"})


@dataclass(frozen=True)
class PageArticle(Reading):
    """A page's main text, one paragraph a line, without the site's navigation and footer, and
    what the page says of it."""

    canonical_url: str | None = None  # absolute


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


def page_markup(body: bytes, declared: str | None = None) -> str:
    """A page's bytes as text, whatever its charset says (`declared` is the Content-Type's).
    A byte-order mark decides; else the first charset the page declares (Content-Type, then
    its <meta> or XML declaration) that is a web encoding and decodes the bytes; else UTF-8,
    when the bytes are UTF-8 with some damage; else a declared legacy charset, whose only
    failures are a few unassigned bytes; else what charset detection finds; else UTF-8, with
    what does not decode replaced. Never raises."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace")
    named = _declared_codecs(declared, body)
    for codec in [*named, "utf-8"]:  # an undeclared page is UTF-8 more often than anything
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    if _mostly_utf8(body):
        return body.decode("utf-8", errors="replace")
    legacy = [codec for codec in named if codec != "utf-8"]  # a declared UTF-8 was wrong
    codec = legacy[0] if legacy else _detected_codec(body) or "utf-8"
    return body.decode(codec, errors="replace")


def _declared_codecs(declared: str | None, body: bytes) -> list[str]:
    """The web encodings the Content-Type and then the page's markup name, in that order."""
    head = body[:_PRESCAN_BYTES]
    in_markup = [
        charset.group(1)
        for tag in _META_TAG.finditer(head)
        if (charset := _CHARSET_ATTRIBUTE.search(tag.group(1)))
    ]
    if xml := _XML_ENCODING.match(head):
        in_markup.insert(0, xml.group(1))
    # Markup a parser could read as ASCII is not UTF-16, whatever it says (as browsers hold).
    markup = [
        "utf-8" if codec.startswith("utf-16") else codec
        for label in in_markup
        for codec in _web_codecs(label.decode("latin-1"))
    ]
    return list(dict.fromkeys([*_web_codecs(declared or ""), *markup]))


def _web_codecs(labels: str) -> list[str]:
    """The web encodings a charset value names: "utf-8, latin1" names two, "x-unknown-42" none."""
    codecs_named = []
    for label in labels.split(","):
        try:
            name = codecs.lookup(label.strip(" \t\r\n\"'")).name
        except (LookupError, ValueError):  # unknown, empty, or holding a NUL
            continue
        if name in _WEB_CODECS:
            codecs_named.append(_WEB_CODECS[name])
    return codecs_named


def _mostly_utf8(body: bytes) -> bool:
    """True when the bytes are UTF-8 with some damage (a stray byte, a cut character) rather
    than another encoding: text in any other reads as UTF-8 almost nowhere."""
    text = body.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - damaged > damaged


def _detected_codec(body: bytes) -> str | None:
    """The web encoding charset detection finds the bytes in, if any."""
    try:
        best = charset_normalizer.from_bytes(
            body[:_DETECTION_BYTES], cp_isolation=_DETECTABLE
        ).best()
    except Exception:  # detection is a guess; a guess is never worth a crash
        LOGGER.debug("charset detection failed", exc_info=True)
        return None
    if best is None:
        return None
    found = _web_codecs(best.encoding)
    return found[0] if found else None


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
