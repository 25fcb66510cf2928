"""Fetching links safely, against a web server the tests start on 127.0.0.2 (which these
tests treat as a public address; 127.0.0.1 stays private)."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Iterator

import pytest

from service.fetch import Fetcher, FetchError, FetchPolicy, address_allowed
from tests.pages import PageServer

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
