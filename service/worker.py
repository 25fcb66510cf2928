"""Parsing in a process of its own that can be killed. A thread stuck in a regular expression or
a parser cannot be stopped, so one pathological story would freeze the bot, and its shutdown
with it: here a story whose work runs past its time is given up (the process is killed and a
fresh one loads the pipeline), and stopping the bot kills the process whatever it is doing.

worker = ParseWorker(model=None, timeout=30.0)   # one process, the pipeline loaded once
extractor = IsolatedExtractor(worker)            # what the Ingestor needs of an Extractor
text = worker.call(document_text, data, name, mime_type)
worker.stop()
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, TypeVar

from pebble import ProcessExpired, ProcessFuture, ProcessPool

from extract.facts import Article, Facts

if TYPE_CHECKING:
    from extract.engine import Extractor

log = logging.getLogger(__name__)
T = TypeVar("T")
_PR_SET_PDEATHSIG = 1

_extractor: Extractor | None = None  # the worker process's own pipeline


class WorkGivenUp(Exception):
    """The work was given up: what it was for cannot be done."""


class WorkTimedOut(WorkGivenUp):
    """The work ran past its time."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"gave up after {seconds:g} s")
        self.seconds = seconds


class WorkCrashed(WorkGivenUp):
    """The worker process died doing it (out of memory, a crash in a library)."""


class WorkerStopped(Exception):
    """The worker was stopped: the bot is shutting down."""


def _start_worker(model: str | None) -> None:
    """In the worker: die with the bot (a `kill -9` of the bot must not leave a parser running
    on), leave Ctrl-C and SIGTERM to the bot, and load the pipeline once."""
    global _extractor
    # Imported here: the bot's own process never needs spaCy (some 100 MB).
    from extract.engine import Extractor

    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _extractor = Extractor(model=model)


def _facts_of(articles: list[Article], batch_size: int) -> list[Facts]:
    assert _extractor is not None  # (set by _start_worker)
    return list(_extractor.extract_many(articles, batch_size=batch_size))


def _ready() -> bool:
    return _extractor is not None


class ParseWorker:
    """One worker process; each call is bounded by `timeout` seconds (per article for
    extraction)."""

    def __init__(self, model: str | None = None, timeout: float = 30.0) -> None:
        self.timeout = timeout
        # spawn: a fresh interpreter, since the bot has threads by the time a killed worker is
        # replaced, and forking a process with threads can deadlock the child.
        self._pool = ProcessPool(
            max_workers=1,
            initializer=_start_worker,
            initargs=(model,),
            context=multiprocessing.get_context("spawn"),
        )
        self._stopped = False
        self._lock = threading.Lock()
        self._futures: set[ProcessFuture] = set()  # scheduled and not done

    def warm_up(self) -> None:
        """Start the process and load its pipeline now rather than on the first story (not
        bounded by the timeout: loading takes what it takes)."""
        self._result(self._schedule(_ready, (), None), None)

    def call(self, func: Callable[..., T], *args: object, timeout: float | None = None) -> T:
        """`func(*args)` in the worker process; `func` must be importable, its arguments and
        result picklable. Raises WorkTimedOut, WorkerStopped, or what `func` raised."""
        seconds = self.timeout if timeout is None else timeout
        return self._result(self._schedule(func, args, seconds), seconds)

    def _schedule(
        self, func: Callable[..., T], args: tuple[object, ...], seconds: float | None
    ) -> ProcessFuture:
        with self._lock:
            try:
                future = self._pool.schedule(func, args=args, timeout=seconds)
            except RuntimeError as exc:  # the pool is stopped
                raise WorkerStopped(str(exc)) from exc
            self._futures.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: ProcessFuture) -> None:
        with self._lock:
            self._futures.discard(future)

    def _result(self, future: ProcessFuture, seconds: float | None) -> T:  # type: ignore[type-var]
        try:
            return future.result()
        except FutureTimeout as exc:
            log.warning("parse worker: gave up a task after %s s; restarting the worker", seconds)
            raise WorkTimedOut(seconds or 0.0) from exc
        except (CancelledError, ProcessExpired, BrokenProcessPool) as exc:
            if self._stopped:
                raise WorkerStopped("the worker was stopped") from exc
            log.error("parse worker: the process died (%s); starting another", exc)
            raise WorkCrashed(str(exc) or "the worker process died") from exc

    def stop(self) -> None:
        """Kill the worker now, whatever it is doing; calls waiting or running raise
        WorkerStopped."""
        with self._lock:
            self._stopped = True
            # A stopped pool leaves the future of a running task unresolved: cancel each, which
            # also kills the process running it.
            futures = list(self._futures)
            self._pool.stop()
        for future in futures:
            future.cancel()
        self._pool.join(timeout=5)


class IsolatedExtractor:
    """Extraction in a ParseWorker, with the `extract_many` of an Extractor."""

    def __init__(self, worker: ParseWorker) -> None:
        self.worker = worker

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Facts]:
        batch = list(articles)
        if not batch:
            return iter(())
        seconds = self.worker.timeout * len(batch)
        log.info("parse worker: parsing %d article(s)", len(batch))
        return iter(self.worker.call(_facts_of, batch, batch_size, timeout=seconds))
