"""Replies in Telegram HTML: escaping, the house date style, and long replies split at block
boundaries under Telegram's 4096-character limit."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from service.html import (
    MESSAGE_LIMIT,
    bold,
    day_label,
    esc,
    italic,
    plain_text,
    shorten,
    split_message,
)


def test_escaping_keeps_markup_out() -> None:
    assert esc("Tom & Jerry <b>") == "Tom &amp; Jerry &lt;b&gt;"
    assert esc('He said "stop"') == 'He said "stop"'  # quotes are text in Telegram HTML
    assert bold("AT&T") == "<b>AT&amp;T</b>"
    assert italic("<i>") == "<i>&lt;i&gt;</i>"
    assert esc(12) == "12"


def test_plain_text_is_what_the_reader_sees() -> None:
    assert plain_text("<b>Kyiv</b> &amp; <i>Kharkiv</i> &lt;b&gt;") == "Kyiv & Kharkiv <b>"
    assert plain_text(bold("Smith & <b>Sons</b>")) == "Smith & <b>Sons</b>"


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2025, 4, 24), "24 Apr 2025"),
        (dt.date(2025, 5, 1), "1 May 2025"),
        (dt.date(2024, 12, 31), "31 Dec 2024"),
        (None, "date unknown"),
    ],
)
def test_dates_read_like_24_apr_2025(day: dt.date | None, label: str) -> None:
    assert day_label(day) == label


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    text = "Russia pounded Kyiv with missiles and drones, killing at least twelve people"
    short = shorten(text, 40)
    assert len(short) <= 40
    assert short == "Russia pounded Kyiv with missiles and…"
    assert shorten("  short \n text ", 40) == "short text"


# Splitting ------------------------------------------------------------------------------------

_TAG = re.compile(r"</?(?:b|i|code)>")


def _well_formed(message: str) -> bool:
    """Every tag is whole and closed, every entity whole."""
    for tag in ("b", "i", "code"):
        opened = [m.start() for m in re.finditer(f"<{tag}>", message)]
        closed = [m.start() for m in re.finditer(f"</{tag}>", message)]
        if len(opened) != len(closed) or any(o > c for o, c in zip(opened, closed, strict=True)):
            return False
    rest = _TAG.sub("", message)
    if "<" in rest or ">" in rest:
        return False
    return not re.search(r"&(?!amp;|lt;|gt;)", rest)


def _incident_block(i: int) -> str:
    return (
        f"• {bold(f'Place & Co {i}')}, 24 Apr 2025: {esc(f'at least {i} killed, {2 * i} injured')}"
        f"\n  {italic(f'Reuters <wire> 24 Apr 2025 (#{i})')}"
    )


def test_a_long_list_of_blocks_is_split_between_blocks() -> None:
    blocks = [_incident_block(i) for i in range(600)]
    messages = split_message(blocks)
    assert len(messages) > 1
    for message in messages:
        assert 0 < len(message) <= MESSAGE_LIMIT
        assert _well_formed(message), message[:200]
    # Nothing lost, nothing reordered, no block cut in two.
    assert [b for m in messages for b in m.split("\n\n")] == blocks
    # As few messages as fit: each one could not take the next message's first block.
    for message, following in itertools.pairwise(messages):
        first_block = following.split("\n\n")[0]
        assert len(message) + 2 + len(first_block) > MESSAGE_LIMIT


def test_short_replies_stay_one_message() -> None:
    blocks = ["<b>Kyiv</b> — casualty reports", "• 24 Apr 2025: at least 12 killed"]
    assert split_message(blocks) == ["\n\n".join(blocks)]
    assert split_message([]) == []


def test_a_block_too_long_alone_is_split_between_lines() -> None:
    lines = [f"• {bold(f'Donald Trump {i}')}: “{esc('We want peace & quiet')}”" for i in range(300)]
    block = "Quotes:\n" + "\n".join(lines)
    assert len(block) > MESSAGE_LIMIT
    messages = split_message(["<b>Digest</b>", block, "People: Trump"])
    for message in messages:
        assert 0 < len(message) <= MESSAGE_LIMIT
        assert _well_formed(message)
    rejoined = "\n".join(messages).replace("\n\n", "\n").splitlines()
    assert rejoined == ["<b>Digest</b>", "Quotes:", *lines, "People: Trump"]


def test_a_single_huge_line_loses_its_markup_not_its_limit() -> None:
    line = bold("Kyiv ") + " ".join(f"word{i}" for i in range(1200))
    messages = split_message(["<b>Heading</b>", line])
    assert all(0 < len(m) <= MESSAGE_LIMIT for m in messages)
    assert all(_well_formed(m) for m in messages)
    assert messages[-1].endswith("…")


def test_a_huge_line_with_ampersands_gives_no_empty_message() -> None:
    line = esc("Reuters & AP " * 500)
    messages = split_message([line])
    assert messages
    assert all(message.strip() for message in messages), [len(m) for m in messages]


def test_a_huge_line_with_ampersands_stays_under_the_limit() -> None:
    line = esc("Reuters & AP " * 500)
    messages = split_message(["<b>Sources</b>", line])
    assert all(len(m) <= MESSAGE_LIMIT for m in messages), [len(m) for m in messages]
    assert all(_well_formed(m) for m in messages)
