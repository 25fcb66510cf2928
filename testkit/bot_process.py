"""The real bot as an operator runs it: a `python -m bot.cli run` process polling a
`FakeTelegram` (the end-to-end tests and the memory benchmark)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from testkit.telegram_server import FakeTelegram

STARTUP_SECONDS = 60


class BotProcess:
    """`python -m bot.cli run` (or `command`, which must run the bot in the foreground) with its
    settings in the environment, logging to a file."""

    def __init__(
        self,
        fake: FakeTelegram,
        workdir: Path,
        command: list[str] | None = None,
        **settings: str,
    ) -> None:
        self.fake = fake
        self.workdir = workdir
        self.command = command or [sys.executable, "-m", "bot.cli", "run"]
        self.log = workdir / "bot.log"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ALLOWED_"))},
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_BASE_URL": fake.base_url,
            "DATABASE_URL": f"sqlite:///{workdir / 'data' / 'newsroom.db'}",
            "LOG_LEVEL": "INFO",
            **settings,
        }
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, ready: str = "getUpdates") -> None:
        """Start the bot and wait until it calls `ready`: it polls for updates, or (webhook
        mode) it has set its webhook."""
        calls = self._calls(ready)
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                self.command,
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while self._calls(ready) <= calls:
            if self.proc.poll() is not None:
                raise AssertionError(f"bot exited at start-up:\n{self.log.read_text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"bot did not call {ready}:\n{self.log.read_text()}")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop it as an operator would (SIGTERM) and wait for a clean exit."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError(f"bot did not stop:\n{self.log.read_text()}") from None
        assert code == 0, self.log.read_text()

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or an OOM kill."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=30)

    def _calls(self, method: str) -> int:
        return self.fake.call_count(method)
