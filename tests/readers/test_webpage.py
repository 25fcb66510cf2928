"""page_article: a news page's story without the site around it, and its metadata."""

from __future__ import annotations

import codecs
import datetime
import socket

import pytest

from readers.webpage import PageArticle, page_article, page_markup

URL = "https://www.harbourgazette.example/news/local/ferry-strike?utm_source=share"

STORY = [
    "Ferry services between Port Calder and the Skerry Islands were suspended on Thursday "
    "after crews walked out in a dispute over night-shift pay, stranding about 1,200 "
    "passengers on both sides of the sound.",
    "The operator, Sound Link, said it had cancelled all 14 sailings scheduled for the day "
    "and was arranging coaches to the airport for travellers with onward flights.",
    '"We have been patient for eight months and nobody has listened," said Morag Buchanan, '
    "who speaks for the crews' union, outside the terminal on Thursday morning.",
    "Island councillors warned that food deliveries to the two largest islands would run "
    "short by the weekend if the strike continued, and asked the regional government to "
    "step in.",
]
HEADLINE = "Ferry strike strands hundreds on island route"

BOILERPLATE = [
    "We use cookies to personalise content and ads",
    "Manage preferences",
    "Subscribe to our morning newsletter",
    "Lifeboat volunteers honoured at harbour ceremony",  # a related story
    "Council approves new car park for the marina",  # a related story
    "All rights reserved",
    "Privacy policy",
    "Advertise with us",
]


def news_page(
    head: str = "",
    story: list[str] = STORY,
    headline: str = HEADLINE,
    footer: str = "<p>© 2023 Harbour Gazette Media Ltd. All rights reserved.</p>",
) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in story)
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{headline} | Harbour Gazette</title>
{head}
</head><body>
<div class="cookie-banner" id="cookie-consent" role="dialog">
  <p>We use cookies to personalise content and ads. You can change this at any time.</p>
  <button>Accept all</button> <a href="/cookies">Manage preferences</a>
</div>
<header class="site-header">
  <a class="logo" href="/">Harbour Gazette</a>
  <nav><ul>
    <li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
    <li><a href="/business">Business</a></li><li><a href="/weather">Weather</a></li>
  </ul></nav>
</header>
<main>
<article class="story">
  <h1>{headline}</h1>
  <p class="byline">By <a href="/authors/ewan-macrae" rel="author">Ewan MacRae</a></p>
  {paragraphs}
  <div class="newsletter-signup"><p>Subscribe to our morning newsletter</p>
    <form><input type="email"><button>Sign up</button></form></div>
</article>
<aside class="related-stories">
  <h2>Related stories</h2>
  <ul>
    <li><a href="/news/lifeboat">Lifeboat volunteers honoured at harbour ceremony</a></li>
    <li><a href="/news/car-park">Council approves new car park for the marina</a></li>
  </ul>
</aside>
</main>
<footer class="site-footer">
  {footer}
  <ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms</a></li>
  <li><a href="/advertise">Advertise with us</a></li></ul>
