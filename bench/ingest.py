"""Ingest against bare spaCy: the same new stories through the whole pipeline (Ingestor.ingest_many
over a real SQLite file: cleaning, duplicate checks, extraction, storage) and through bare
`nlp.pipe`, with the same batch size, in one run.

A shared 2-core machine's speed swings by a fifth within a minute, more than the pipeline's own
cost, so the two are interleaved a batch at a time: each batch is parsed bare, ingested, and
parsed bare again, and the bare figure is the mean of the two. Every timed run sees texts
spaCy has seen (an untimed parse first), so none pays alone for adding new words to the
vocabulary. This is done in rounds, each on stories of its own, and the median round is the
figure."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bench import stories
from bench.report import log
from bench.stores import newsroom_on
from extract.engine import Extractor
from service.ingest import Ingestor, Story

BATCH = 16  # the Ingestor's default batch


@dataclass(frozen=True)
class Round:
    articles: int
    words: int
    bare: float  # seconds: each batch's mean of its runs before and after the pipeline, summed
    pipeline: float

    @property
    def ratio(self) -> float:
        return self.pipeline / self.bare


@dataclass(frozen=True)
class IngestTimes:
    rounds: tuple[Round, ...]

    @property
    def median(self) -> Round:
        return sorted(self.rounds, key=lambda r: r.ratio)[len(self.rounds) // 2]


def _bare(extractor: Extractor, texts: list[str]) -> float:
    started = time.perf_counter()
    for _doc in extractor.nlp.pipe(texts, batch_size=BATCH):
        pass
    return time.perf_counter() - started


def _ingested(ingestor: Ingestor, batch: list[Story]) -> float:
    started = time.perf_counter()
    receipts = ingestor.ingest_many(batch, batch_size=BATCH)
    seconds = time.perf_counter() - started
    stored = sum(1 for r in receipts if r.article_id and not r.duplicate)
    if stored != len(batch):
        raise RuntimeError(f"only {stored} of {len(batch)} stories were stored as new")
    return seconds


def _round(extractor: Extractor, folder: Path, batch: list[Story]) -> Round:
    newsroom = newsroom_on(f"sqlite:///{folder / 'newsroom.db'}", extractor)
    _bare(extractor, [s.text for s in batch])
    bare = pipeline = 0.0
    try:
        for first in range(0, len(batch), BATCH):
            part = batch[first : first + BATCH]
            texts = [s.text for s in part]
            before = _bare(extractor, texts)
            pipeline += _ingested(newsroom.ingestor, part)
            bare += (before + _bare(extractor, texts)) / 2
    finally:
        newsroom.engine.dispose()
    return Round(len(batch), sum(len(s.text.split()) for s in batch), bare, pipeline)


def run(extractor: Extractor, folder: Path, count: int, rounds: int = 3) -> IngestTimes:
    """Time `count` stories both ways, `rounds` times on new stories each (after a warm-up of
    both on other stories)."""
    if rounds < 1:
        raise ValueError("at least one round")
    _round(extractor, folder / "warm-up", stories.incoming(BATCH, seed=1))
    done = []
    for n in range(1, rounds + 1):
        done.append(_round(extractor, folder / f"round-{n}", stories.incoming(count, seed=1 + n)))
        log(
            f"Round {n}: {count} stories, {done[-1].words:,} words: bare nlp.pipe "
            f"{done[-1].bare:.1f} s, pipeline {done[-1].pipeline:.1f} s: {done[-1].ratio:.2f}"
        )
    return IngestTimes(tuple(done))
