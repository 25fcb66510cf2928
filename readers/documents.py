"""The story in a sent file: plain text, a saved web page, a PDF or a Word document.

document_text(data, filename, mime_type) gives the text one paragraph a line, with the title,
author and date the file carries, and which pages were left unread; UnreadableDocument (a
ValueError) says in a few words why a file gives no text.

Caps, so that a hostile or runaway file costs seconds and megabytes, not minutes and gigabytes
(the figures derive from the text cap, readers.MAX_TEXT_CHARS, which the Ingestor applies:
no reader cuts the text itself):
- MAX_FILE_BYTES: larger files are refused before parsing (Telegram bots get at most 20 MB).
- PDF: pages after MAX_PDF_PAGES, and once the text read passes MAX_TEXT_CHARS, are not read;
  MAX_PDF_CONTENT_BYTES bounds the decoded drawing instructions parsed, counted for every page
  and every drawing of a form (pypdf spends 0.6 s a MB on plain text pages, up to 3.3 s a MB on
  hostile ones), and no stream is inflated past what is left of it. Pages left out are named in
  DocumentText.unread.
- Word (a zip, which zipfile never inflates past the sizes its directory declares): refused
  before python-docx inflates it when its parts declare over MAX_DOCX_UNPACKED_BYTES or
  MAX_DOCX_PARTS, when one part inflates over MAX_ZIP_RATIO times its packed size (a zip bomb),
  or when its XML, which python-docx parses whole, declares over MAX_DOCX_XML_BYTES (0.4 s and
  11 MB of memory a MB: a 190 MB document.xml took 72 s and 2.1 GB).
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime
import io
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from math import hypot
from pathlib import PurePath
from typing import Any

from docx import Document as open_docx
from docx.table import Table
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from readers import MAX_TEXT_CHARS, Reading
from readers.webpage import page_article

SUPPORTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".pdf", ".docx"})

MAX_FILE_BYTES = 50_000_000
MAX_PDF_PAGES = 500
# A dense page set in CID fonts spends about 6 content bytes a character of text: 20 reads any
# real story to the text cap whole, and bounds a hostile file's parse to a few seconds.
MAX_PDF_CONTENT_BYTES = 20 * MAX_TEXT_CHARS
# Word spends 3-10 bytes of XML a character of text: 100 leaves room for tables and tracked
# changes, and keeps python-docx's parse within about 4 s and 110 MB.
MAX_DOCX_XML_BYTES = 100 * MAX_TEXT_CHARS
MAX_DOCX_UNPACKED_BYTES = 2 * MAX_FILE_BYTES  # photos, the bulk of a big Word file, barely pack
MAX_DOCX_PARTS = 5_000
# Apache POI's zip bomb threshold (inflate ratio 0.01), for parts past its 100 KB grace.
MAX_ZIP_RATIO = 100
_ZIP_RATIO_GRACE_BYTES = 100_000

_MIME_SUFFIXES = {
    "text/plain": ".txt",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/x-pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}

DAMAGED = "the file is damaged or encrypted"
NO_TEXT = "no text in the file"
NO_TEXT_LAYER = "the PDF has no text layer (a scan?)"
TOO_LARGE = "the file is too large to read safely"
PAGES_TOO_LARGE = "its pages are too large to read safely"


@dataclass(frozen=True)
class DocumentText(Reading):
    """A file's text (paragraphs on lines of their own; a text file keeps its own line breaks)
    and what the file says of it; `unread` names the pages left out, when some were."""


class UnreadableDocument(ValueError):
    """A file that gives no text; str(exc) is the reason, short enough to show the user."""


def document_text(data: bytes, filename: str, mime_type: str | None = None) -> DocumentText:
    """The text and metadata of a file, its type taken from the name's suffix, else the MIME
    type. Raises UnreadableDocument when the file gives no text."""
    kind = file_kind(filename, mime_type)
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableDocument(f"the file is too large (over {MAX_FILE_BYTES // 1_000_000} MB)")
    if not data.strip():
        raise UnreadableDocument("the file is empty")
    if kind == ".txt":
        document = DocumentText(text=decoded_text(data))
    elif kind == ".pdf":
        document = pdf_document(data)
    elif kind == ".docx":
        document = docx_document(data)
    else:
        document = html_document(data)
    text = _tidy(document.text)
    if not text:
        raise UnreadableDocument(NO_TEXT)
    return dataclasses.replace(document, text=text)


def file_kind(filename: str, mime_type: str | None) -> str:
    """The supported suffix the file is read as (".htm" reads as ".html")."""
    suffix = PurePath(filename or "").suffix.lower()
    by_mime = _MIME_SUFFIXES.get((mime_type or "").split(";")[0].strip().lower())
    kind = suffix if suffix in SUPPORTED_SUFFIXES else by_mime
    if kind is None:
        named = suffix or (mime_type or "").split(";")[0].strip() or "no file type"
        raise UnreadableDocument(f"not a supported type ({named})")
    return ".html" if kind == ".htm" else kind


def _tidy(text: str) -> str:
    """Text with one kind of line end, no trailing spaces, no soft hyphens or NULs, at most
    one blank line in a row."""
    text = text.replace("\u00ad", "").replace("\x00", "")
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- plain text ---------------------------------------------------------------------------


def decoded_text(data: bytes) -> str:
    """A text file decoded: UTF-8 (or UTF-16) by its byte-order mark, else UTF-8, else the
    Windows Western code page, else Latin-1 (which reads any bytes)."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")  # Notepad's "Unicode"
    else:
        text = _decoded(data, ("utf-8", "cp1252", "latin-1"))
    if _looks_binary(text):
        raise UnreadableDocument("the file is not plain text")
    return text


