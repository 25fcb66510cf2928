"""Tolls set out as a table of lines, one place a line, under a heading that says what they
count, as wire round-ups of storms and quakes often close:

    Deaths confirmed in each state:
    Iowa: 9
    Nebraska: 6

Each figure is a toll of the heading's kind at its line's place (extract.toll_places reads
the place off the line, which the line-break component makes a sentence of its own).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from extract.toll_words import DEATH_WORDS, INJURED, INJURY_WORDS, KILLED, MISSING

# How long a table's line may be: a place of a few words, a colon, a figure.
_MAX_LINE_TOKENS = 7


def _line_of(tok: Token) -> Span:
    """The line a token is on (a text's line breaks sit in the whitespace or in tokens)."""
    doc = tok.doc
    start = tok.i
    while start > 0 and not _breaks_after(doc[start - 1]):
        start -= 1
    end = tok.i
    while end < len(doc) - 1 and not _breaks_after(doc[end]):
        end += 1
    return doc[start : end + 1]


def _breaks_after(tok: Token) -> bool:
    return "\n" in tok.whitespace_ or "\n" in tok.text


def _line_before(line: Span) -> Span | None:
    """The line above, past blank lines."""
    doc: Doc = line.doc
    i = line.start - 1
    while i >= 0 and not doc[i].text.strip():
        i -= 1
    return _line_of(doc[i]) if i >= 0 else None


def _table_row(line: Span) -> bool:
    """ "Iowa: 9": a name, a colon, a figure."""
    words = [t for t in line if t.text.strip()]
    return (
        3 <= len(words) <= _MAX_LINE_TOKENS
        and words[-2].text == ":"
        and words[-1].like_num
        and all(t.text[:1].isupper() for t in words[:-2] if t.is_alpha)
    )


def _heading_category(line: Span) -> str | None:
    """What a heading line ("Storm-related deaths confirmed in each state:") counts."""
    words = [t for t in line if t.text.strip()]
    if not words or words[-1].text != ":":
        return None
    lowered = {t.lower_ for t in words} | {t.lemma_.lower() for t in words}
    if lowered & DEATH_WORDS:
        return KILLED
    if lowered & INJURY_WORDS:
        return INJURED
    return MISSING if "missing" in lowered else None


def table_rows(doc: Doc) -> list[Span]:
    """The lines of a text that read as a table's rows ("Iowa: 9")."""
    rows, start = [], 0
    for tok in doc:
        if _breaks_after(tok) or tok.i == len(doc) - 1:
            line = doc[start : tok.i + 1]
            if _table_row(line):
                rows.append(line)
            start = tok.i + 1
    return rows


def tabled_category(figure: Token) -> str | None:
    """The kind of toll a figure counts as a row of a table under a toll heading, else None."""
    line = _line_of(figure)
    words = [t for t in line if t.text.strip()]
    if not words or words[-1] != figure or not _table_row(line):
        return None
    above = _line_before(line)
    while above is not None and _table_row(above):
        above = _line_before(above)
    return _heading_category(above) if above is not None else None
