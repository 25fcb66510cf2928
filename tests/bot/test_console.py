"""`newsroom-bot run` without a token, `console` and `import`: real processes in a scratch
folder, as a newcomer runs them."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def newsroom_bot(workdir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=workdir,
        env={**env, "PYTHONIOENCODING": "utf-8"},
    )


def test_run_without_a_token_is_the_console_with_the_seeds(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    commands = "/casualties KYIV\n/quotes trump 1\n/who rutte\n/casualties Atlantis\n/nonsense\n"
    result = newsroom_bot(tmp_path, "run", stdin=commands)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN is not set" in out
    assert "Stored as #1 (Reuters, 24 Apr 2025)" in out
    assert "• 24 Apr 2025: at least 12 killed, 90 injured" in out
    assert "“Vladimir, STOP!”" in out
    assert "NATO Secretary-General" in out
    assert "No casualty reports for Atlantis yet. Places with reports: Kyiv." in out
    assert "/help lists what I can do" in out
    assert "<b>" not in out  # HTML shown as plain text
    assert (tmp_path / "data" / "newsroom.db").exists()
    # A second start finds the seeds already stored.
    again = newsroom_bot(tmp_path, "run", stdin="/sources\n")
    assert "Already stored as #1" in again.stdout
    assert "#2" not in again.stdout


def test_console_ingest_and_paste(tmp_path: Path) -> None:
    story = tmp_path / "odesa-2025-05-02.txt"
    story.write_text(
        "ODESA, Ukraine (Reuters) - A Russian drone strike on the port of Odesa killed three "
        "people and wounded eight overnight, the regional governor said on Friday. Two of the "
        "wounded were in a serious condition, he said.",
        encoding="utf-8",
    )
    pasted = (
        "Rescuers in Zaporizhzhia said a missile hit a market on Saturday, killing four people.\n"
        '"They were buying bread," the mayor said.\n'
    )
    commands = f"/ingest {story} missing.txt\n/paste\n{pasted}.\n/casualties Ukraine\n/quit\n"
    result = newsroom_bot(tmp_path, "console", stdin=commands)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "odesa-2025-05-02.txt: Stored as #1 (Reuters, 2 May 2025)" in out
    assert "No such file: missing.txt" in out
    assert "Stored as #2" in out
    assert "Odesa, 2 May 2025: 3 killed, 8 injured" in out


def test_import_stores_files_once(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "in")
    (tmp_path / "in" / "empty.txt").write_text("   ", encoding="utf-8")
    first = newsroom_bot(tmp_path, "import", "in")
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "1 new, 0 duplicate, 1 failed",
        "in/empty.txt: the file is empty",
    ]
    second = newsroom_bot(tmp_path, "import", "in")
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[0] == "0 new, 1 duplicate, 1 failed"


def test_db_upgrade_then_an_out_of_date_database_is_refused(tmp_path: Path) -> None:
    first = newsroom_bot(tmp_path, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert "upgraded from nothing to revision" in first.stdout
    again = newsroom_bot(tmp_path, "db", "upgrade")
    assert "up to date" in again.stdout
    with sqlite3.connect(tmp_path / "data" / "newsroom.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000'")
    refused = newsroom_bot(tmp_path, "console", stdin="/help\n")
    assert refused.returncode == 2
    assert "run `newsroom-bot db upgrade`" in refused.stderr
    assert "Traceback" not in refused.stderr