def _decoded(data: bytes, encodings: Sequence[str]) -> str:
    """`data` in the first encoding that reads it whole."""
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def _looks_binary(text: str) -> bool:
    """True for text full of control characters: a binary file under a .txt name."""
    sample = text[:10_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls > len(sample) * 0.05


# --- saved web pages ----------------------------------------------------------------------

# <meta ... charset=NAME>: the last charset named in the first <meta> tag that names one. Linear
# (issue 14): the blanks and the quote are possessive (what follows each is never one), and a
# <meta> naming none is stepped over whole by the second branch, so that the search does not
# read it again from each "<meta" inside it (none of those could name one either).
_DECLARED_CHARSET = re.compile(
    rb"""<meta(?:[^>]+charset\s*+=\s*+["']?+\s*+([\w.:-]+)|[^>]*+)""", re.I
)


def html_document(data: bytes) -> DocumentText:
    """A saved web page's article text and metadata."""
    article = page_article(_html_string(data))
    return DocumentText(article.text, article.title, article.author, article.published)


def _html_string(data: bytes) -> str:
    """A saved page decoded: by its byte-order mark, as UTF-8, by the charset its <meta>
    declares, else as Windows Western."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    metas = _DECLARED_CHARSET.finditer(data[:4096])
    declared = next((m.group(1) for m in metas if m.group(1) is not None), None)
    charset = [declared.decode("ascii", "replace")] if declared else []
    return _decoded(data, ["utf-8", *charset, "cp1252", "latin-1"])


# --- PDF --------------------------------------------------------------------------------

# Lines that are page furniture, not story: "3", "Page 3", "Page 3 of 10", "3/10", "- 3 -".
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-–\s]*$", re.I)
# A line that ends a sentence: its last mark, then any closing quotes or brackets.
_SENTENCE_END = re.compile(r"""[.!?…:]["'”’»)\]]*$""")
# A list item starts its own paragraph whatever the spacing. (Not a dash: a wrapped line can
# open with "— who resigned —" mid-sentence.)
_BULLET = re.compile(r"^[•▪◦●■►✓]\s?")
_HYPHENATED = re.compile(r"\b([^\W\d_]+)-([^\W\d_]+)\b")
# Titles PDF and Word tools fill in by themselves.
_PLACEHOLDER_TITLE = re.compile(
    r"^(?:untitled\d*|word document|document\d*|microsoft word - .*|.*\.(?:docx?|pdf|odt|rtf|"
    r"indd|txt|html?|pages|qxp))$",
    re.I,
)
# Line spacing above this many times the page's usual spacing separates paragraphs.
_PARAGRAPH_GAP = 1.3
# Fonts differing by more than this share are a headline and its text, not one paragraph.
_FONT_CHANGE = 0.15
# A line ending a sentence and shorter than this share of its neighbours ends its paragraph.
_SHORT_LINE = 0.8


@dataclass(frozen=True)
class _Line:
    text: str
    y: float | None  # baseline height on the page (PDF units: larger is higher up)
    size: float | None  # font size as drawn


def pdf_document(data: bytes) -> DocumentText:
    """A PDF's text layer and its document information (title, author, creation date)."""
    # pypdf mends a damaged deflate stream a byte at a time in Python (about 1 µs a byte):
    # 1 MB of it, not its default 5 MB, per stream.
    with apply_configuration(zlib_maximum_recovery_input_length=1_000_000):
        reader = _pdf_reader(data)
        pages, unread = _pdf_pages(reader)
        if not any(pages):
            reason = NO_TEXT_LAYER if pages else PAGES_TOO_LARGE if unread else NO_TEXT
            raise UnreadableDocument(reason)
        title, author, created = _pdf_info(reader)
    return DocumentText(_pdf_text(pages), title, author, created, _page_list(unread))


def _pdf_reader(data: bytes) -> PdfReader:
    """An open pypdf reader, decrypted when the file opens without a password."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(DAMAGED)
        len(reader.pages)  # a broken page tree fails here rather than halfway through
    except UnreadableDocument:
        raise
    except Exception as exc:  # pypdf raises a zoo of types on malformed or AES files
        raise UnreadableDocument(DAMAGED) from exc
    return reader


class _OutOfBudget(Exception):
    """A page would have more content parsed than MAX_PDF_CONTENT_BYTES has left."""


# What pypdf's decoders may inflate one stream to, by filter.
_DECODED_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "array_based_stream_maximum_output_length",
)


class _ContentBudget:
    """The decoded content bytes a PDF may still have parsed. A stream is charged each time it
    is drawn, so one huge stream shared by every page costs once per page."""

    def __init__(self, total: int) -> None:
        self.left = total
        self.spent = False  # a form drawn past the budget: stop reading
        self._too_large: set[int] = set()  # streams that did not fit: not inflated again
        self._forms: dict[int, dict[str, list[Any]]] = {}  # by /Resources, shared by pages

    def fits(self, streams: Sequence[Any]) -> bool:
        """Whether the streams, inflated no further than what is left, fit in it; they are
        charged when they do."""
        size = 0
        for stream in streams:
            if id(stream) in self._too_large:
                return False
            # 0 would lift pypdf's limit: at least 1.
            limits = dict.fromkeys(_DECODED_LIMITS, max(self.left - size, 1))
            try:
                with apply_configuration(**limits):
                    size += len(stream.get_data())  # pypdf keeps it for the parse
            except LimitReachedError:
                self._too_large.add(id(stream))
                return False
            if size > self.left:
                return False
        self.left -= size
        return True

    def forms(self, page: Any) -> dict[str, list[Any]]:
        """The form XObjects the page may draw, by the name they are drawn with."""
        resources = _resolved(page.get("/Resources"))
        if id(resources) not in self._forms:
            self._forms[id(resources)] = _forms_in(resources)
        return self._forms[id(resources)]


def _resolved(value: Any) -> Any:
    return value.get_object() if value is not None else None


def _forms_in(resources: Any) -> dict[str, list[Any]]:
    """The form XObjects of a /Resources dictionary and of the forms in it, by name."""
    found: dict[str, dict[int, Any]] = {}
    pending, seen = [resources], set()
    while pending:
        current = _resolved(pending.pop())
        if not isinstance(current, DictionaryObject) or id(current) in seen:
            continue
        seen.add(id(current))
        xobjects = _resolved(current.get("/XObject"))
        if not isinstance(xobjects, DictionaryObject):
            continue
        for name, value in xobjects.items():
            xobject = _resolved(value)
            if isinstance(xobject, StreamObject) and xobject.get("/Subtype") == "/Form":
                found.setdefault(name, {})[id(xobject)] = xobject
                pending.append(xobject.get("/Resources"))
    return {name: list(forms.values()) for name, forms in found.items()}


def _content_streams(page: Any) -> list[Any]:
    """The streams of a page's /Contents."""
    contents = _resolved(page.get("/Contents"))
    if isinstance(contents, ArrayObject):
        # pypdf refuses arrays of more than 10,000 streams when it parses them.
        streams = [_resolved(item) for item in contents[:10_001]]
        return [stream for stream in streams if isinstance(stream, StreamObject)]
    return [contents] if isinstance(contents, StreamObject) else []


def _pdf_pages(reader: PdfReader) -> tuple[list[list[_Line]], list[int]]:
    """The lines of each page read, and the numbers of the pages left out: a page whose
    content does not fit what MAX_PDF_CONTENT_BYTES has left, and every page after
    MAX_PDF_PAGES, after the text read passes MAX_TEXT_CHARS or after a page runs out of it."""
    pages: list[list[_Line]] = []
    unread: list[int] = []
    budget = _ContentBudget(MAX_PDF_CONTENT_BYTES)
    failures = total = 0
    count = len(reader.pages)
    for index in range(count):
        if index >= MAX_PDF_PAGES or total >= MAX_TEXT_CHARS or budget.spent:
            unread.extend(range(index + 1, count + 1))
            break
        try:
            page = reader.pages[index]
            if not budget.fits(_content_streams(page)):
                unread.append(index + 1)  # a huge drawing: the pages after may be text
                continue
            lines = _page_lines(page, budget)
        except _OutOfBudget:
            unread.append(index + 1)
            continue
        except Exception:  # one broken page (bad font, bad stream) should not lose the rest
            failures += 1
            lines = []
        pages.append(lines)
        total += sum(len(line.text) + 1 for line in lines)
    if pages and failures == len(pages):
        raise UnreadableDocument(DAMAGED)
    return _without_furniture(pages), unread


def _page_list(numbers: list[int]) -> str | None:
    """Page numbers in runs: "page 3", "pages 3, 7–9 and 41–480"."""
    if not numbers:
        return None
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    named = [f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    if len(named) == 1:
        return f"page {named[0]}" if len(numbers) == 1 else f"pages {named[0]}"
    return f"pages {', '.join(named[:-1])} and {named[-1]}"


def _page_lines(page: Any, budget: _ContentBudget) -> list[_Line]:
    """A page's text lines in pypdf's reading order, each with where it sits and its size.
    Raises _OutOfBudget when a form it draws does not fit what is left of the budget."""
    lines: list[_Line] = []
    parts: list[str] = []
    # Where each visible piece sits, by its length: the line is placed by its longest piece,
    # not by a bullet or a drop cap in another font.
    places: list[tuple[int, float | None, float | None]] = []
    forms = budget.forms(page)

    def close_line() -> None:
        text = " ".join("".join(parts).split())
        if text:
            _, y, size = max(places, key=lambda p: p[0]) if places else (0, None, None)
            lines.append(_Line(text, y, size))
        parts.clear()
        places.clear()

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: Any, size: Any) -> None:
        # pypdf hands over the text it outputs piece by piece, "\n" where it starts a line.
        for i, piece in enumerate(text.split("\n")):
            if i:
                close_line()
            if piece.strip():
                places.append((len(piece.strip()), *_position(cm, tm, size)))
            parts.append(piece)

    def charge(operator: bytes, operands: Any, _cm: Any, _tm: Any) -> None:
        # Called before each operator, before pypdf parses the form a "Do" draws. pypdf logs
        # and skips a form that raises, so once spent every operator raises, up to the page.
        if budget.spent:
            raise _OutOfBudget
        drawn = forms.get(operands[0]) if operator == b"Do" and operands else None
        if drawn and not budget.fits(drawn):
            budget.spent = True
            raise _OutOfBudget

    page.extract_text(visitor_text=visit, visitor_operand_before=charge)
    if budget.spent:  # the last form drawn did not fit: the page is not whole
        raise _OutOfBudget
    close_line()
    return lines


def _position(
    cm: Sequence[float], tm: Sequence[float], size: Any
) -> tuple[float | None, float | None]:
    """Baseline height and drawn font size of a piece of text, from its matrices."""
    try:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        drawn = float(size) * hypot(tm[2], tm[3]) * hypot(cm[2], cm[3])
    except (TypeError, ValueError, IndexError):
        return None, None
    return float(y), (drawn if drawn > 0 else None)


def _without_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without page numbers, and without running headers and footers: lines at the top
    or bottom of most pages that never occur in the middle of one."""
    repeated = _running_lines(pages) if len(pages) >= 3 else set()
    return [
        [
            line
            for line in lines
            if not _PAGE_NUMBER.match(line.text) and _furniture_key(line) not in repeated
        ]
        for lines in pages
    ]


def _running_lines(pages: list[list[_Line]]) -> set[str]:
    """The furniture keys of the running headers and footers."""
    at_edges = Counter(
        key for lines in pages for key in {_furniture_key(line) for line in _edges(lines)}
    )
    inside = {_furniture_key(line) for lines in pages for line in lines[2:-2]}
    return {
        key for key, count in at_edges.items() if count >= len(pages) * 0.6 and key not in inside
    }


def _edges(lines: list[_Line]) -> list[_Line]:
    """The two lines at the top and the two at the bottom of a page."""
    return lines[:2] + lines[-2:]


def _furniture_key(line: _Line) -> str:
    """A line's text with digits masked: "Annual report 2024 | page 3" matches on each page."""
    return re.sub(r"\d+", "#", line.text.casefold())


def _pdf_text(pages: list[list[_Line]]) -> str:
    """The pages' lines joined into paragraphs, one a line."""
    hyphenated = {
        f"{a}-{b}".casefold()
        for lines in pages
        for line in lines
        for a, b in _HYPHENATED.findall(line.text)
    }
    paragraphs: list[str] = []
    previous: _Line | None = None
    for lines in pages:
        spacing = _line_spacing(lines)
        widths = _run_widths(lines, spacing)
        for index, line in enumerate(lines):
            width = widths[index - 1] if index else 0  # of the run `previous` is in
            if previous is None or _starts_paragraph(previous, line, spacing, width):
                paragraphs.append(line.text)
            else:
                paragraphs[-1] = _joined(paragraphs[-1], line.text, hyphenated)
            previous = line
        # Across a page break only the words tell: the previous line has no place here.
        previous = _Line(previous.text, None, previous.size) if previous else None
    return "\n".join(paragraphs)


def _gap(above: _Line, below: _Line) -> float | None:
    """How far `below` sits under `above` (negative: higher up, as in a new column)."""
    if above.y is None or below.y is None:
        return None
    return above.y - below.y


def _line_spacing(lines: list[_Line]) -> float | None:
    """The page's usual distance from one line to the next."""
    gaps = [
        gap
        for above, below in pairwise(lines)
        if (gap := _gap(above, below)) is not None and 0 < gap < 3 * (above.size or 12)
    ]
    return statistics.median(gaps) if gaps else None


def _run_widths(lines: list[_Line], spacing: float | None) -> list[int]:
    """For each line, the longest line (in characters) of the evenly spaced run of lines it
    is in (a column, or a stretch of paragraphs): a paragraph's last line is short against it."""
    runs: list[list[_Line]] = []
    for index, line in enumerate(lines):
        if index and _evenly_spaced(lines[index - 1], line, spacing):
            runs[-1].append(line)
        else:
            runs.append([line])
    return [max(len(line.text) for line in run) for run in runs for _ in run]


def _evenly_spaced(above: _Line, below: _Line, spacing: float | None) -> bool:
    """True when `below` follows `above` at the usual line spacing, in the same font size."""
    gap = _gap(above, below)
    if gap is None or spacing is None or _font_changes(above, below):
        return False
    return 0 < gap <= spacing * _PARAGRAPH_GAP


def _font_changes(above: _Line, below: _Line) -> bool:
    if above.size is None or below.size is None:
        return False
    return abs(above.size - below.size) > _FONT_CHANGE * max(above.size, below.size)


def _starts_paragraph(above: _Line, below: _Line, spacing: float | None, width: int) -> bool:
    """True when `below` begins a new paragraph rather than carrying on `above`."""
    ends_sentence = bool(_SENTENCE_END.search(above.text))
    if _font_changes(above, below) or _BULLET.match(below.text):
        return True
    gap = _gap(above, below)
    if gap is None or spacing is None or gap <= 0 or gap > 3 * spacing:
        # A new column, page or a figure in between: a paragraph carries on mid-sentence.
        return ends_sentence
    if gap > spacing * _PARAGRAPH_GAP:
        return True
    # The same spacing inside and between paragraphs: a short last line ends one.
    return ends_sentence and len(above.text) < width * _SHORT_LINE


_TENS = frozenset("twenty thirty forty fifty sixty seventy eighty ninety".split())


def _joined(text: str, line: str, hyphenated: set[str]) -> str:
    """`text` carried on by the next line: hyphenated words mended ("gov-" "ernment")."""
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha():
        if not line[:1].islower():
            return text + line  # "pro-" "Russian", "COVID-" "19": the hyphen is the word's
        # The letters before the hyphen; entered only at a word's start, so that the search is
        # linear (from inside a word it would read to its end again at each letter).
        left = re.search(r"(?<![^\W\d_])([^\W\d_]++)-$", text)
        right = re.match(r"[^\W\d_]+", line)
        if left and right and f"{left.group(1)}-{right.group()}".casefold() in hyphenated:
            return text + line  # the document writes this compound with a hyphen elsewhere
        if left and left.group(1).casefold() in _TENS:
            return text + line  # "twenty-" "four": a number keeps its hyphen
        return text[:-1] + line
    return f"{text} {line}"


def _pdf_info(reader: PdfReader) -> tuple[str | None, str | None, datetime.date | None]:
    """Title, author and creation day from the PDF's document information."""
    try:
        info = reader.metadata
    except Exception:  # a damaged info dictionary only costs the metadata
        return None, None, None
    if info is None:
        return None, None, None
    try:
        created = info.creation_date
    except Exception:  # pypdf raises on malformed "D:" dates
        created = None
    try:
        title, author = info.title, info.author
    except Exception:  # as above
        title = author = None
    return (
        _meaningful_title(_string(title)),
        _string(author),
        created.date() if isinstance(created, datetime.datetime) else None,
    )


def _string(value: object) -> str | None:
    """A metadata value as tidy text, or None."""
    if not isinstance(value, str):
        return None
    return " ".join(value.replace("\x00", "").split()) or None


def _meaningful_title(title: str | None) -> str | None:
    """The title, unless it is a placeholder or file name a tool filled in."""
    if title is None or _PLACEHOLDER_TITLE.match(title):
        return None
    return title


# --- Word -------------------------------------------------------------------------------

# Cells up to this long are table data, read a row to a line.
_SHORT_CELL = 80
# What python-docx writes into a document nobody gave properties: not the file's author or date.
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = datetime.datetime(2013, 12, 23, 23, 15, tzinfo=datetime.UTC)


def docx_document(data: bytes) -> DocumentText:
    """A Word document's paragraphs and table cells in order, and its core properties."""
    _check_docx_package(data)
    try:
        document = open_docx(io.BytesIO(data))
        text = "\n".join(_docx_blocks(document))
    except Exception as exc:  # python-docx raises KeyError, lxml and zip errors on bad files
        raise UnreadableDocument(DAMAGED) from exc
    title, author, created = _docx_properties(document)
    return DocumentText(text, title, author, created)


def _check_docx_package(data: bytes) -> None:
    """Raise UnreadableDocument for a file that is no zip, or that would unpack too large, by
    the sizes its directory declares (zipfile inflates no part past its declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        # Password-protected Word files are not zips at all (an OLE container).
        raise UnreadableDocument(DAMAGED) from exc
    if (
        len(parts) > MAX_DOCX_PARTS
        or sum(part.file_size for part in parts) > MAX_DOCX_UNPACKED_BYTES
        or any(_zip_bomb(part) for part in parts)
    ):
        raise UnreadableDocument(TOO_LARGE)
    if _xml_bytes(parts) > MAX_DOCX_XML_BYTES:
        limit = MAX_DOCX_XML_BYTES // 1_000_000
        raise UnreadableDocument(f"the document is too long to read (over {limit} MB unpacked)")


def _zip_bomb(part: zipfile.ZipInfo) -> bool:
    """True for a part that inflates to over MAX_ZIP_RATIO times its packed size."""
    if part.file_size <= _ZIP_RATIO_GRACE_BYTES:
        return False
    return part.file_size > MAX_ZIP_RATIO * max(part.compress_size, 1)


def _xml_bytes(parts: list[zipfile.ZipInfo]) -> int:
    """The unpacked size of the package's XML, which python-docx parses into trees (the
    document, its styles, headers, notes...); pictures it only holds as bytes."""
    return sum(
        part.file_size for part in parts if part.filename.lower().endswith((".xml", ".rels"))
    )


def _docx_blocks(container: Any) -> Iterator[str]:
    """The text of each paragraph, and of each table cell's paragraphs, in document order."""
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _docx_table(block)
        else:
            # A manual line break (Shift+Enter) comes as "\n": kept, as pypdf's lines are.
            yield "\n".join(" ".join(part.split()) for part in block.text.split("\n"))


