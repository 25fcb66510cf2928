"""Fetching the page behind a link, safely: http(s) only, every address checked (no loopback,
private, link-local, multicast or reserved targets unless allowed), on every redirect, with the
connection pinned to the checked address; timeouts, at most 5 redirects, a 5 MB cap read as a
stream, HTML only."""

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

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]

USER_AGENT = "newsroom-bot/0.1 (+https://github.com/; fetches articles journalists forward)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


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
        # No proxies from the environment: the connection must go to the address checked.
        async with httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        ) as client:
            for _ in range(policy.max_redirects + 1):
                pinned, headers, extensions = await self._pinned(url)
                try:
                    async with client.stream(
                        "GET", pinned, headers=headers, extensions=extensions
                    ) as response:
                        if response.status_code in _REDIRECTS and "location" in response.headers:
                            try:
                                url = urljoin(url, response.headers["location"])
                            except ValueError as exc:
                                raise FetchError("the site redirected to a broken link") from exc
                            continue
                        return FetchedPage(url, await self._html(response))
                except httpx.TimeoutException as exc:
                    raise FetchError("the site did not answer in time") from exc
                except httpx.HTTPError as exc:
                    raise FetchError("the site could not be reached") from exc
        raise FetchError(f"more than {policy.max_redirects} redirects")

    async def _pinned(self, url: str) -> tuple[str, dict[str, str], dict[str, str]]:
        """The URL to request with its host replaced by a checked address (so a second DNS
        answer cannot point elsewhere), the Host header, and the TLS server name."""
        try:
            parts = urlsplit(url)
            hostname = parts.hostname
        except ValueError as exc:
            raise FetchError("that link is broken") from exc
        if parts.scheme not in ("http", "https") or not hostname:
            raise FetchError("only http and https links can be read")
        host = hostname
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise FetchError("that link has a bad port") from exc
        try:
            addresses = await self.resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"cannot find the site {host}") from exc
        if not addresses or not all(self.allowed(ip) for ip in addresses):
            raise FetchError("that link points to a private or local address; not fetched")
        ip = addresses[0]
        literal = f"[{ip}]" if ip.version == 6 else str(ip)
        netloc = f"{literal}:{parts.port}" if parts.port else literal
        pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        named = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
        host_header = f"{named}:{parts.port}" if parts.port else named
        return pinned, {"Host": host_header}, {"sni_hostname": host}

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
        return body.decode(response.encoding or "utf-8", errors="replace")

    def _too_large(self) -> str:
        return f"the page is larger than {self.policy.max_bytes // (1024 * 1024)} MB"
