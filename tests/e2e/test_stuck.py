"""The real process against work that will not end: a story whose reading runs past its time is
given up with a reply while the bot goes on; SIGTERM stops it within seconds whatever it is
parsing, and the stories cut off are read at the next start; a story that takes the process
down at every start is given up after a few attempts; the worker process dies with the bot."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

from service.deliveries import MAX_ATTEMPTS
from service.html import plain_text
from testkit.bot_process import BotProcess
from testkit.telegram_server import FakeTelegram
from tests.conftest import seed_text
from tests.e2e.conftest import REPORTER

SHORT_STORY = (
    "ODESA, Ukraine (Reuters) - Two people were killed and five injured when a drone hit a "
    "warehouse in the port city of Odesa on Tuesday, regional governor Oleh Kiper said. "
    "Firefighters put out the blaze by the afternoon, and the port kept working, he said. "
    "Residents were asked to stay away from the area while the damage was assessed."
)
# "KYIV" then ",A." forty times: the dateline pattern once backtracked on it without end.
DATELINE_BOMB = "KYIV" + ",A." * 40 + " said the mayor, and residents sheltered overnight. " * 8


def _long_story(n: int) -> bytes:
    """A real story many times over (some 60,000 characters): seconds of parsing."""
    parts = [
        f"{seed_text()}\n\nUpdate {n}.{i}: the toll was confirmed by officials." for i in range(12)
    ]
    return "\n\n".join(parts).encode()


def _send_file(fake: FakeTelegram, data: bytes, name: str) -> int:
    message = fake.text_message(fake.private_chat(REPORTER), fake.user(REPORTER), "")
    del message["text"]
    message["document"] = fake.add_file(data, name, "text/plain")
    return fake.push_message(message)


def _paste(fake: FakeTelegram, text: str) -> int:
    return fake.push_message(
        fake.text_message(fake.private_chat(REPORTER), fake.user(REPORTER), text)
    )


def _replies(fake: FakeTelegram) -> list[str]:
    return [plain_text(m["text"]) for m in fake.sent_messages(REPORTER)]


def _articles(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM article").fetchone()[0]


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _assert_gone(pids: list[int], timeout: float = 5.0) -> None:
    """The processes end within `timeout` (the kernel's death signal and the pipes' closing
    reach them a moment after the bot is gone)."""
    deadline = time.monotonic() + timeout
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids), "the parser outlived the bot"


def _wait_for_log(bot: BotProcess, text: str, count: int = 1, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while bot.log.read_text(errors="replace").count(text) < count:
        assert time.monotonic() < deadline, f"no {text!r} in the log:\n{bot.log.read_text()}"
        time.sleep(0.1)


def test_a_story_past_its_time_is_given_up_and_the_bot_goes_on(
    fake: FakeTelegram, bot_process, tmp_path: Path
) -> None:
    bot = bot_process(PARSE_TIMEOUT_SECONDS="1")
    bot.start()
    _send_file(fake, _long_story(1), "long.txt")
    fake.wait_for_messages(REPORTER, 1, timeout=60)
    assert _replies(fake)[-1].startswith("Reading that took more than 1 s, so I gave up on it.")
    # A fresh worker reads the next story.
    _paste(fake, SHORT_STORY)
    fake.wait_for_messages(REPORTER, 2, timeout=60)
    assert _replies(fake)[-1].startswith("Stored as #1"), _replies(fake)
    assert _articles(tmp_path / "data" / "newsroom.db") == 1


def test_the_old_dateline_bomb_is_read_in_moments(fake: FakeTelegram, bot_process) -> None:
    bot = bot_process()
    bot.start()
    _paste(fake, DATELINE_BOMB)
    fake.wait_for_messages(REPORTER, 1, timeout=30)
    assert _replies(fake)[-1].startswith(("Stored as #1", "Reading that took")), _replies(fake)
    _paste(fake, "/sources")
    fake.wait_for_messages(REPORTER, 2, timeout=30)


def test_sigterm_stops_the_bot_within_seconds_mid_parse_and_the_stories_come_back(
    fake: FakeTelegram, bot_process, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "newsroom.db"
    bot = bot_process()
    bot.start()
    for n in range(3):
        _send_file(fake, _long_story(n), f"long-{n}.txt")
    _wait_for_log(bot, "parse worker: parsing")
    time.sleep(0.5)
    assert bot.proc is not None
    workers = _children(bot.proc.pid)
    started = time.monotonic()
    bot.proc.send_signal(signal.SIGTERM)
    assert bot.proc.wait(timeout=30) == 0, bot.log.read_text()
    took = time.monotonic() - started
    print(f"SIGTERM mid-parse: exited in {took:.2f} s")  # shown with -s
    assert took < 5, f"SIGTERM took {took:.1f} s"
    _assert_gone(workers)
    assert _articles(db) < 3
    assert not any("Sorry" in r for r in _replies(fake)), "the stop was reported as a failure"

    bot.start()
    deadline = time.monotonic() + 240
    while _articles(db) < 3 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _articles(db) == 3
    receipts = [r for r in _replies(fake) if r.startswith("Stored as")]
    assert len(receipts) == 3


def test_a_story_that_kills_the_bot_at_every_start_is_given_up(
    fake: FakeTelegram, bot_process, tmp_path: Path
) -> None:
    bot = bot_process()
    bot.start()
    _send_file(fake, _long_story(9), "long.txt")
    for kill in range(1, MAX_ATTEMPTS + 1):
        # Each start takes the story up again, and the process dies mid-parse (as out of
        # memory would kill it).
        _wait_for_log(bot, "parse worker: parsing", count=kill)
        assert bot.proc is not None
        workers = _children(bot.proc.pid)
        bot.kill()
        _assert_gone(workers)
        bot.start()
    fake.wait_for_messages(REPORTER, 1, timeout=60)
    assert _replies(fake) == [
        f"I tried to handle that message {MAX_ATTEMPTS} times and it failed each time, so I "
        "have given up on it. Nothing was stored. If it was a story, try sending it as a "
        "shorter text or a link."
    ]
    assert _articles(tmp_path / "data" / "newsroom.db") == 0