def _docx_table(table: Any) -> Iterator[str]:
    """The table row by row: a row of short cells as one line ("Harbourside | 800"), a row
    holding longer text (a table used for layout) as its cells' paragraphs."""
    # A merged cell comes back for every grid cell it spans, across columns and down rows: it
    # is read once. Keyed by id() with the element kept alive, so no id is reused meanwhile
    # (lxml makes a fresh proxy for an element nobody holds).
    seen: dict[int, Any] = {}
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen[id(cell._tc)] = cell._tc
                cells.append([block for block in _docx_blocks(cell) if block])
        cells = [blocks for blocks in cells if blocks]
        if not cells:
            continue
        if all(len(blocks) == 1 and len(blocks[0]) <= _SHORT_CELL for blocks in cells):
            yield " | ".join(blocks[0] for blocks in cells)
        else:
            yield from (block for blocks in cells for block in blocks)


def _docx_properties(document: Any) -> tuple[str | None, str | None, datetime.date | None]:
    """Title, author and creation day from the core properties, without template defaults."""
    try:
        properties = document.core_properties
        title, author, created = properties.title, properties.author, properties.created
    except Exception:  # a malformed core.xml only costs the metadata
        return None, None, None
    author = _string(author)
    if author == _TEMPLATE_AUTHOR:
        author = None
    if not isinstance(created, datetime.datetime) or _is_template_date(created):
        created = None
    return _meaningful_title(_string(title)), author, created.date() if created else None


def _is_template_date(created: datetime.datetime) -> bool:
    moment = created if created.tzinfo else created.replace(tzinfo=datetime.UTC)
    return moment == _TEMPLATE_CREATED
