"""Stories from files: a `.txt` file is one article; a date in its name (2025-04-24) is its
publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from service.ingest import Submission

SUFFIXES = frozenset({".txt"})


def article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The article files among `paths`, folders searched recursively, in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
        else:
            yield path


def submission_from_file(path: Path) -> Submission:
    """The story in a text file (UTF-8; undecodable bytes replaced)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    published = None
    if m := re.search(r"(\d{4}-\d{2}-\d{2})", path.name):
        try:
            published = dt.datetime.combine(dt.date.fromisoformat(m.group(1)), dt.time(), dt.UTC)
        except ValueError:
            published = None
    return Submission(text=text, published_at=published)
