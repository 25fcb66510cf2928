"""Peak memory of the running bot: the real `python -m bot.cli run` process (started as the
end-to-end tests start it, testkit/bot_process.py BotProcess) polling a FakeTelegram served in
this process, over a given store. It is forwarded a few stories and asked every command form,
then its peak resident set (VmHWM in /proc/PID/status) is read before it is stopped."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from bench import stories
from bench.commands import Form, label
from bench.report import log
from testkit.bot_process import BotProcess
from testkit.telegram_server import FakeTelegram

REPORTER = 42
EDITORS = 5000  # each command from a private chat of its own, so its replies are told apart
CHANNEL = -1001888
REPLY_SECONDS = 120


@dataclass(frozen=True)
class Memory:
    ready_mib: float  # resident when it first polls: the model loaded
    peak_mib: float  # VmHWM at the end


def status_mib(pid: int, field: str) -> float:
    """A "VmRSS"/"VmHWM" line of /proc/PID/status, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for process {pid}")


def tree_mib(pid: int, field: str) -> float:
    """`status_mib` summed over the process and its children: the bot parses in a worker
    process of its own (the sum of peaks is an upper bound of the peak sum)."""
    children = [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]
    return status_mib(pid, field) + sum(status_mib(child, field) for child in children)


def _forward(fake: FakeTelegram, texts: list[str]) -> None:
    chat, user = fake.private_chat(REPORTER), fake.user(REPORTER)
    posted = int(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC).timestamp())
    for i, text in enumerate(texts, 1):
        fake.push_message(fake.channel_forward(chat, user, text, CHANNEL, "Wire", i, posted))
    fake.wait_for_messages(REPORTER, len(texts), timeout=REPLY_SECONDS)


def _ask(fake: FakeTelegram, forms: list[Form]) -> None:
    for i, form in enumerate(forms):
        chat_id = EDITORS + i
        chat, user = fake.private_chat(chat_id), fake.user(chat_id)
        fake.push_message(fake.text_message(chat, user, label(form)))
        fake.wait_for_messages(chat_id, 1, timeout=REPLY_SECONDS)


def run(database_url: str, folder: Path, forms: list[Form], story_count: int = 5) -> Memory:
    """Start the bot over `database_url`, forward it `story_count` new stories, ask `forms`,
    and read its memory."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [s.text for s in stories.incoming(story_count, seed=4)]
    with FakeTelegram() as fake:
        bot = BotProcess(fake, folder, DATABASE_URL=database_url, LOG_LEVEL="WARNING")
        bot.start()
        try:
            assert bot.proc is not None
            ready = tree_mib(bot.proc.pid, "VmRSS")
            _forward(fake, texts)
            _ask(fake, forms)
            time.sleep(2)  # the last replies' remaining messages
            memory = Memory(ready, tree_mib(bot.proc.pid, "VmHWM"))
        finally:
            bot.stop()
    log(
        f"Memory: {memory.ready_mib:.0f} MiB resident when polling began, peak "
        f"{memory.peak_mib:.0f} MiB after {story_count} stories and {len(forms)} commands"
    )
    return memory
