"""`newsroom-bot import`: the real command in a scratch folder, over folders of documents and JSON
lines files, run twice, and stopped with Ctrl-C half way."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from fpdf import FPDF

from service.files import (
    FileArticle,
    FileFailure,
    article_files,
    count_articles,
    file_articles,
    story_from_file,
)

FACT_TABLES = ("person", "place", "organization", "datemention", "quote", "casualty")
TOWNS = ["Lyon", "Porto", "Graz", "Bergen", "Gdansk", "Malaga", "Turin", "Leipzig", "Vienna"]
OFFICIALS = ["Anna Kowalski", "Pedro Alves", "Maria Huber", "Lars Berg", "Jan Nowak"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    return {**env, "PYTHONIOENCODING": "utf-8"}


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", "import", *args]


def newsroom_import(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _command(*args),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=workdir,
        env=_env(),
    )


def flood_story(i: int) -> str:
    """A short report, different in words for every `i`, naming a town, a toll, an official and
    a quote, so that each one stored has facts of each of those kinds."""
    town = TOWNS[i % len(TOWNS)]
    official = OFFICIALS[i % len(OFFICIALS)]
    return (
        f"Flooding in {town} killed {i % 7 + 2} people and injured {i + 3} on Tuesday after a "
        f'week of heavy rain, local officials said. "The water rose faster than anyone '
        f'expected," said Mayor {official}, who visited shelters on the east bank. Crews cleared '
        f"{i + 11} roads and reopened the main bridge, and schools in district {i} will stay "
        "closed until Friday while engineers check the buildings."
    )


def fire_story(town: str, official: str) -> str:
    return (
        f"A fire at a warehouse in {town} killed two workers and injured five on Monday, the "
        f'city fire service said. "The roof came down within minutes," said fire chief '
        f"{official}. Investigators were looking at an electrical fault, and nearby homes were "
        "evacuated for the night as a precaution."
    )


def write_docx(path: Path, paragraphs: list[str], title: str, created: datetime) -> None:
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.core_properties.title = title
    document.core_properties.created = created
    document.save(str(path))


def write_scan(path: Path) -> None:
    """A PDF with a drawing and no text: what a scanner makes."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))


