"""Links in messages and the one address an article has, whichever link reached it."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import courlan

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
