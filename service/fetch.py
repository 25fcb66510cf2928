"""Fetching the page behind a link, safely: http(s) only, every address checked (no loopback,
private, link-local, multicast or reserved targets unless allowed), on every redirect, with the
connection pinned to the checked address; international host names in their ASCII (IDNA 2008)
form; timeouts, at most 5 redirects, a 5 MB cap read as a stream, HTML only, in whatever
charset. A link or page that cannot be read is a FetchError saying why, never another error."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from readers.webpage import page_markup
from service.urls import ascii_host

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]

USER_AGENT = "newsroom-bot/0.1 (+https://github.com/; fetches articles journalists forward)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_LOCATION = "newsroom.location"  # where _take_location puts a redirect's Location header
# Longer than servers read (most answer 414 past 8 KB): a link that long is not an article's.
MAX_URL_CHARS = 8192


class _Identity:
    unconsumed_tail = b""

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if len(data) > max_length:
            self.unconsumed_tail = data[max_length:]
        return data[:max_length]


# One layer of gzip or deflate at most ("gzip, gzip" stacks are how bombs multiply).
_DECODERS: dict[str, Callable[[], Any]] = {
    "identity": _Identity,
    "": _Identity,
    "gzip": lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
    "x-gzip": lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
    "deflate": lambda: zlib.decompressobj(),
}


class FetchError(Exception):
    """A link that gave no page; str(exc) is the reason to tell the user."""


@dataclass(frozen=True)
class FetchPolicy:
    allow_private: bool = False  # intranet deployments and tests
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0  # a page trickled a byte at a time still ends
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class FetchedPage:
    url: str  # after redirects
    html: str


def address_allowed(ip: IPAddress, allow_private: bool) -> bool:
    """Whether the bot may connect to `ip`. Link-local (cloud metadata at 169.254.169.254),
    multicast, reserved and unspecified addresses never; loopback and private ones only when
    the deployment allows them."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour  # ::ffff:127.0.0.1, 2002:7f00:1::
        if embedded is not None:
            return address_allowed(embedded, allow_private)
        if ip.is_loopback:  # ::1 (which Python also files as reserved)
            return allow_private
        if ip.is_site_local:
            return allow_private
    if ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        return False
    if ip.is_loopback or ip.is_private:
        return allow_private
    return ip.is_global


async def system_resolver(host: str, port: int) -> list[IPAddress]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(info[4][0]) for info in infos]


class BrokenLink(FetchError):
    """A link whose address cannot be requested at all (malformed, bad port, invalid host)."""


@dataclass(frozen=True)
class Target:
    """Where a link's request goes, checked before any DNS lookup."""

    url: httpx.URL  # the link with its host in ASCII, without fragment or user name
    host: str  # ASCII: what is resolved, sent as Host and as the TLS server name
    port: int
    shown_host: str  # as the link wrote it, for messages ("bücher.example")


