"""Fetching links safely, against a web server the tests start on 127.0.0.2 (which these
tests treat as a public address; 127.0.0.1 stays private)."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Iterator

import pytest

from service.fetch import Fetcher, FetchError, FetchPolicy, address_allowed
from tests.pages import CHARSET_PAGES, UKRAINIAN_QUOTE, PageServer

PUBLIC_STAND_IN = ipaddress.ip_address("127.0.0.2")


@pytest.fixture(scope="module")
def pages() -> Iterator[PageServer]:
    with PageServer() as server:
        yield server


def fetch(url: str, allow_private: bool = False, stand_in: bool = True, **policy: float):
    allowed = (lambda ip: ip == PUBLIC_STAND_IN) if stand_in else None
    fetcher = Fetcher(FetchPolicy(allow_private=allow_private, **policy), allowed=allowed)
    return asyncio.run(fetcher.fetch(url))


def reason(url: str, **kwargs: object) -> str:
    with pytest.raises(FetchError) as caught:
        fetch(url, **kwargs)
    return str(caught.value)


def test_a_page_is_fetched_with_its_final_address(pages: PageServer) -> None:
    page = fetch(f"{pages.base}/r1")
    assert page.url == f"{pages.base}/world/kharkiv-strike?utm_source=telegram"
    assert "glide bomb" in page.html


def test_too_many_redirects(pages: PageServer) -> None:
    assert reason(f"{pages.base}/loop") == "more than 5 redirects"


def test_redirects_to_loopback_or_cloud_metadata_are_refused(pages: PageServer) -> None:
    for path in ("/to-loopback", "/to-metadata"):
        assert "private or local address" in reason(f"{pages.base}{path}")
    # Cloud metadata stays refused even where private addresses are allowed.
    assert "private or local address" in reason(
        f"{pages.base}/to-metadata", allow_private=True, stand_in=False
    )


def test_private_addresses_only_when_allowed(pages: PageServer) -> None:
    url = f"{pages.base}/world/kharkiv-strike"
    assert "private or local address" in reason(url, stand_in=False)
    assert "glide bomb" in fetch(url, allow_private=True, stand_in=False).html


@pytest.mark.parametrize(
    ("ip", "private_ok", "allowed"),
    [
        ("93.184.216.34", False, True),
        ("10.1.2.3", False, False),
        ("10.1.2.3", True, True),
        ("127.0.0.1", True, True),
        ("169.254.169.254", True, False),
        ("224.0.0.1", True, False),
        ("0.0.0.0", True, False),
        ("::1", False, False),
        ("::1", True, True),
        ("2002:7f00:1::", False, False),
        ("fec0::1", False, False),
        ("::ffff:127.0.0.1", False, False),
        ("fe80::1", True, False),
        ("2606:4700:4700::1111", False, True),
    ],
)
def test_address_rules(ip: str, private_ok: bool, allowed: bool) -> None:
    assert address_allowed(ipaddress.ip_address(ip), private_ok) is allowed


def test_failures_say_what_went_wrong(pages: PageServer) -> None:
    assert reason(f"{pages.base}/gone") == "page not found"
    assert reason(f"{pages.base}/statement.pdf") == "not a web page (application/pdf)"
    assert reason(f"{pages.base}/huge") == "the page is larger than 5 MB"
    assert reason(f"{pages.base}/huge-declared") == "the page is larger than 5 MB"
    assert reason(f"{pages.base}/slow", read_timeout=0.5) == "the site did not answer in time"
    assert reason("ftp://example.com/file") == "only http and https links can be read"
    assert reason("http://no-such-host.invalid/") == "cannot find the site no-such-host.invalid"


def test_the_request_says_who_is_asking(pages: PageServer) -> None:
    fetch(f"{pages.base}/world/kharkiv-strike?check=ua")
    agents = [agent for path, agent in pages.hits if "check=ua" in path]
    assert agents and agents[0].startswith("newsroom-bot/")


def test_a_page_that_takes_too_long_in_all_is_given_up(pages: PageServer) -> None:
    # Each read is quick enough; the whole is not.
    assert (
        reason(f"{pages.base}/slow", read_timeout=10, total_timeout=1)
        == "the site did not answer in time"
    )


def test_compressed_pages_and_bombs(pages: PageServer) -> None:
    assert "glide bomb" in fetch(f"{pages.base}/gzip").html
    assert reason(f"{pages.base}/bomb") == "the page is larger than 5 MB"
    assert reason(f"{pages.base}/double-bomb") == (
        "the page is sent in a form I can't read (gzip, gzip)"
    )


def test_a_broken_redirect_is_a_clear_failure(pages: PageServer) -> None:
    assert reason(f"{pages.base}/broken-redirect") == "the site redirected to a broken link"


def stand_in_for_every_name(asked: list[str]):
    """A resolver that answers every name with the stand-in server, noting what it was asked:
    a link's request gets as far as the server unless the fetcher stops it first."""

    async def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        asked.append(host)
        return [PUBLIC_STAND_IN]

    return resolve


