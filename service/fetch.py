"""Fetching the page behind a link, safely: http(s) only, every address checked (no loopback,
private, link-local, multicast or reserved targets unless allowed), on every redirect, with the
connection pinned to the checked address; timeouts, at most 5 redirects, a 5 MB cap read as a
stream, HTML only."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]

USER_AGENT = "newsroom-bot/0.1 (+https://github.com/; fetches articles journalists forward)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


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
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
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
            headers={"User-Agent": policy.user_agent},
            trust_env=False,
        ) as client:
            for _ in range(policy.max_redirects + 1):
                pinned, headers, extensions = await self._pinned(url)
                try:
                    async with client.stream(
                        "GET", pinned, headers=headers, extensions=extensions
                    ) as response:
                        if response.status_code in _REDIRECTS and "location" in response.headers:
                            url = urljoin(url, response.headers["location"])
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
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("only http and https links can be read")
        host = parts.hostname
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
        host_header = f"{host}:{parts.port}" if parts.port else host
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
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > self.policy.max_bytes:
                raise FetchError(self._too_large())
        return body.decode(response.encoding or "utf-8", errors="replace")

    def _too_large(self) -> str:
        return f"the page is larger than {self.policy.max_bytes // (1024 * 1024)} MB"
