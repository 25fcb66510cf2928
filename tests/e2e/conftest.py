"""Tier 3: the real `newsroom-bot run` process polling a Bot API server the tests start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from testkit.bot_process import BotProcess
from testkit.telegram_server import FakeTelegram

GROUP = -1001700
REPORTER = 42
EDITOR = 43


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def bot_process(fake: FakeTelegram, tmp_path: Path) -> Iterator[type[BotProcess]]:
    """bot_process(**settings) -> a BotProcess (not started); all are stopped at the end."""
    started: list[BotProcess] = []

    def make(**settings: str) -> BotProcess:
        process = BotProcess(fake, tmp_path, **settings)
        started.append(process)
        return process

    yield make  # type: ignore[misc]
    for process in started:
        process.stop()