def db_rows(workdir: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(workdir / "data" / "newsroom.db") as db:
        return db.execute(sql).fetchall()


def test_import_folders_and_jsonl_then_again(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "nested" / "deeper").mkdir(parents=True)
    (src / ".hidden").mkdir()
    (src / "lyon-fire-2025-03-04.txt").write_text(
        fire_story("Lyon", "Claire Martin"), encoding="utf-8"
    )
    (src / "nested" / "deeper" / "porto.txt").write_text(
        fire_story("Porto", "Rui Costa"), encoding="utf-8"
    )
    (src / "nested" / "blank.txt").write_text("  \n ", encoding="utf-8")
    write_docx(
        src / "nested" / "turin.docx",
        [fire_story("Turin", "Luca Rossi")],
        title="Warehouse fire in Turin",
        created=datetime(2025, 1, 15, 9, 30),
    )
    write_scan(src / "scan.pdf")
    (src / "nested" / "notes.md").write_text(fire_story("Graz", "Eva Gruber"), encoding="utf-8")
    (src / ".hidden" / "copy.txt").write_text(
        fire_story("Leipzig", "Jonas Weber"), encoding="utf-8"
    )
    lines = [
        json.dumps(
            {
                "text": fire_story("Bergen", "Ola Hansen"),
                "title": "Warehouse fire in Bergen",
                "published": "2025-02-11",
                "url": "https://news.example/bergen-fire",
                "source": "Example Wire",
            }
        ),
        "",
        "this is not json",
        json.dumps({"title": "Only a headline"}),
        json.dumps({"text": fire_story("Malaga", "Ana Ruiz"), "published": "11/02/2025"}),
        json.dumps({"text": fire_story("Gdansk", "Piotr Zielinski")}),
        json.dumps(["text", "in a list"]),
    ]
    (src / "nested" / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "readme.xyz").write_text("not an article", encoding="utf-8")

    first = newsroom_import(tmp_path, "in", "readme.xyz", "missing.txt", "--batch-size", "2")
    assert first.returncode == 0, first.stderr
    out = first.stdout.splitlines()
    assert out[0] == "5 new, 0 duplicate, 8 failed", first.stdout
    assert out[1:] == [
        "in/nested/blank.txt: the file is empty",
        "in/nested/wire.jsonl:3: not JSON",
        "in/nested/wire.jsonl:4: no text",
        "in/nested/wire.jsonl:5: published must be YYYY-MM-DD",
        "in/nested/wire.jsonl:7: a line must be a JSON object",
        "in/scan.pdf: the PDF has no text layer (a scan?)",
        "readme.xyz: unsupported type: .xyz files are not read "
        "(use .docx, .htm, .html, .jsonl, .pdf, .txt)",
        "missing.txt: no such file or folder",
    ]
    # The progress bar: articles per second, out of every file and JSONL line counted first.
    assert "articles/s" in first.stderr
    assert re.search(r"\b13/13\b", first.stderr), first.stderr
    stored = db_rows(
        tmp_path, "SELECT title, published, url, source FROM article ORDER BY published, title"
    )
    assert ("Warehouse fire in Bergen", "2025-02-11", "https://news.example/bergen-fire",
            "Example Wire") in stored  # fmt: skip
    assert ("Warehouse fire in Turin", "2025-01-15", None, None) in stored  # .docx properties
    assert "2025-03-04" in [p for _, p, _, _ in stored]  # the date in the file name
    assert len(stored) == 5  # not the .md file nor the hidden folder's copy

    again = newsroom_import(tmp_path, "in", "readme.xyz", "missing.txt")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == "0 new, 5 duplicate, 8 failed"
    assert db_rows(tmp_path, "SELECT COUNT(*) FROM article") == [(5,)]

    nothing = newsroom_import(tmp_path, "missing.txt", "readme.xyz")
    assert nothing.returncode == 1
    assert nothing.stdout.splitlines()[0] == "0 new, 0 duplicate, 2 failed"


def test_stories_past_the_text_cap_are_stored_cut_and_listed(tmp_path: Path) -> None:
    feature = "\n".join(flood_story(i) for i in range(800))  # some 300,000 characters
    wire = "\n".join(flood_story(i) for i in range(800, 1300))
    (tmp_path / "feature.txt").write_text(feature, encoding="utf-8")
    (tmp_path / "wire.jsonl").write_text(json.dumps({"text": wire}) + "\n", encoding="utf-8")
    run = newsroom_import(tmp_path, "feature.txt", "wire.jsonl")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "2 new, 0 duplicate, 0 failed, 2 cut short",
        f"feature.txt: Only the first 100,000 of {len(feature):,} characters were read.",
        f"wire.jsonl:1: Only the first 100,000 of {len(wire):,} characters were read.",
    ]
    lengths = db_rows(tmp_path, "SELECT LENGTH(text) FROM article")
    assert all(90_000 < length <= 100_000 for (length,) in lengths), lengths


def _read_into(stream: object, chunks: list[bytes]) -> None:
    fd = stream.fileno()  # type: ignore[attr-defined]
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)


def test_ctrl_c_stops_after_a_batch_and_the_next_run_resumes(tmp_path: Path) -> None:
    total, batch = 60, 10
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "".join(json.dumps({"text": flood_story(i)}) + "\n" for i in range(total)),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        _command("feed.jsonl", "--batch-size", str(batch)),
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    chunks: list[bytes] = []
    reader = threading.Thread(target=_read_into, args=(proc.stderr, chunks), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    # Wait for the progress bar to report a stored batch, then press Ctrl-C.
    while not re.search(rb"\b[1-9]\d*/60\b", b"".join(chunks)):
        assert proc.poll() is None, b"".join(chunks).decode()
        assert time.monotonic() < deadline, b"".join(chunks).decode()
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=120) == 130
    reader.join(timeout=10)
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    stderr = b"".join(chunks).decode()
    assert "Traceback" not in stderr, stderr

    (stored,) = db_rows(tmp_path, "SELECT COUNT(*) FROM article")[0]
    assert 0 < stored < total
    assert stored % batch == 0  # stopped between batches
    assert out.splitlines()[0] == f"{stored} new, 0 duplicate, 0 failed", out
    assert "Stopped by Ctrl-C" in out
    # Every article stored whole: with its people, places, tolls and quotes; no fact without
    # its article.
    for table in ("person", "place", "casualty", "quote"):
        bare = db_rows(
            tmp_path,
            f"SELECT id FROM article WHERE id NOT IN (SELECT article_id FROM {table})",
        )
        assert bare == [], table
    for table in FACT_TABLES:
        orphans = db_rows(
            tmp_path,
            f"SELECT COUNT(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM article)",
        )
        assert orphans == [(0,)], table

    rest = newsroom_import(tmp_path, "feed.jsonl", "--batch-size", str(batch))
    assert rest.returncode == 0, rest.stderr
    assert rest.stdout.splitlines()[0] == f"{total - stored} new, {stored} duplicate, 0 failed"
    assert db_rows(tmp_path, "SELECT COUNT(*) FROM article") == [(total,)]