def request_target(url: str) -> Target:
    """The request a link stands for; BrokenLink (a FetchError) says what is wrong with it."""
    if len(url) > MAX_URL_CHARS:
        raise BrokenLink("that link is too long")
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError as exc:  # "http://[::1"
        raise BrokenLink("that link is broken") from exc
    if parts.scheme not in ("http", "https"):
        raise FetchError("only http and https links can be read")
    if not hostname:
        raise BrokenLink("that link names no site")
    try:
        port = parts.port
    except ValueError as exc:  # "http://example.com:99999/"
        raise BrokenLink("that link has a bad port") from exc
    if port == 0:  # no server listens there (and "port or 80" would quietly go to 80)
        raise BrokenLink("that link has a bad port")
    try:
        host = ascii_host(hostname)
        literal = f"[{host}]" if ":" in host else host
        netloc = f"{literal}:{port}" if port else literal
        # httpx refuses control characters and over-long URLs; better here than mid-request.
        request = httpx.URL(urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")))
    except (ValueError, httpx.InvalidURL) as exc:
        raise BrokenLink("that link's address is not valid") from exc
    default_port = 443 if parts.scheme == "https" else 80
    return Target(request, host, port or default_port, hostname)


async def _take_location(response: httpx.Response) -> None:
    """A response hook that takes a redirect's Location out of httpx's sight: httpx reads it by
    its own, stricter rules before returning the response (refusing "http://１２７.０.０.１/"
    that browsers follow, failing on garbage); the fetcher follows redirects itself."""
    if response.status_code in _REDIRECTS and "location" in response.headers:
        response.extensions[_LOCATION] = response.headers.pop("location")


def _redirected(url: str, location: str) -> str:
    """Where a redirect from `url` leads."""
    try:
        return urljoin(url, location)
    except ValueError as exc:
        raise FetchError("the site redirected to a broken link") from exc


def _redirect_target(url: str) -> Target:
    """The request a redirect stands for: the user's link was fine, the site's is not."""
    try:
        return request_target(url)
    except BrokenLink as exc:
        raise FetchError("the site redirected to a broken link") from exc


class Fetcher:
    """Fetches pages under a FetchPolicy. `resolver` and `allowed` can be replaced (tests give a
    loopback address the standing of a public one)."""

    def __init__(
        self,
        policy: FetchPolicy,
        resolver: Resolver = system_resolver,
        allowed: Callable[[IPAddress], bool] | None = None,
    ) -> None:
        self.policy = policy
        self.resolver = resolver
        self.allowed = allowed or (lambda ip: address_allowed(ip, policy.allow_private))

    async def fetch(self, url: str) -> FetchedPage:
        try:
            async with asyncio.timeout(self.policy.total_timeout):
                return await self._fetch(url)
        except TimeoutError as exc:
            raise FetchError("the site did not answer in time") from exc

    async def _fetch(self, url: str) -> FetchedPage:
        policy = self.policy
        timeout = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout)
        target = request_target(url)  # a broken link says so before any lookup
        # No proxies from the environment: the connection must go to the address checked.
        async with httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
            event_hooks={"response": [_take_location]},
        ) as client:
            for _ in range(policy.max_redirects + 1):
                pinned, headers, extensions = await self._pinned(target)
                try:
                    async with client.stream(
                        "GET", pinned, headers=headers, extensions=extensions
                    ) as response:
                        location = response.extensions.get(_LOCATION)
                        if location is not None:
                            url = _redirected(url, location)
                            target = _redirect_target(url)
                            continue
                        return FetchedPage(url, await self._html(response))
                except httpx.TimeoutException as exc:
                    raise FetchError("the site did not answer in time") from exc
                except httpx.HTTPError as exc:
                    raise FetchError("the site could not be reached") from exc
        raise FetchError(f"more than {policy.max_redirects} redirects")

    async def _pinned(self, target: Target) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
        """The URL to request with its host replaced by a checked address (so a second DNS
        answer cannot point elsewhere), the Host header, and the TLS server name."""
        try:
            addresses = await self.resolver(target.host, target.port)
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"cannot find the site {target.shown_host}") from exc
        if not addresses or not all(self.allowed(ip) for ip in addresses):
            raise FetchError("that link points to a private or local address; not fetched")
        pinned = target.url.copy_with(host=str(addresses[0]))
        named = f"[{target.host}]" if ":" in target.host else target.host  # IPv6 in brackets
        host_header = f"{named}:{target.url.port}" if target.url.port else named
        return pinned, {"Host": host_header}, {"sni_hostname": target.host}

    async def _html(self, response: httpx.Response) -> str:
        if response.status_code == 404 or response.status_code == 410:
            raise FetchError("page not found")
        if response.status_code >= 400:
            raise FetchError(f"the site answered with an error ({response.status_code})")
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in _HTML_TYPES:
            raise FetchError(f"not a web page ({kind or 'unknown type'})")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.policy.max_bytes:
            raise FetchError(self._too_large())
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in _DECODERS:
            raise FetchError(f"the page is sent in a form I can't read ({encoding})")
        decoder = _DECODERS[encoding]()
        body = bytearray()
        # Raw bytes, decompressed here with a limit: a small gzip bomb never grows past the cap.
        async for chunk in response.aiter_raw():
            try:
                body += decoder.decompress(chunk, self.policy.max_bytes + 1 - len(body))
            except zlib.error as exc:
                raise FetchError("the page arrived damaged (bad compression)") from exc
            if len(body) > self.policy.max_bytes or decoder.unconsumed_tail:
                raise FetchError(self._too_large())
        # Not response.encoding: it trusts any codec Python has ("charset=rot13" raises).
        return page_markup(bytes(body), response.charset_encoding)

    def _too_large(self) -> str:
        return f"the page is larger than {self.policy.max_bytes // (1024 * 1024)} MB"
