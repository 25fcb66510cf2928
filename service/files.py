"""Stories from files: a document (.txt, .html, .htm, .pdf, .docx) is one article, a JSON lines
file holds one article a line; the bulk import that streams them into the store in batches.

A document's publication date is the one in its metadata, else a date in its name
(2025-04-24)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extract.jsonl import BadInput, article_of
from readers.documents import SUPPORTED_SUFFIXES, UnreadableDocument, document_text
from service.articles import left_out
from service.html import plain_text
from service.ingest import Ingestor, Receipt, Story

JSONL_SUFFIX = ".jsonl"
SUFFIXES = SUPPORTED_SUFFIXES | {JSONL_SUFFIX}
MAX_LISTED_FAILURES = 20
_MAX_PENDING = 1000  # failures waiting for a batch are counted at least this often
# What a receipt's error means to someone importing files.
_RECEIPT_ERRORS = {"empty": "no text"}


class UnreadableFile(OSError):
    """A file that cannot be taken as one article; `str(exc)` is a short reason. An OSError, so
    callers that already handle files they cannot read handle these too."""


@dataclass(frozen=True)
class FileArticle:
    """A story read from a file, with where it was read (`line`: of a JSON lines file)."""

    path: Path
    story: Story
    line: int | None = None


@dataclass(frozen=True)
class FileFailure:
    """A file, or a line of a JSON lines file, that gave no article, and why."""

    path: Path
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.reason}"


def _hidden(path: Path, root: Path) -> bool:
    """Whether `path` is, or is inside, a hidden file or folder below `root` (.git, ._x.txt)."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The article files among `paths`: folders are searched recursively for the supported
    types (hidden files and folders left out), in name order; a file named explicitly is always
    yielded, whatever its type, so that reading it can say what is wrong with it."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and not _hidden(p, path) and p.is_file()
            )
        else:
            yield path


def _date_in_name(name: str) -> dt.date | None:
    if m := re.search(r"(\d{4}-\d{2}-\d{2})", name):
        try:
            return dt.date.fromisoformat(m.group(1))
        except ValueError:
            return None
    return None


