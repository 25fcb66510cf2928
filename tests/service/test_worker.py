"""The parse worker: a real process with the real pipeline. It gives the facts the bot's own
process would, gives up work past its time or work that kills it and goes on with a fresh
process, and a stop ends the work under way at once."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Iterator

import pytest

from bot.app import build_newsroom
from bot.settings import Settings
from extract.engine import Extractor
from extract.facts import Article
from service.html import plain_text
from service.ingest import Story
from service.newsroom import Newsroom
from service.worker import IsolatedExtractor, ParseWorker, WorkCrashed, WorkerStopped, WorkTimedOut
from tests.conftest import seed_text
from tests.files import shared_content_pdf, text_drawing
from tests.readers.test_documents import make_docx


@pytest.fixture(scope="module")
def worker() -> Iterator[ParseWorker]:
    worker = ParseWorker(timeout=60)
    worker.warm_up()
    yield worker
    worker.stop()


def test_the_worker_gives_the_facts_the_process_itself_would(
    worker: ParseWorker, extractor: Extractor
) -> None:
    articles = [
        Article(text=seed_text(), title="Russian strike on Kyiv kills 12", published=None),
        Article(text="Two people were killed in Odesa on Monday, officials said.", title=None),
    ]
    isolated = list(IsolatedExtractor(worker).extract_many(articles))
    here = list(extractor.extract_many(articles))
    assert [dataclasses.asdict(f) for f in isolated] == [dataclasses.asdict(f) for f in here]
    assert any(c.killed == 12 for c in isolated[0].casualties)


def test_work_past_its_time_is_given_up_and_the_next_call_works(worker: ParseWorker) -> None:
    with pytest.raises(WorkTimedOut) as given_up:
        worker.call(time.sleep, 30, timeout=1)
    assert given_up.value.seconds == 1
    assert worker.call(sum, [1, 2, 3]) == 6  # a fresh process


def test_work_that_kills_the_process_is_given_up_and_the_next_call_works(
    worker: ParseWorker,
) -> None:
    with pytest.raises(WorkCrashed):
        worker.call(os._exit, 3)
    assert worker.call(sum, [4, 5]) == 9


def test_an_error_in_the_work_reaches_the_caller(worker: ParseWorker) -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        worker.call(int, "twelve")


@pytest.fixture
def newsroom(worker: ParseWorker, tmp_path) -> Newsroom:  # type: ignore[no-untyped-def]
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'news.db'}")
    return build_newsroom(settings, worker=worker)


def test_a_sent_file_is_read_in_the_worker(newsroom: Newsroom) -> None:
    base = Story(text="", source="Kyiv desk")
    story, replies = newsroom.story_from_document(make_docx(), "update.docx", None, base)
    assert replies == [] and story is not None
    assert story.source == "Kyiv desk" and "Quay Street" in story.text
    story, replies = newsroom.story_from_document(b"%PDF-1.7 broken", "r.pdf", None, base)
    assert story is None
    assert plain_text(replies[0]) == (
        "Couldn't read r.pdf: the file is damaged or encrypted. Nothing stored."
    )


def test_a_file_read_past_its_time_is_given_up(newsroom: Newsroom, worker: ParseWorker) -> None:
    # One page of 1.9 MB of drawing instructions, within the content cap: 2 s to read.
    slow = shared_content_pdf(text_drawing(1_900_000), pages=1)
    worker.timeout = 0.5
    try:
        story, replies = newsroom.story_from_document(slow, "r.pdf", None, Story(text=""))
    finally:
        worker.timeout = 60
    assert story is None
    assert plain_text(replies[0]).startswith("Reading that took more than 0.5 s, so I gave up")
    story, _ = newsroom.story_from_document(make_docx(), "update.docx", None, Story(text=""))
    assert story is not None  # the next file is read by a fresh process


def test_a_stop_ends_running_and_waiting_work_at_once() -> None:
    worker = ParseWorker(timeout=60)
    worker.warm_up()
    outcomes: list[str] = []

    def sleep() -> None:
        try:
            worker.call(time.sleep, 30)
            outcomes.append("finished")
        except WorkerStopped:
            outcomes.append("stopped")

    threads = [threading.Thread(target=sleep) for _ in range(2)]  # one runs, one waits
    for thread in threads:
        thread.start()
    time.sleep(1)
    started = time.monotonic()
    worker.stop()
    for thread in threads:
        thread.join(timeout=10)
    assert time.monotonic() - started < 5
    assert outcomes == ["stopped", "stopped"]
    with pytest.raises(WorkerStopped):
        worker.call(sum, [1])
