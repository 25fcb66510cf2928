"""The figures: percentiles, durations as people read them, and the one table the run prints."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of the table. `met` is None when the benchmark could not run (the figure then
    says why)."""

    benchmark: str
    figure: str
    target: str
    met: bool | None


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), interpolated between the closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.0f} s"


def p50_p95(seconds: Sequence[float]) -> str:
    """ "p50 4.1 ms / p95 9.8 ms (n=120)"."""
    return (
        f"p50 {ms(percentile(seconds, 50))} / p95 {ms(percentile(seconds, 95))} (n={len(seconds)})"
    )


def log(message: str) -> None:
    """Progress and detail lines, printed as the run goes (the table comes last)."""
    print(message, flush=True)


def table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table: benchmark | figure | target | met?"""
    header = ("benchmark", "figure", "target", "met?")
    cells = [
        (r.benchmark, r.figure, r.target, "n/a" if r.met is None else "yes" if r.met else "NO")
        for r in rows
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(4)]

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(c) for c in cells)])