def _cannot_read(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"cannot read: {reason[:1].lower()}{reason[1:]}"


def _unsupported(path: Path) -> str:
    if not path.exists():
        return "no such file or folder"
    kind = f"{path.suffix} files" if path.suffix else "files without a suffix"
    return f"unsupported type: {kind} are not read (use {', '.join(sorted(SUFFIXES))})"


def story_from_file(path: Path) -> Story:
    """The story in one document file, dated by the file or by a date in its name. Raises
    UnreadableFile (an OSError) with a short reason when the file gives no story, and OSError
    when it cannot be read at all."""
    suffix = path.suffix.lower()
    if suffix == JSONL_SUFFIX:
        raise UnreadableFile("a JSON lines file holds many stories: use `newsroom-bot import`")
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(_unsupported(path))
    data = path.read_bytes()
    try:
        document = document_text(data, path.name)
    except UnreadableDocument as exc:
        raise UnreadableFile(str(exc)) from exc
    day = document.published or _date_in_name(path.name)
    return Story(text="").read(dataclasses.replace(document, published=day))


def _optional_string(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadInput(f"{key} must be a string")
    return value.strip() or None


def story_from_line(line: str) -> Story:
    """The story in one JSON line `{"text", "title"?, "published"? (YYYY-MM-DD), "url"?,
    "source"?}`; BadInput with a short reason when the line holds none."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise BadInput("not JSON") from None
    article = article_of(record)  # checks that it is an object with text, title and date
    return Story(
        text=article.text,
        title=(article.title or "").strip() or None,
        published_day=article.published,
        url=_optional_string(record, "url"),
        source=_optional_string(record, "source"),
    )


def _jsonl_articles(path: Path) -> Iterator[FileArticle | FileFailure]:
    empty = True
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte order mark
            if not raw.strip():
                continue
            empty = False
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield FileFailure(path, "not UTF-8 text", number)
                continue
            try:
                yield FileArticle(path, story_from_line(text), number)
            except BadInput as exc:
                yield FileFailure(path, str(exc), number)
    if empty:
        yield FileFailure(path, "no lines")


def file_articles(path: Path) -> Iterator[FileArticle | FileFailure]:
    """The stories in one file, or what went wrong: one for a document, one a non-blank line
    for a JSON lines file. Never raises for a bad or unreadable file."""
    if not path.exists() and not path.is_symlink():
        yield FileFailure(path, "no such file or folder")
        return
    try:
        if path.suffix.lower() == JSONL_SUFFIX:
            yield from _jsonl_articles(path)
        else:
            yield FileArticle(path, story_from_file(path))
    except UnreadableFile as exc:
        yield FileFailure(path, str(exc))
    except OSError as exc:
        yield FileFailure(path, _cannot_read(exc))


def read_articles(
    paths: Iterable[Path],
) -> Iterator[FileArticle | FileFailure]:
    """The stories in all the files among `paths` (see `article_files`), in order."""
    for path in paths:
        yield from file_articles(path)


def count_articles(path: Path) -> int:
    """How many entries `file_articles` gives for a file (its non-blank lines for a JSON lines
    file, else 1), without parsing it: a progress bar's total."""
    if path.suffix.lower() != JSONL_SUFFIX:
        return 1
    try:
        with path.open("rb") as lines:
            return max(1, sum(1 for line in lines if line.strip()))
    except OSError:
        return 1


@dataclass
class ImportTally:
    """What a bulk import has done so far."""

    new: int = 0
    duplicate: int = 0
    failures: list[FileFailure] = field(default_factory=list)
    cut: list[FileFailure] = field(default_factory=list)  # stored, not whole: where, and what

    @property
    def read(self) -> int:
        """Entries that were stories, new or already stored."""
        return self.new + self.duplicate

    def count(self, entry: FileArticle, receipt: Receipt) -> None:
        """Count what happened to one story."""
        if receipt.article_id is None:
            reason = _RECEIPT_ERRORS.get(receipt.error or "", receipt.error or "not stored")
            self.failures.append(FileFailure(entry.path, reason, entry.line))
        elif receipt.duplicate:
            self.duplicate += 1
        else:
            self.new += 1
            if note := left_out(receipt):
                self.cut.append(FileFailure(entry.path, plain_text(note), entry.line))

    def summary(self, limit: int = MAX_LISTED_FAILURES) -> list[str]:
        """`N new, N duplicate, N failed` (`, N cut short` when some were), then a line per
        failure and per story cut short (at most `limit` of them)."""
        lines = [f"{self.new} new, {self.duplicate} duplicate, {len(self.failures)} failed"]
        if self.cut:
            lines[0] += f", {len(self.cut)} cut short"
        listed = self.failures + self.cut
        lines += [str(f) for f in listed[:limit]]
        if len(listed) > limit:
            lines.append(f"… and {len(listed) - limit} more")
        return lines


def import_articles(
    ingestor: Ingestor,
    entries: Iterable[FileArticle | FileFailure],
    tally: ImportTally,
    batch_size: int = 16,
    stopping: Callable[[], bool] = lambda: False,
    advance: Callable[[int], None] = lambda n: None,
) -> bool:
    """Store the stories among `entries` in batches of `batch_size` (parsed together, each story
    stored with its facts in its own transaction; duplicates are skipped), counting into
    `tally` and calling `advance` with the number of entries done. When `stopping()` turns
    true the batch being stored is finished and no other is started. True when every entry
    was taken, False when stopped."""
    pending: list[FileArticle | FileFailure] = []  # in input order, failures among them
    stories = 0

    def flush() -> None:
        nonlocal stories
        items = [e for e in pending if isinstance(e, FileArticle)]
        receipts = iter(ingestor.ingest_many([i.story for i in items], batch_size))
        for entry in pending:
            if isinstance(entry, FileFailure):
                tally.failures.append(entry)
            else:
                tally.count(entry, next(receipts))
        advance(len(pending))
        pending.clear()
        stories = 0

    for entry in entries:
        if stopping():
            return False
        pending.append(entry)
        if isinstance(entry, FileArticle):
            stories += 1
        if stories >= batch_size or len(pending) >= _MAX_PENDING:
            flush()
    if pending and stopping():
        return False
    if pending:
        flush()
    return True
