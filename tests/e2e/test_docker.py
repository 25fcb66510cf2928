"""The Docker image as docker-compose.yml runs it: built from the Dockerfile, `db upgrade` on
PostgreSQL, then the bot as a non-root user polling a Bot API server on 127.0.0.1, stopped as
`docker stop` does; and `docker compose up` itself, with its own PostgreSQL and volume.
Skipped, with the reason, where no Docker daemon answers (or, for compose, where there is no
compose or no PostgreSQL image)."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.html import plain_text
from testkit.bot_process import BotProcess
from testkit.databases import database_url
from testkit.telegram_server import FakeTelegram
from tests.conftest import seed_text
from tests.e2e.conftest import GROUP, REPORTER

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "newsroom-bot:e2e"
BUILD_SECONDS = 1800
# Host networking: the container reaches the test's servers on 127.0.0.1, and no traffic
# leaves loopback.
RUN = ["docker", "run", "--rm", "--network", "host"]
SETTINGS = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL", "DATABASE_URL", "LOG_LEVEL")
COMPOSE_SECONDS = 300


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


def _compose() -> list[str]:
    """`docker compose`, else `docker-compose`; skips where there is neither."""
    plugin = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=60)
    if plugin.returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip("no docker compose")


def _database_image(compose_file: str) -> str:
    """The compose file's PostgreSQL image, here or pulled; skips where it can be neither."""
    image = re.search(r"^    image: (postgres\S*)$", compose_file, re.M)
    assert image, "docker-compose.yml names no postgres image"
    name = image.group(1)
    for command in (["docker", "image", "inspect", name], ["docker", "pull", name]):
        if subprocess.run(command, capture_output=True, timeout=COMPOSE_SECONDS).returncode == 0:
            return name
    pytest.skip(f"the {name} image is not here and cannot be pulled")