# --- reading files, in process (no language pipeline needed) ---------------------------------


def test_a_document_is_one_submission_with_its_metadata_or_the_date_in_its_name(
    tmp_path: Path,
) -> None:
    word = tmp_path / "report-2024-12-01.docx"
    write_docx(word, ["Bridge closed", fire_story("Turin", "Luca Rossi")], "Bridge closed",
               datetime(2025, 1, 15, 9, 30))  # fmt: skip
    submission = story_from_file(word)
    assert submission.title == "Bridge closed"
    assert submission.published_day == date(2025, 1, 15)  # the metadata beats the name
    assert "warehouse in Turin" in submission.text

    page = tmp_path / "graz-2025-03-04.html"
    page.write_text(
        "<html><head><title>Fire in Graz</title></head><body><article><h1>Fire in Graz</h1>"
        f"<p>{fire_story('Graz', 'Eva Gruber')}</p></article></body></html>",
        encoding="utf-8",
    )
    submission = story_from_file(page)
    assert "warehouse in Graz" in submission.text
    assert submission.published_day == date(2025, 3, 4)


def test_what_cannot_be_read_is_a_failure_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_scan(tmp_path / "scan.pdf")
    (tmp_path / "locked.txt").write_text(fire_story("Porto", "Rui Costa"), encoding="utf-8")
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert [str(e) for p in sorted(tmp_path.iterdir()) for e in file_articles(p)] == [
        f"{tmp_path / 'locked.txt'}: cannot read: permission denied",
        f"{tmp_path / 'notes.md'}: unsupported type: .md files are not read "
        "(use .docx, .htm, .html, .jsonl, .pdf, .txt)",
        f"{tmp_path / 'scan.pdf'}: the PDF has no text layer (a scan?)",
    ]
    # The console reads files one at a time and reports an OSError as a file it cannot read.
    with pytest.raises(OSError, match="no text layer"):
        story_from_file(tmp_path / "scan.pdf")
    with pytest.raises(OSError, match="many stories"):
        story_from_file(tmp_path / "feed.jsonl")
    # Only a folder's supported files are read; a file named explicitly always is.
    assert list(article_files([tmp_path])) == [tmp_path / "locked.txt", tmp_path / "scan.pdf"]
    assert list(article_files([tmp_path / "notes.md"])) == [tmp_path / "notes.md"]


def test_a_jsonl_file_gives_a_submission_or_a_failure_per_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    good = {"text": fire_story("Bergen", "Ola Hansen"), "published": "2025-02-11"}
    feed.write_bytes(
        b"\xef\xbb\xbf"  # a byte order mark
        + json.dumps({**good, "url": "https://news.example/a", "source": "Wire"}).encode()
        + b"\n\n  \n"
        + json.dumps({**good, "url": 7}).encode()
        + b"\n"
        + json.dumps({"text": "   "}).encode()
        + b"\n"
        + b'{"text": "caf\xe9"}\n'
        + json.dumps({"text": fire_story("Malaga", "Ana Ruiz"), "title": ""}).encode()
        + b"\n"
    )
    entries = list(file_articles(feed))
    assert count_articles(feed) == len(entries) == 5
    first, url, blank, latin, last = entries
    assert isinstance(first, FileArticle) and first.line == 1
    assert first.story.url == "https://news.example/a"
    assert first.story.source == "Wire"
    assert first.story.published_day == date(2025, 2, 11)
    assert url == FileFailure(feed, "url must be a string", 4)
    assert blank == FileFailure(feed, "no text", 5)
    assert latin == FileFailure(feed, "not UTF-8 text", 6)
    assert isinstance(last, FileArticle) and last.line == 7
    assert last.story.title is None and last.story.published_at is None

    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n \n", encoding="utf-8")
    assert list(file_articles(empty)) == [FileFailure(empty, "no lines")]
    assert count_articles(empty) == 1