</footer>
</body></html>"""


FULL_HEAD = """
<meta property="og:title" content="Ferry strike strands hundreds on island route">
<meta name="author" content="Ewan MacRae">
<meta property="article:published_time" content="2024-06-13T07:45:00+01:00">
<link rel="canonical" href="/news/2024/06/13/ferry-strike-strands-hundreds">
"""


@pytest.fixture(scope="module")
def article() -> PageArticle:
    return page_article(news_page(FULL_HEAD), URL)


def test_the_story_is_there_a_paragraph_a_line(article: PageArticle) -> None:
    assert article.text.split("\n") == STORY


def test_the_site_around_the_story_is_not(article: PageArticle) -> None:
    for phrase in BOILERPLATE:
        assert phrase not in article.text
    assert "Sport" not in article.text.split()


def test_the_headline_is_the_title_not_part_of_the_text(article: PageArticle) -> None:
    assert article.title == HEADLINE
    assert HEADLINE not in article.text


def test_metadata_of_the_page(article: PageArticle) -> None:
    assert article.author == "Ewan MacRae"
    assert article.published == datetime.date(2024, 6, 13)
    # The relative canonical link is made absolute against the page's address.
    assert article.canonical_url == (
        "https://www.harbourgazette.example/news/2024/06/13/ferry-strike-strands-hundreds"
    )


def test_og_url_when_there_is_no_canonical_link() -> None:
    head = '<meta property="og:url" content="https://harbourgazette.example/ferry-strike">'
    assert page_article(news_page(head), URL).canonical_url == (
        "https://harbourgazette.example/ferry-strike"
    )


def test_a_canonical_naming_the_home_page_is_ignored() -> None:
    # A broken template gives every article the home page as canonical: trusting it would
    # make all the site's stories one.
    head = '<link rel="canonical" href="https://www.harbourgazette.example/">'
    assert page_article(news_page(head), URL).canonical_url is None


def test_no_canonical_without_a_link_or_a_page_address() -> None:
    assert page_article(news_page(), URL).canonical_url is None
    relative = '<link rel="canonical" href="/news/ferry">'
    assert page_article(news_page(relative)).canonical_url is None


def test_date_from_json_ld() -> None:
    head = """<script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "NewsArticle",
     "headline": "Ferry strike strands hundreds on island route",
     "datePublished": "2024-06-12T18:05:00Z"}</script>"""
    assert page_article(news_page(head), URL).published == datetime.date(2024, 6, 12)


def test_no_date_is_guessed_from_the_copyright_line_or_the_story() -> None:
    # "© 2023" is not a publication date, nor is a date the story mentions: a wrong date
    # would misplace every "on Thursday" in the story.
    story = [*STORY, "The last strike on the route, on 4 March 2022, lasted three days."]
    assert page_article(news_page(story=story), URL).published is None


def test_a_page_laid_out_with_tables_still_gives_its_text() -> None:
    page = f"""<html><head><title>Notice</title></head><body><table><tr>
    <td><a href="/">Home</a></td>
    <td><p>{STORY[0]}</p><p>{STORY[1]}</p></td></tr></table></body></html>"""
    text = page_article(page, URL).text
    assert STORY[0] in text and STORY[1] in text
    assert "|" not in text


def test_a_page_without_a_story_gives_its_metadata_and_no_text() -> None:
    page = """<html><head><title>Live video: harbour webcam</title>
    <meta property="article:published_time" content="2024-06-10T09:00:00Z"></head>
    <body><nav><a href="/">Home</a></nav><video src="/cam.mp4"></video></body></html>"""
    article = page_article(page, URL)
    assert article.text == ""
    assert article.title == "Live video: harbour webcam"
    assert article.published == datetime.date(2024, 6, 10)


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n ",
        "just some words, no markup",
        "<p>x</p>",
        "<html><body></body></html>",
        "\x00\x01\x02\ufffd binary junk",
        "<html><body><div><div><div>" * 400,
        "<html><head><link rel='canonical' href='http://[::1'></head><body><p>Hi.</p></body>",
        "https://www.harbourgazette.example/news/local/ferry-strike",  # a URL, not HTML
    ],
)
def test_odd_input_never_raises_nor_touches_the_network(
    html: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("page_article tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    article = page_article(html, URL)
    assert isinstance(article.text, str)
    assert article.canonical_url is None


# page_markup: a page's bytes as text, whatever its charset says.

CAFE = "The café on the quay — “closed until further notice” — was full of stranded passengers."
UKRAINIAN = (
    "Поромне сполучення між портом і островами призупинили в четвер після того, як екіпажі "
    "оголосили страйк через оплату нічних змін. На обох берегах протоки застрягли близько "
    "тисячі двохсот пасажирів, повідомив оператор."
)


def markup(text: str, meta: str = "") -> str:
    return f"<!doctype html><html><head>{meta}<title>Ferry</title></head><body><p>{text}</p>"


@pytest.mark.parametrize(
    "declared",
    [
        "x-unknown-42",  # no such charset
        "",  # an empty one
        "rot13",  # codecs Python has that are not text encodings: decode() raised
        "base64",
        "undefined",
        "idna",
        "utf-7",  # a text encoding, but no web page's
        "utf-8\x00",
        '"utf-8"',
    ],
)
def test_a_charset_that_names_no_web_encoding_is_passed_over(declared: str) -> None:
    page = markup(CAFE)
    assert page_markup(page.encode(), declared) == page


@pytest.mark.parametrize(
    ("body", "declared", "meta"),
    [
        # a list: each charset in turn (UTF-8 fails on these bytes, windows-1252 reads them)
        (CAFE, "utf-8, latin1", ""),
        # latin-1 pages are written in windows-1252 (its curly quotes), as browsers read them
        (CAFE, "iso-8859-1", ""),
        # the server's default charset is wrong, the page's <meta> right
        (UKRAINIAN, "utf-8", '<meta charset="windows-1251">'),
        (UKRAINIAN, "x-unknown-42", '<meta charset="windows-1251">'),
        (
            UKRAINIAN,
            None,
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        ),
    ],
)
def test_the_first_declared_charset_that_reads_the_bytes(
    body: str, declared: str | None, meta: str
) -> None:
    encoding = "cp1251" if body == UKRAINIAN else "cp1252"
    page = markup(body, meta)
    assert page_markup(page.encode(encoding), declared) == page


def test_an_xml_declaration_names_the_charset() -> None:
    page = '<?xml version="1.0" encoding="windows-1251"?>' + markup(UKRAINIAN)
    assert page_markup(page.encode("cp1251")) == page
    assert UKRAINIAN in page_article(page_markup(page.encode("cp1251")), URL).text


def test_a_byte_order_mark_decides() -> None:
    page = markup(UKRAINIAN, '<meta charset="windows-1251">')
    assert page_markup(page.encode("utf-16"), "iso-8859-1") == page
    assert page_markup(codecs.BOM_UTF8 + page.encode(), "windows-1251") == page


def test_markup_read_as_ascii_is_not_utf_16_whatever_it_says() -> None:
    page = markup(UKRAINIAN, '<meta charset="utf-16">')
    assert page_markup(page.encode()) == page


def test_an_undeclared_legacy_charset_is_detected() -> None:
    page = markup(f"{UKRAINIAN} {UKRAINIAN}")
    assert page_markup(page.encode("cp1251")) == page


def test_a_stray_byte_in_utf_8_loses_that_byte_not_the_page() -> None:
    page = markup(UKRAINIAN)
    text = page_markup(page.encode().replace(b"<p>", b"<p>\xff"), "utf-8")
    assert text == page.replace("<p>", "<p>\ufffd")


def test_a_declared_legacy_charset_with_an_unassigned_byte_is_still_that_charset() -> None:
    page = markup(UKRAINIAN, '<meta charset="windows-1251">')
    broken = page.encode("cp1251").replace(b"<p>", b"<p>\x98")  # no character in windows-1251
    assert page_markup(broken) == page.replace("<p>", "<p>\ufffd")


@pytest.mark.parametrize(
    "body",
    [b"", b"\x00\xff\xfe\x80" * 1000, bytes(range(256)) * 50, b"<meta charset='\x00\xff'>"],
)
def test_any_bytes_give_text(body: bytes) -> None:
    assert isinstance(page_markup(body, "x-unknown-42"), str)
