"""The daily digest of a chat (Newsroom.digest) over a store whose last 24 hours hold 1,000 of
its articles."""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass

from bench.commands import CHAT
from bench.report import log, percentile
from service.newsroom import Newsroom


@dataclass(frozen=True)
class DigestTimes:
    seconds: list[float]  # each build, the first one first
    articles: int  # how many the digest says it covers
    messages: int

    @property
    def median(self) -> float:
        return percentile(self.seconds, 50)


def run(newsroom: Newsroom, builds: int, backend: str) -> DigestTimes:
    """Build the digest `builds` times (the first is the one a morning job would see)."""
    seconds, messages = [], []
    for _ in range(builds):
        started = time.perf_counter()
        messages = newsroom.digest(CHAT, dt.datetime.now(dt.UTC))
        seconds.append(time.perf_counter() - started)
    found = re.search(r"(\d+) articles?:", messages[0]) if messages else None
    times = DigestTimes(seconds, int(found.group(1)) if found else 0, len(messages))
    log(
        f"Digest ({backend}): {times.articles} articles in the window, {times.messages} "
        f"message(s); builds: {', '.join(f'{s * 1000:.0f} ms' for s in seconds)}"
    )
    return times
