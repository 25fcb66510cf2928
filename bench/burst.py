"""Commands while a burst of forwards is being ingested, through the real Application: built by
the wiring (bot.app) over a store, with the test suite's request layer answering like the Bot
API from an in-process FakeTelegram (testkit/recording.py), as tests/handlers/conftest.py does.

The forwards go in through `app.update_queue` as polling puts them (the inbox records each one,
the Application handles them concurrently, the extraction worker takes them in turn). Meanwhile
an editor asks one command at a time from a private chat via `app.process_update`, the next one
a pause after the last reply is sent (a private chat: a group's 20-messages-a-minute limit
would time Telegram, not the bot; the pause keeps under the bot's 30 messages a second). A
command's latency is from handing the update over to its first reply reaching the request
layer. First the same commands are timed with no burst, for comparison."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import Application

from bench import stories
from bench.commands import Form, label
from bench.report import log, ms, p50_p95, percentile
from bot.app import build_application
from bot.settings import Settings
from extract.engine import Extractor
from service.newsroom import Newsroom
from testkit.recording import RecordingRequest
from testkit.telegram_server import FakeTelegram

REPORTER = 42
EDITOR = 43
CHANNEL = -1001777
PAUSE = 0.1  # between an answer and the next command
TELEGRAM_RATE = 30  # messages a second a bot may send
IDLE_ROUNDS = 3


class TimedRequest(RecordingRequest):
    """RecordingRequest that notes when each message goes to a chat, and wakes who waits."""

    def __init__(self, fake: FakeTelegram) -> None:
        super().__init__(fake)
        self.sent: dict[int, int] = {}  # chat id -> messages sent
        self._waiting: dict[int, asyncio.Future[float]] = {}
        self.changed = asyncio.Event()

    def first_reply(self, chat_id: int) -> asyncio.Future[float]:
        """Resolved with the time of the next message sent to `chat_id`."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting[chat_id] = future
        return future

    async def do_request(  # type: ignore[override]
        self, url: str, method: str, request_data: Any = None, *args: Any, **kw: Any
    ) -> tuple[int, bytes]:
        answer = await super().do_request(url, method, request_data, *args, **kw)
        if url.endswith("/sendMessage") and request_data is not None:
            chat_id = int(request_data.parameters["chat_id"])
            self.sent[chat_id] = self.sent.get(chat_id, 0) + 1
            waiting = self._waiting.pop(chat_id, None)
            if waiting is not None and not waiting.done():
                waiting.set_result(time.perf_counter())
            self.changed.set()
        return answer


@dataclass
class BurstResult:
    """Command latencies (seconds) by form: while the forwards were in flight, and idle."""

    forwards: int
    burst_seconds: float = 0.0
    during_by_form: dict[Form, list[float]] = field(default_factory=dict)
    idle_by_form: dict[Form, list[float]] = field(default_factory=dict)

    @property
    def during(self) -> list[float]:
        return [s for times in self.during_by_form.values() for s in times]

    @property
    def idle(self) -> list[float]:
        return [s for times in self.idle_by_form.values() for s in times]

    def detail(self) -> list[str]:
        lines = []
        for form, idle in self.idle_by_form.items():
            during = self.during_by_form.get(form, [])
            busy = ms(percentile(during, 50)) if during else "-"
            lines.append(
                f"  {label(form):<40} idle median {ms(percentile(idle, 50)):>10}   "
                f"during the burst median {busy:>10} (n={len(during)})"
            )
        return lines


class Harness:
    """The running Application, its fake Telegram and request layer."""

    def __init__(self, app: Application, fake: FakeTelegram, request: TimedRequest) -> None:
        self.app, self.fake, self.request = app, fake, request
        self.update_ids: Iterator[int] = itertools.count(1_000_000)

    def update(self, message: dict) -> Update:
        return Update.de_json(
            {"update_id": next(self.update_ids), "message": message}, self.app.bot
        )

    async def ask(self, form: Form) -> float:
        """Send one command and wait for its whole answer; the seconds to its first message.
        Then pause for as long as Telegram's rate limit (30 messages a second, which the bot's
        AIORateLimiter keeps) needs to take the answer's messages, so that the next command is
        not timed waiting behind this one's 69-message reply."""
        chat, user = self.fake.private_chat(EDITOR), self.fake.user(EDITOR)
        update = self.update(self.fake.text_message(chat, user, label(form)))
        first = self.request.first_reply(EDITOR)
        before = self.request.sent.get(EDITOR, 0)
        started = time.perf_counter()
        await self.app.process_update(update)
        seconds = await asyncio.wait_for(first, 60) - started
        messages = self.request.sent.get(EDITOR, 0) - before
        await asyncio.sleep(PAUSE + messages / TELEGRAM_RATE)
        return seconds

    async def forward_all(self, texts: list[str]) -> None:
        chat, user = self.fake.private_chat(REPORTER), self.fake.user(REPORTER)
        posted = int(dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC).timestamp())
        for i, text in enumerate(texts, 1):
            message = self.fake.channel_forward(chat, user, text, CHANNEL, "Wire", i, posted)
            await self.app.update_queue.put(self.update(message))

    async def receipts(self, count: int) -> float:
        """Wait until the reporter has `count` receipts; when the last came."""
        while self.request.sent.get(REPORTER, 0) < count:
            self.request.changed.clear()
            await asyncio.wait_for(self.request.changed.wait(), 300)
        return time.perf_counter()


async def _scenario(h: Harness, forms: list[Form], texts: list[str], result: BurstResult) -> None:
    for form in forms:  # warm-up
        await h.ask(form)
    for _ in range(IDLE_ROUNDS):  # the same commands with nothing else going on
        for form in forms:
            result.idle_by_form.setdefault(form, []).append(await h.ask(form))
    started = time.perf_counter()
    await h.forward_all(texts)
    done = asyncio.create_task(h.receipts(len(texts)))
    for form in itertools.cycle(forms):
        if done.done():
            break
        asked = time.perf_counter()
        seconds = await h.ask(form)
        if not done.done() or done.result() > asked:  # sent while forwards were in flight
            result.during_by_form.setdefault(form, []).append(seconds)
    result.burst_seconds = await done - started


def run(newsroom: Newsroom, extractor: Extractor, forms: list[Form], forwards: int) -> BurstResult:
    """Measure the commands `forms` (cycled) while `forwards` new stories are ingested."""
    fake = FakeTelegram()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, telegram_bot_token=fake.token, database_url=str(newsroom.engine.url)
    )
    texts = [s.text for s in stories.incoming(forwards, seed=3)]
    result = BurstResult(forwards)

    async def main() -> None:
        request = TimedRequest(fake)
        app = build_application(settings, newsroom, request=request)
        async with app:
            await app.start()
            assert app.post_init is not None
            await app.post_init(app)
            try:
                await _scenario(Harness(app, fake, request), forms, texts, result)
            finally:
                await app.stop()
                assert app.post_shutdown is not None
                await app.post_shutdown(app)

    asyncio.run(main())
    log(
        f"Burst: {forwards} forwards ingested in {result.burst_seconds:.1f} s; commands "
        f"meanwhile {p50_p95(result.during)}; the same commands idle {p50_p95(result.idle)}"
    )
    for line in result.detail():
        log(line)
    return result
