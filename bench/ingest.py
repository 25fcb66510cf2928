"""Ingest against bare spaCy: the same new stories through the whole pipeline (Ingestor.ingest_many
over a real SQLite file: cleaning, duplicate checks, extraction, storage) and through bare
`nlp.pipe`, with the same batch size, in one run. Bare spaCy is timed before and after the
pipeline and the two averaged, so a drift of the machine's speed does not favour either."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bench import stories
from bench.report import log
from bench.stores import newsroom_on
from extract.engine import Extractor
from service.ingest import Submission

BATCH = 16  # the Ingestor's default batch


@dataclass(frozen=True)
class IngestTimes:
    articles: int
    words: int
    bare: float  # seconds, mean of the two runs
    pipeline: float

    @property
    def ratio(self) -> float:
        return self.pipeline / self.bare


def _bare(extractor: Extractor, texts: list[str]) -> float:
    started = time.perf_counter()
    for _doc in extractor.nlp.pipe(texts, batch_size=BATCH):
        pass
    return time.perf_counter() - started


def _pipeline(extractor: Extractor, folder: Path, batch: list[Submission]) -> float:
    newsroom = newsroom_on(f"sqlite:///{folder / 'newsroom.db'}", extractor)
    try:
        started = time.perf_counter()
        receipts = newsroom.ingestor.ingest_many(batch, batch_size=BATCH)
        seconds = time.perf_counter() - started
    finally:
        newsroom.engine.dispose()
    stored = sum(1 for r in receipts if r.article_id and not r.duplicate)
    if stored != len(batch):
        raise RuntimeError(f"only {stored} of {len(batch)} stories were stored as new")
    return seconds


def run(extractor: Extractor, folder: Path, count: int) -> IngestTimes:
    """Time `count` stories both ways (after a warm-up of both on other stories)."""
    warm_up = stories.submissions(8, seed=1)
    _bare(extractor, [s.text for s in warm_up])
    _pipeline(extractor, folder / "warm-up", warm_up)
    batch = stories.submissions(count, seed=2)
    texts = [s.text for s in batch]
    before = _bare(extractor, texts)
    pipeline = _pipeline(extractor, folder / "ingest", batch)
    after = _bare(extractor, texts)
    words = sum(len(t.split()) for t in texts)
    log(
        f"Ingest: {count} stories, {words:,} words: bare nlp.pipe {before:.1f} s and "
        f"{after:.1f} s, pipeline {pipeline:.1f} s"
    )
    return IngestTimes(count, words, (before + after) / 2, pipeline)
