"""The `extract --jsonl` contract: JSON lines in, one JSON line of facts out per input line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any

from extract.engine import Extractor
from extract.facts import Article


class BadInput(ValueError):
    """An input line that cannot be read as an article."""


def article_of(record: Any) -> Article:
    """The Article of one decoded input line, or BadInput saying what is wrong with it."""
    if not isinstance(record, dict):
        raise BadInput("a line must be a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadInput("no text")
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise BadInput("title must be a string")
    published = record.get("published")
    when = None
    if published not in (None, ""):
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(published)):
                raise ValueError(published)
            when = date.fromisoformat(str(published))
        except ValueError as exc:
            raise BadInput("published must be YYYY-MM-DD") from exc
    return Article(text=text, title=title, published=when)


def _decode(line: str) -> tuple[Any, Article | str]:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return None, "not JSON"
    rid = record.get("id") if isinstance(record, dict) else None
    try:
        return rid, article_of(record)
    except BadInput as exc:
        return rid, str(exc)


def extract_lines(
    lines: Iterable[str], extractor: Extractor, batch_size: int = 16
) -> Iterator[dict[str, Any]]:
    """One output record per non-blank input line, in input order."""
    stream = (line for line in lines if line.strip())
    while True:
        chunk = list(islice(stream, batch_size))
        if not chunk:
            return
        decoded = [_decode(line) for line in chunk]
        good = [a for _, a in decoded if isinstance(a, Article)]
        facts = iter(extractor.extract_many(good, batch_size=batch_size))
        for rid, item in decoded:
            if isinstance(item, Article):
                yield {"id": rid, **next(facts).to_json()}
            else:
                yield {"id": rid, "error": item}
