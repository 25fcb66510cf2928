"""Building replies in Telegram's HTML: escaping, the house date style, splitting long replies,
and the plain-text rendering the console shows."""

from __future__ import annotations

import datetime as dt
import html

# Telegram's limit is 4096 characters after entities are parsed; tags don't count toward it,
# so measuring the HTML source is on the safe side.
MESSAGE_LIMIT = 4096


def esc(value: object) -> str:
    """`value` as text safe inside Telegram HTML."""
    return html.escape(str(value), quote=False)


def bold(value: object) -> str:
    return f"<b>{esc(value)}</b>"


def italic(value: object) -> str:
    return f"<i>{esc(value)}</i>"


def day_label(day: dt.date | None) -> str:
    """ "24 Apr 2025"; "date unknown" for None."""
    if day is None:
        return "date unknown"
    return f"{day.day} {day.strftime('%b %Y')}"


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def quoted(text: str, limit: int) -> str:
    """A quote as HTML in curly marks, without the comma that led into its attribution
    ("...right now," Trump said)."""
    return f"“{esc(shorten(text.strip().rstrip(',;:').rstrip(), limit))}”"


def split_message(blocks: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks (each a complete piece of HTML) into as few messages as fit under `limit`,
    breaking only between blocks; a block too long on its own is broken between lines."""
    messages: list[str] = []
    current = ""
    for block in _fitting(blocks, limit):
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
        else:
            if current:
                messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages


def _fitting(blocks: list[str], limit: int) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if len(block) <= limit:
            out.append(block)
            continue
        piece = ""
        for line in block.split("\n"):
            if len(line) > limit:
                line = _cut_line(line, limit)
            candidate = f"{piece}\n{line}" if piece else line
            if len(candidate) > limit:
                if piece:
                    out.append(piece)
                piece = line
            else:
                piece = candidate
        if piece:
            out.append(piece)
    return out


def _cut_line(line: str, limit: int) -> str:
    """A single line too long for a message: its text without markup, cut so that even
    escaped it fits."""
    text = plain_text(line)
    size = limit
    while len(cut := esc(shorten(text, size))) > limit:
        size -= len(cut) - limit
    return cut


def plain_text(markup: str) -> str:
    """What a reply reads as without formatting (the console shows this)."""
    return html.unescape(_without_tags(markup))


def _without_tags(markup: str) -> str:
    """`markup` with each `<...>` (one character or more inside) taken out, as
    `re.sub("<[^>]+>", "", markup)` would. Not that regex: with no `>` left, it reads on to the
    end from every `<` again, quadratic over a long text (issue 14)."""
    kept: list[str] = []
    done = at = 0
    while (start := markup.find("<", at)) != -1:
        close = markup.find(">", start + 1)
        if close == -1:
            break  # no tag closes after here
        if close == start + 1:
            at = close  # "<>" holds nothing: not a tag
            continue
        kept.append(markup[done:start])
        done = at = close + 1
    kept.append(markup[done:])
    return "".join(kept)