def fetch_named(url: str, asked: list[str]):
    fetcher = Fetcher(
        FetchPolicy(),
        resolver=stand_in_for_every_name(asked),
        allowed=lambda ip: ip == PUBLIC_STAND_IN,
    )
    return asyncio.run(fetcher.fetch(url))


@pytest.mark.parametrize(
    ("host", "ascii_name"),
    [
        ("bücher.example", "xn--bcher-kva.example"),
        ("BÜCHER.example", "xn--bcher-kva.example"),  # case, as UTS 46 maps it
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),  # already ASCII
        ("faß.example", "xn--fa-hia.example"),  # IDNA 2008: not "fass.example" as in 2003
        ("новини.example", "xn--b1amarcd.example"),
        ("bücher。example", "xn--bcher-kva.example"),  # the ideographic full stop
        ("my_site.example", "my_site.example"),  # an underscore, as sites have them
    ],
)
def test_an_international_host_is_resolved_and_requested_by_its_ascii_name(
    pages: PageServer, host: str, ascii_name: str
) -> None:
    asked: list[str] = []
    path = f"/world/kharkiv-strike?idn={ascii_name}"
    page = fetch_named(f"http://{host}:{pages.server_port}{path}", asked)
    assert "glide bomb" in page.html
    assert asked == [ascii_name]
    assert (path, f"{ascii_name}:{pages.server_port}") in pages.hosts  # the Host header


def test_an_international_host_is_checked_by_the_address_of_its_ascii_name() -> None:
    async def loopback_for_punycode(host: str, port: int) -> list[ipaddress.IPv4Address]:
        return [ipaddress.ip_address("127.0.0.1")] if host == "xn--bcher-kva.example" else []

    fetcher = Fetcher(FetchPolicy(), resolver=loopback_for_punycode)
    with pytest.raises(FetchError, match="private or local address"):
        asyncio.run(fetcher.fetch("http://bücher.example/"))
    # Full-width digits are 127.0.0.1 to a browser, and to the address check.
    assert "private or local address" in reason("http://１２７.０.０.１/", stand_in=False)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://bücher..example/", "that link's address is not valid"),  # an empty label
        ("http://.../", "that link's address is not valid"),  # only dots
        (f"http://{'a' * 64}.example/", "that link's address is not valid"),  # label > 63
        (f"http://{'abcdefgh.' * 30}example/", "that link's address is not valid"),  # > 253
        ("http://xn--zz.example/", "that link's address is not valid"),  # no punycode
        ("http://١٢٣.example/", "that link's address is not valid"),  # IDNA's bidi rule
        ("http://💥.example/", "that link's address is not valid"),  # IDNA 2008 has no emoji
        ("http://exa mple.example/", "that link's address is not valid"),
        ("http://exa\x00mple.example/", "that link's address is not valid"),
        ("http://public.example/story\x00", "that link's address is not valid"),
        ("http://public.example/story\x7f", "that link's address is not valid"),
        ("http://public.example:99999/", "that link has a bad port"),
        ("http://public.example:0/", "that link has a bad port"),
        ("http://public.example:8o/", "that link has a bad port"),
        ("http://[::1", "that link is broken"),
        ("http://[not-an-address]/", "that link is broken"),
        ("http:///story", "that link names no site"),
        (f"http://public.example/{'a' * 70_000}", "that link is too long"),
    ],
)
def test_a_link_that_cannot_be_requested_says_why_before_any_lookup(url: str, why: str) -> None:
    asked: list[str] = []
    with pytest.raises(FetchError) as caught:
        fetch_named(url, asked)
    assert str(caught.value) == why
    assert asked == []


def test_a_redirect_to_an_international_host_is_followed(pages: PageServer) -> None:
    page = fetch(f"{pages.base}/to-idn")
    assert page.url == f"http://１２７.０.０.２:{pages.server_port}/world/kharkiv-strike"
    assert "glide bomb" in page.html


@pytest.mark.parametrize("path", ["/to-bad-idn", "/to-bad-port"])
def test_a_redirect_to_an_address_that_cannot_be_requested(pages: PageServer, path: str) -> None:
    assert reason(f"{pages.base}{path}") == "the site redirected to a broken link"


@pytest.mark.parametrize("path", sorted(CHARSET_PAGES))
def test_a_page_in_an_odd_or_lying_charset_is_read(pages: PageServer, path: str) -> None:
    assert UKRAINIAN_QUOTE in fetch(f"{pages.base}{path}").html
