"""The layering rules of pyproject's [tool.importlinter] hold, and a deliberate violation breaks
them: `make test` stops a handler that reaches the store, or an extractor that reaches Telegram."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = (
    "bot",
    "handlers",
    "service",
    "extract",
    "readers",
    "storage",
    "bench",
    "testkit",
    "tests",
)


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def copy_of_the_project(tmp_path: Path) -> Path:
    """The project's modules and its pyproject.toml in a folder of their own, to break."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=lambda folder, names: [
                n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()
            ],
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_project_keeps_its_layers() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        (
            "handlers/commands.py",
            "from storage.db import reading",
            "handlers talk to the service only",
        ),
        ("handlers/stories.py", "import sqlalchemy", "handlers talk to the service only"),
        ("extract/quote_marks.py", "import telegram", "extract is text in, facts out"),
        ("storage/queries.py", "from service import schedule", "bot -> handlers -> service"),
        ("bench/report.py", "import tests.conftest", "nothing imports handlers or tests"),
    ],
)
def test_a_deliberate_violation_breaks_a_contract(
    copy_of_the_project: Path, module: str, line: str, broken: str
) -> None:
    assert _lint_imports(copy_of_the_project).returncode == 0  # the copy is as good as the original
    with (copy_of_the_project / module).open("a") as source:
        source.write(f"\n{line}  # a deliberate violation\n")
    result = _lint_imports(copy_of_the_project)
    assert result.returncode != 0
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout, result.stdout
