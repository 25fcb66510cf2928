"""Runs every benchmark of issue 6 and prints one table (benchmark | figure | target | met?) with
the machine it ran on. Detail (per-form latencies, query plans) is printed as the run goes.

    python -m bench                      # the issue's sizes: 100,000 articles, 100 forwards
    python -m bench --articles 10000     # a quick try
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import burst, commands, digest, generate, ingest, machine, memory
from bench.report import Row, log, ms, p50_p95, percentile, table
from bench.stores import database_url, newsroom_on, postgres_problem
from extract.engine import Extractor
from service.newsroom import Newsroom
from storage.db import make_engine
from storage.migrate import upgrade

COMMAND_P95 = 0.050
BURST_P95 = 0.150
DIGEST_SECONDS = 1.0
INGEST_RATIO = 1.3
PEAK_MB = 400


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=generate.DEFAULT_ARTICLES,
                        help="articles in the command/digest stores (default 100,000)")  # fmt: skip
    parser.add_argument("--recent", type=int, default=generate.DEFAULT_RECENT,
                        help="of which received in the last 24 hours (default 1,000)")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=20, help="times each command form is timed")
    parser.add_argument("--ingest-articles", type=int, default=120,
                        help="stories for ingest vs bare spaCy (default 120)")  # fmt: skip
    parser.add_argument("--ingest-rounds", type=_positive, default=3,
                        help="ingest rounds, each on new stories; the median counts")  # fmt: skip
    parser.add_argument("--forwards", type=int, default=100, help="the burst (default 100)")
    parser.add_argument("--digest-builds", type=int, default=5)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    return parser.parse_args()


@contextmanager
def phase(name: str) -> Iterator[None]:
    started = time.perf_counter()
    log(f"\n== {name}")
    yield
    log(f"   ({time.perf_counter() - started:.1f} s)")


def command_rows(latencies: commands.Latencies, where: str) -> list[Row]:
    rows = []
    for command in ("casualties", "quotes"):
        seconds = latencies.of(command)
        slowest = max(
            (form for form in latencies.by_form if form[0] == command),
            key=lambda form: percentile(latencies.by_form[form], 50),
        )
        worst = percentile(latencies.by_form[slowest], 50)
        rows.append(
            Row(
                f"/{command} via Newsroom.answer, {where}",
                f"{p50_p95(seconds)}; slowest {commands.label(slowest)} median {ms(worst)}",
                "p95 < 50 ms",
                percentile(seconds, 95) < COMMAND_P95,
            )
        )
    return rows


def digest_row(times: digest.DigestTimes, where: str) -> Row:
    figure = (
        f"median {ms(times.median)}, first {ms(times.seconds[0])}, max {ms(max(times.seconds))} "
        f"({times.articles:,} articles in the day)"
    )
    return Row(f"Digest build, {where}", figure, "< 1 s", max(times.seconds) < DIGEST_SECONDS)


def store_benchmarks(
    url: str, extractor: Extractor, args: argparse.Namespace, where: str
) -> tuple[Newsroom, list[Row]]:
    """Fill a new store at `url`, then time the commands and the digest on it."""
    engine = make_engine(url)
    upgrade(engine)
    made = generate.populate(engine, args.articles, args.recent)
    engine.dispose()
    log(f"Generated: {made.summary()}")
    newsroom = newsroom_on(url, extractor)
    rows = command_rows(commands.run(newsroom, args.rounds, where), where)
    rows.append(digest_row(digest.run(newsroom, args.digest_builds, where), where))
    return newsroom, rows


def skipped(where: str, reason: str) -> list[Row]:
    return [
        Row(f"/casualties via Newsroom.answer, {where}", f"skipped: {reason}", "p95 < 50 ms", None),
        Row(f"/quotes via Newsroom.answer, {where}", f"skipped: {reason}", "p95 < 50 ms", None),
        Row(f"Digest build, {where}", f"skipped: {reason}", "< 1 s", None),
    ]


def main() -> int:
    args = arguments()
    started = time.perf_counter()
    rows: list[Row] = []
    size = f"{args.articles:,} articles"
    forms = commands.casualty_forms() + commands.quote_forms()
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as tmp:
        folder = Path(tmp)
        with phase("Loading the spaCy pipeline"):
            extractor = Extractor()
        with phase("1. Ingest: pipeline against bare nlp.pipe"):
            times = ingest.run(extractor, folder, args.ingest_articles, args.ingest_rounds)
            median = times.median
            rows.append(
                Row(
                    f"Ingest {median.articles} stories ({median.words:,} words): "
                    "Ingestor.ingest_many / bare nlp.pipe",
                    f"{median.ratio:.2f} (pipeline {median.pipeline:.1f} s, bare "
                    f"{median.bare:.1f} s; median of rounds "
                    f"{', '.join(f'{r.ratio:.2f}' for r in times.rounds)})",
                    "≤ 1.3",
                    median.ratio <= INGEST_RATIO,
                )
            )
        with phase(f"2+4. Commands and digest, SQLite, {size}"):
            sqlite_url = f"sqlite:///{folder / 'store' / 'newsroom.db'}"
            newsroom, found = store_benchmarks(sqlite_url, extractor, args, f"SQLite, {size}")
            rows += found
        with phase(f"2+4. Commands and digest, PostgreSQL, {size}"):
            rows += postgres(extractor, args, folder, f"PostgreSQL, {size}")
        with phase(f"3. Commands during a burst of {args.forwards} forwards (SQLite, {size})"):
            result = burst.run(newsroom, extractor, forms, args.forwards)
            rows.append(
                Row(
                    f"Commands during a burst of {args.forwards} forwards, SQLite, {size}",
                    f"{p50_p95(result.during)}; idle {p50_p95(result.idle)}",
                    "p95 < 150 ms",
                    percentile(result.during, 95) < BURST_P95,
                )
            )
            newsroom.engine.dispose()
        with phase(f"5. Peak memory of `python -m bot.cli run` (SQLite, {size})"):
            peak = memory.run(sqlite_url, folder / "bot", forms)
            rows.append(
                Row(
                    "Peak RSS (VmHWM) of the running bot, model loaded, after stories and commands",
                    f"{peak.peak_mib:.0f} MiB (at start {peak.ready_mib:.0f} MiB)",
                    "< 400 MB",
                    peak.peak_mib * 1.048576 < PEAK_MB,
                )
            )
    log("")
    log(table(rows))
    log("")
    for line in machine.describe():
        log(line)
    log(f"Whole run: {time.perf_counter() - started:.0f} s")
    return 0


def postgres(extractor: Extractor, args: argparse.Namespace, folder: Path, where: str) -> list[Row]:
    """The store benchmarks on a PostgreSQL schema of their own, dropped afterwards."""
    problem = "--no-postgres" if args.no_postgres else postgres_problem()
    if problem is not None:
        log(f"PostgreSQL skipped: {problem}")
        return skipped(where, problem)
    with database_url("postgresql", folder) as url:
        newsroom, rows = store_benchmarks(url, extractor, args, where)
        newsroom.engine.dispose()
    return rows
