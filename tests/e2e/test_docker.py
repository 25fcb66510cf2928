"""The Docker image as docker-compose.yml runs it: built from the Dockerfile, `db upgrade` on
PostgreSQL, then the bot as a non-root user polling a Bot API server on 127.0.0.1, stopped as
`docker stop` does. Skipped, with the reason, where no Docker daemon answers."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.html import plain_text
from tests.conftest import seed_text
from tests.databases import database_url
from tests.e2e.conftest import GROUP, REPORTER, BotProcess
from tests.telegram_server import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "newsroom-bot:e2e"
BUILD_SECONDS = 1800
# Host networking: the container reaches the test's servers on 127.0.0.1, and no traffic
# leaves loopback.
RUN = ["docker", "run", "--rm", "--network", "host"]
SETTINGS = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL", "DATABASE_URL", "LOG_LEVEL")


def _docker_problem() -> str | None:
    if shutil.which("docker") is None:
        return "no docker command"
    info = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=60)
    if info.returncode != 0:
        return f"no Docker daemon answers ({(info.stderr.strip().splitlines() or ['?'])[-1]})"
    return None


@pytest.fixture(scope="module")
def image() -> str:
    problem = _docker_problem()
    if problem is not None:
        pytest.skip(problem)
    build = subprocess.run(
        ["docker", "build", "--network", "host", "-t", IMAGE, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=BUILD_SECONDS,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return IMAGE


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    with database_url("postgresql", tmp_path) as url:
        yield url


def test_image_runs_as_non_root_with_the_model_inside(image: str) -> None:
    user = subprocess.run([*RUN, image, "id", "-u"], capture_output=True, text=True, timeout=60)
    assert user.stdout.strip() == "10001"
    # No network at all: the model and the gazetteer come from the image, not a download.
    extract = subprocess.run(
        [
            "docker",
            "run",
            "--rm",
            "-i",
            "--network",
            "none",
            image,
            "newsroom-bot",
            "extract",
            "--jsonl",
        ],
        input='{"id": 1, "text": "KYIV (Reuters) - A missile strike on Kyiv killed 3 people.",'
        ' "published": "2025-04-24"}\n',
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert extract.returncode == 0, extract.stderr
    assert '"location": "Kyiv"' in extract.stdout and '"killed": 3' in extract.stdout


def test_compose_order_migrate_then_bot_on_postgres(
    image: str, fake: FakeTelegram, tmp_path: Path, postgres_url: str
) -> None:
    name = f"newsroom-e2e-{uuid.uuid4().hex[:8]}"
    command = [*RUN, "--name", name, *(f"--env={key}" for key in SETTINGS), image]
    bot = BotProcess(fake, tmp_path, command, DATABASE_URL=postgres_url)

    # The compose `migrate` service, then the bot once it has succeeded.
    migrate = subprocess.run(
        [*command, "newsroom-bot", "db", "upgrade"],
        env=bot.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    assert "upgraded from nothing" in migrate.stdout
    bot.start()
    try:
        chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
        fake.push_message(
            fake.channel_forward(chat, reporter, seed_text(), -1009001, "Reuters", 7, 1745487000)
        )
        receipt = plain_text(fake.wait_for_messages(REPORTER, 1, timeout=120)[-1]["text"])
        assert "Stored as #1 (Reuters, 24 Apr 2025)" in receipt

        group = fake.group_chat(GROUP)
        fake.push_message(fake.text_message(group, reporter, "/casualties Kyiv"))
        answer = plain_text(fake.wait_for_messages(GROUP, 1)[-1]["text"])
        assert "at least 12 killed, 90 injured" in answer
    finally:
        # `docker stop` sends SIGTERM to the bot, the container's first process; `docker run`
        # passes the signal on the same way and exits with the bot's code.
        bot.stop()
        subprocess.run(["docker", "rm", "--force", name], capture_output=True, timeout=60)
    assert fake.token.split(":")[1] not in bot.log.read_text()
