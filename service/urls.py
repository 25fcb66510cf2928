"""Links in messages, the one address an article has whichever link reached it, and the ASCII
name a link's host is looked up and requested by."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import courlan
import idna

# Query parameters that say who shared a link, not which page it is.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|ocid|cmpid|smid|"
    r"smtyp|at_medium|at_campaign|ito|ns_\w+|share|ref|ref_src|s_cid|guccounter|amp)$",
    re.I,
)
# AMP copies: ".../story/amp", "/amp/story", ".../story.amp".
_AMP_SEGMENT = re.compile(r"^/amp(?=/)|/amp$|\.amp$", re.I)


def article_url(url: str) -> str:
    """The address that stands for an article: no tracking parameters, fragment, AMP form or
    www/mobile host, letter-case or port differences ("https://amp.site.com/x/amp/?utm_source=t" and
    "https://site.com/x" are one)."""
    parts = urlsplit(courlan.normalize_url(url.strip()))
    host = parts.netloc.lower()
    if host.count(".") >= 2:  # the AMP, www and mobile hosts of one site (not amp.dev)
        host = re.sub(r"^(amp|www|m)\.", "", host)
    path = _AMP_SEGMENT.sub("", parts.path).rstrip("/") or "/"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        )
    )
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def normalised_url(url: str) -> str | None:
    """The article address of `url` (see `article_url`), None when it is not a usable link."""
    try:
        return article_url(url)
    except ValueError:
        return None


# A DNS label as sites really use them: browsers accept underscores and any hyphens in ASCII
# labels ("r4---sn-x.googlevideo.com"), which IDNA 2008 alone would refuse.
_ASCII_LABEL = re.compile(r"[a-z0-9_-]{1,63}")
_MAX_HOST_CHARS = 253  # the longest name DNS carries


def ascii_host(host: str) -> str:
    """The host as DNS and the request name it: IP literals as they are, names in their ASCII
    form ("bücher.example" is "xn--bcher-kva.example"), by IDNA 2008 with UTS 46 mapping (so
    "faß.de" keeps its ß, which Python's IDNA 2003 codec would read as "fass.de").
    ValueError when it is no valid name: an empty or over-long label, a letter IDNA refuses."""
    if ":" in host:  # IPv6 (urlsplit already took off the brackets)
        return str(ipaddress.ip_address(host))
    try:
        # UTS 46 reads case, full-width forms and the ideographic full stop as browsers do
        mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
    except UnicodeError as exc:
        raise ValueError(f"not a valid host: {exc}") from exc
    absolute = mapped.endswith(".")  # "example.com." is a name, the dot says it is complete
    labels = [_ascii_label(label) for label in mapped.removesuffix(".").split(".")]
    name = ".".join(labels)
    if len(name) > _MAX_HOST_CHARS:
        raise ValueError("not a valid host: too long")
    return name + "." if absolute else name


def _ascii_label(label: str) -> str:
    """One label of a host name in ASCII; ValueError when it cannot be one."""
    if label.isascii() and not label.startswith("xn--"):
        if _ASCII_LABEL.fullmatch(label):
            return label
        raise ValueError(f"not a valid host label: {label!r}")
    try:
        return idna.alabel(label).decode("ascii")  # checks a given A-label ("xn--...") too
    except UnicodeError as exc:  # idna.IDNAError is one
        raise ValueError(f"not a valid host label: {exc}") from exc
