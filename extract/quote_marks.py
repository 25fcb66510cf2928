"""Finding quoted passages by their marks, paragraph by paragraph.

Curly (“ ”), straight (") and doubled-apostrophe ('' as in NYT copy) marks, guillemets, and
British single marks (‘ ’) in articles that use no double marks. An opening mark with no close
runs to the end of its paragraph; when the next paragraph opens with a mark again, the quote
continues there (the wire convention for quotes over several paragraphs). Odd numbers of marks
never make the whole article fail: a stray mark only ends the passage it is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = {"“", "„", "‟", "«", "``"}
_CLOSE = {"”", "»"}
_DOUBLE_MARK = re.compile(r"``|''|[“”„‟«»\"]")
_SINGLE_MARK = re.compile(r"[‘’]")
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class QuotedPassage:
    start: int  # character offsets of the words inside the marks
    end: int
    paragraph: int
    paragraph_start: int
    continues_previous: bool  # opens a paragraph that carries on an unclosed quote
    closed: bool

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def _is_opening(text: str, pos: int, length: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + length] if pos + length < len(text) else " "
    if before.isspace() or before in "([{—–-/:":
        return not after.isspace()
    return False


def _single_mark_events(para: str) -> list[tuple[int, int, str]]:
    events = []
    for m in _SINGLE_MARK.finditer(para):
        pos, ch = m.start(), m.group()
        before = para[pos - 1] if pos > 0 else " "
        after = para[pos + 1] if pos + 1 < len(para) else " "
        if ch == "‘" and (before.isspace() or before in "([{—–-"):
            events.append((pos, 1, "open"))
        elif ch == "’" and not (before.isalpha() and after.isalpha()) and not before.isspace():
            events.append((pos, 1, "close"))
    return events


def _double_mark_events(para: str) -> list[tuple[int, int, str]]:
    events = []
    for m in _DOUBLE_MARK.finditer(para):
        mark = m.group()
        if mark in _OPEN:
            kind = "open"
        elif mark in _CLOSE:
            kind = "close"
        else:
            kind = "open" if _is_opening(para, m.start(), len(mark)) else "close"
        events.append((m.start(), len(mark), kind))
    return events


def find_quoted(text: str) -> list[QuotedPassage]:
    """Every quoted passage in `text`, in order."""
    use_single = not _DOUBLE_MARK.search(text)
    passages: list[QuotedPassage] = []
    carrying = False  # the previous paragraph ended inside a quote
    for index, pm in enumerate(_PARAGRAPH.finditer(text)):
        para, base = pm.group(), pm.start()
        events = _single_mark_events(para) if use_single else _double_mark_events(para)
        lead = len(para) - len(para.lstrip())
        opens_para = bool(events) and events[0][0] == lead and events[0][2] == "open"
        continues = carrying and opens_para
        open_at: int | None = None
        # A paragraph that carries a quote on without reopening it starts inside the quote.
        if carrying and not opens_para and events and events[0][2] == "close":
            open_at = lead
        for pos, length, kind in events:
            if open_at is None:
                if kind == "open":
                    open_at = pos + length
                continue
            if kind == "open" and pos > open_at and para[open_at:pos].strip():
                # Two openings in a row: the first passage lacked its close; end it here.
                passages.append(_passage(para, base, open_at, pos, index, continues, False))
                continues = False
                open_at = pos + length
                continue
            if kind == "close":
                passages.append(_passage(para, base, open_at, pos, index, continues, True))
                continues = False
                open_at = None
        carrying = False
        if open_at is not None and para[open_at:].strip():
            passages.append(_passage(para, base, open_at, len(para), index, continues, False))
            carrying = True
    return [p for p in passages if p.end > p.start]


def _passage(
    para: str, base: int, start: int, end: int, index: int, continues: bool, closed: bool
) -> QuotedPassage:
    while start < end and para[start].isspace():
        start += 1
    while end > start and para[end - 1].isspace():
        end -= 1
    return QuotedPassage(base + start, base + end, index, base, continues, closed)
