"""Periods in command arguments: "today", "this week", "2025-04", "24 April 2025", "last 7 days"."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import dateparser

_MONTHS = "|".join(
    [name.lower() for name in (*calendar.month_name[1:], *calendar.month_abbr[1:]) if name]
    + ["sept"]  # AP style
)
_NAMED_DATE = re.compile(
    rf"^(?:\d{{1,2}}\s+)?(?:{_MONTHS})\.?(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?$", re.I
)

# Words shaped like a date or a period, whether or not they name one: "0000", "2025-02-30",
# "13/13/2025", "last 99999 days" ("32 March" and "February 30" are caught by _NAMED_DATE).
_DATE_SHAPED = re.compile(r"^(\d{4}|\d{1,4}(?:[-/.]\d{1,4}){1,2}|(?:last|past)\s+\d+\s+days?)$")


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included, and how to say it."""

    start: dt.date
    end: dt.date
    label: str


def _month(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    first = dt.date(year, month, 1)
    return Period(first, dt.date(year, month, last), first.strftime("%b %Y"))


def _day(day: dt.date) -> Period:
    return Period(day, day, f"{day.day} {day.strftime('%b %Y')}")


def parse_period(text: str, today: dt.date) -> Period | None:
    """The period `text` names, relative to `today`; None when it names none."""
    words = " ".join(text.lower().split())
    if not words:
        return None
    monday = today - dt.timedelta(days=today.weekday())
    fixed = {
        "today": _day(today),
        "yesterday": _day(today - dt.timedelta(days=1)),
        "this week": Period(monday, today, "this week"),
        "last week": Period(
            monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), "last week"
        ),
        "this month": Period(today.replace(day=1), today, "this month"),
        "this year": Period(today.replace(month=1, day=1), today, str(today.year)),
    }
    if words in fixed:
        return fixed[words]
    if words == "last month":
        previous = today.replace(day=1) - dt.timedelta(days=1)
        return _month(previous.year, previous.month)
    if m := re.fullmatch(r"(?:last|past)\s+(\d{1,4})\s+days?", words):
        days = max(1, int(m.group(1)))
        label = "today" if days == 1 else f"last {days} days"
        return Period(today - dt.timedelta(days=days - 1), today, label)
    try:
        if re.fullmatch(r"\d{4}", words):
            year = int(words)
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), words)
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", words):
            return _month(int(m.group(1)), int(m.group(2)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", words):
            return _day(dt.date.fromisoformat(words))
    except ValueError:  # 2025-13, 2025-02-30, year 0
        return None
    if _NAMED_DATE.match(words):
        return _named(words, today)
    return None


def _named(words: str, today: dt.date) -> Period | None:
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(today, dt.time()),
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY",
    }
    parsed = dateparser.parse(words, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return None
    if day := re.search(r"(?<!\d)\d{1,2}(?!\d)", words):
        # The number is the day of the month: dateparser reads "32 March" as March 1932.
        return _day(parsed.date()) if int(day.group()) == parsed.day else None
    return _month(parsed.year, parsed.month)


def split_period(words: list[str], today: dt.date) -> tuple[str, Period | None]:
    """Split command words into (subject, period): the longest tail that names a period is the
    period ("kiev this week" → "kiev", this week), the rest is the subject."""
    for size in range(min(len(words) - 1, 4), 0, -1):
        period = parse_period(" ".join(words[-size:]), today)
        if period is not None:
            return " ".join(words[:-size]), period
    return " ".join(words), None


def unreadable_period(words: list[str], today: dt.date) -> str | None:
    """The words at the end that look like a date but name no day or period ("32 March",
    "2025-02-30", "last 99999 days"), as written; None when there are none. Read as part of a
    place, they would give a misleading "no reports for Kyiv 32"."""
    for size in range(min(len(words), 4), 0, -1):
        tail = " ".join(words[-size:])
        words_only = " ".join(tail.lower().split())
        if parse_period(tail, today) is not None:
            return None  # a longer tail is checked first: "Kyiv 24 April" is fine
        if _DATE_SHAPED.match(words_only) or _NAMED_DATE.match(words_only):
            return tail
    return None