def _bridge_gateway(image: str) -> str:
    """The host's address on Docker's default bridge, where a compose network's containers
    reach the host; skips where there is none or a container cannot reach it."""
    inspect = subprocess.run(
        ["docker", "network", "inspect", "bridge", "--format",
         '{{range .IPAM.Config}}{{.Gateway}} {{end}}|'
         '{{index .Options "com.docker.network.bridge.name"}}'],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    gateway, _, interface = inspect.stdout.strip().partition("|")
    address = gateway.split()[0] if gateway.split() else None
    if address is None and interface and shutil.which("ip"):
        # The daemon picked the address itself: read it off the bridge's interface.
        shown = subprocess.run(
            ["ip", "-4", "-o", "addr", "show", "dev", interface],
            capture_output=True,
            text=True,
            timeout=60,
        )
        found = re.search(r"inet (\d+\.\d+\.\d+\.\d+)/", shown.stdout)
        address = found.group(1) if found else None
    if address is None:
        pytest.skip("no address of the host on Docker's bridge (a remote or rootless daemon?)")
    with FakeTelegram(host=address) as probe:
        reach = subprocess.run(
            ["docker", "run", "--rm", image, "python", "-c",
             f"import urllib.request; urllib.request.urlopen('{probe.base_url}{probe.token}"
             "/getMe', timeout=10)"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    if reach.returncode != 0:
        pytest.skip(f"a container cannot reach the host at {address} (a firewall?)")
    return address


def _volumes_of(containers: list[str]) -> set[str]:
    """The volumes mounted in these containers."""
    inspect = subprocess.run(
        ["docker", "inspect", "--format", "{{range .Mounts}}{{.Name}} {{end}}", *containers],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert inspect.returncode == 0, inspect.stderr
    return set(inspect.stdout.split())


def _volumes() -> set[str]:
    listed = subprocess.run(
        ["docker", "volume", "ls", "-q"], capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 0, listed.stderr
    return set(listed.stdout.split())


def _state(container: str, field: str) -> str:
    out = subprocess.run(
        ["docker", "inspect", "--format", f"{{{{.State.{field}}}}}", container],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _moment(docker_time: str) -> dt.datetime:
    # Docker's times have nanoseconds; Python takes microseconds.
    return dt.datetime.fromisoformat(re.sub(r"(\.\d{6})\d*", r"\1", docker_time))


class Deployment:
    """docker-compose.yml, as shipped but for the bot's image (the one this test built), run
    as a project of its own in `folder` with the settings in its `.env`."""

    def __init__(self, folder: Path, compose_file: str, env: dict[str, str]) -> None:
        self.folder = folder
        self.compose = _compose()
        self.project = f"newsroom-e2e-{uuid.uuid4().hex[:8]}"
        assert compose_file.count("image: newsroom-bot\n") == 1
        folder.mkdir()
        (folder / "docker-compose.yml").write_text(
            compose_file.replace("image: newsroom-bot\n", f"image: {IMAGE}\n")
        )
        (folder / ".env").write_text("".join(f"{k}={v}\n" for k, v in env.items()))

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.compose, "-p", self.project, *args],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=COMPOSE_SECONDS,
        )

    def up(self) -> None:
        up = self.run("up", "-d", "--no-build")
        assert up.returncode == 0, up.stdout + up.stderr + self.logs()

    def container(self, service: str) -> str:
        ids = self.run("ps", "-a", "-q", service).stdout.split()
        assert len(ids) == 1, f"{service}: {ids}"
        return ids[0]

    def logs(self, service: str = "") -> str:
        found = self.run("logs", "--no-color", *([service] if service else []))
        return found.stdout + found.stderr


def _wait_for_polls(fake: FakeTelegram, deployment: Deployment, after: int) -> None:
    deadline = time.monotonic() + COMPOSE_SECONDS
    while fake.call_count("getUpdates") <= after:
        assert time.monotonic() < deadline, deployment.logs()
        time.sleep(0.5)


def test_compose_up_migrates_then_serves_and_keeps_the_store_in_its_volume(
    image: str, tmp_path: Path
) -> None:
    compose_file = (ROOT / "docker-compose.yml").read_text()
    _database_image(compose_file)
    mounted: set[str] = set()
    with FakeTelegram(host=_bridge_gateway(image)) as fake:
        deployment = Deployment(
            tmp_path / "deploy",
            compose_file,
            {
                "TELEGRAM_BOT_TOKEN": fake.token,
                "TELEGRAM_BASE_URL": fake.base_url,
                "POSTGRES_PASSWORD": secrets.token_hex(12),
                "LOG_LEVEL": "INFO",
            },
        )
        try:
            deployment.up()
            _wait_for_polls(fake, deployment, 0)
            # The database is healthy, and the migration had finished, successfully, before
            # the bot started.
            db, migrate, bot = (deployment.container(s) for s in ("db", "migrate", "bot"))
            mounted |= _volumes_of([db, migrate, bot])
            assert _state(db, "Health.Status") == "healthy"
            assert _state(migrate, "ExitCode") == "0"
            assert _moment(_state(migrate, "FinishedAt")) <= _moment(_state(bot, "StartedAt"))
            assert "upgraded from nothing" in deployment.logs("migrate")

            chat, reporter = fake.private_chat(REPORTER), fake.user(REPORTER)
            fake.push_message(
                fake.channel_forward(
                    chat, reporter, seed_text(), -1009001, "Reuters", 7, 1745487000
                )
            )
            receipt = plain_text(fake.wait_for_messages(REPORTER, 1, timeout=120)[-1]["text"])
            assert "Stored as #1 (Reuters, 24 Apr 2025)" in receipt

            # Down and up again, as after a host's reboot or an upgrade: the story is still
            # there (the volume), and the migration finds nothing to do.
            down = deployment.run("down")
            assert down.returncode == 0, down.stdout + down.stderr
            polls = fake.call_count("getUpdates")
            deployment.up()
            _wait_for_polls(fake, deployment, polls)
            mounted |= _volumes_of([deployment.container(s) for s in ("db", "migrate", "bot")])
            assert "schema is up to date" in deployment.logs("migrate")
            group = fake.group_chat(GROUP)
            fake.push_message(fake.text_message(group, reporter, "/casualties Kyiv"))
            answer = plain_text(fake.wait_for_messages(GROUP, 1, timeout=60)[-1]["text"])
            assert "at least 12 killed, 90 injured" in answer
            assert fake.token.split(":")[1] not in deployment.logs()
        finally:
            removed = deployment.run("down", "--volumes", "--remove-orphans")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert mounted, "the database has no volume"
    assert not mounted & _volumes(), "`down --volumes` left the deployment's volumes behind"
