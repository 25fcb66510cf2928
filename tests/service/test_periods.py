"""Periods in command arguments, relative to today's date."""

from __future__ import annotations

import datetime as dt

import pytest

from service.periods import Period, parse_period, split_period, unreadable_period

THURSDAY = dt.date(2025, 4, 24)


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("today", "2025-04-24", "2025-04-24", "24 Apr 2025"),
        ("Yesterday", "2025-04-23", "2025-04-23", "23 Apr 2025"),
        ("this week", "2025-04-21", "2025-04-24", "this week"),
        ("THIS  WEEK", "2025-04-21", "2025-04-24", "this week"),
        ("last week", "2025-04-14", "2025-04-20", "last week"),
        ("this month", "2025-04-01", "2025-04-24", "this month"),
        ("last month", "2025-03-01", "2025-03-31", "Mar 2025"),
        ("this year", "2025-01-01", "2025-04-24", "2025"),
        ("2025-04", "2025-04-01", "2025-04-30", "Apr 2025"),
        ("2024-02", "2024-02-01", "2024-02-29", "Feb 2024"),
        ("2025", "2025-01-01", "2025-12-31", "2025"),
        ("2025-04-24", "2025-04-24", "2025-04-24", "24 Apr 2025"),
        ("24 April 2025", "2025-04-24", "2025-04-24", "24 Apr 2025"),
        ("April 24, 2025", "2025-04-24", "2025-04-24", "24 Apr 2025"),
        ("24 apr", "2025-04-24", "2025-04-24", "24 Apr 2025"),
        ("April 2025", "2025-04-01", "2025-04-30", "Apr 2025"),
        ("last 7 days", "2025-04-18", "2025-04-24", "last 7 days"),
        ("past 30 days", "2025-03-26", "2025-04-24", "last 30 days"),
    ],
)
def test_named_periods(text: str, start: str, end: str, label: str) -> None:
    assert parse_period(text, THURSDAY) == Period(d(start), d(end), label)


def test_a_day_or_month_without_a_year_is_the_latest_one_past() -> None:
    # On 24 April 2025, "1 May" and "May" can only mean last year's.
    assert parse_period("1 May", THURSDAY) == Period(d("2024-05-01"), d("2024-05-01"), "1 May 2024")
    assert parse_period("may", THURSDAY) == Period(d("2024-05-01"), d("2024-05-31"), "May 2024")
    assert parse_period("March", THURSDAY) == Period(d("2025-03-01"), d("2025-03-31"), "Mar 2025")


def test_weeks_and_months_across_the_new_year() -> None:
    new_year = dt.date(2026, 1, 2)  # a Friday
    assert parse_period("last week", new_year) == Period(
        d("2025-12-22"), d("2025-12-28"), "last week"
    )
    assert parse_period("this week", new_year) == Period(
        d("2025-12-29"), d("2026-01-02"), "this week"
    )
    assert parse_period("last month", new_year) == Period(
        d("2025-12-01"), d("2025-12-31"), "Dec 2025"
    )


def test_this_week_on_a_monday_is_just_today() -> None:
    monday = dt.date(2025, 4, 21)
    assert parse_period("this week", monday) == Period(monday, monday, "this week")


@pytest.mark.parametrize(
    "text",
    [
        "2025-13",
        "2025-00",
        "2025-02-30",
        "30 February 2025",
        "0000",
        "Kyiv",
        "",
        "   ",
        "32 March",  # not 1 March 1932
        "May 99",
        "0 May",
    ],
)
def test_no_period(text: str) -> None:
    assert parse_period(text, THURSDAY) is None


@pytest.mark.parametrize(
    ("words", "subject", "label"),
    [
        (["kiev", "this", "week"], "kiev", "this week"),
        (["Ukraine", "2025-04"], "Ukraine", "Apr 2025"),
        (["Kyiv", "24", "April", "2025"], "Kyiv", "24 Apr 2025"),
        (["Ukraine", "last", "7", "days"], "Ukraine", "last 7 days"),
        (["New", "York", "last", "week"], "New York", "last week"),
        (["Kyiv", "today"], "Kyiv", "24 Apr 2025"),
        (["Kyiv"], "Kyiv", None),
        (["New", "York"], "New York", None),
        (["Kyiv", "2025-13"], "Kyiv 2025-13", None),
    ],
)
def test_split_period(words: list[str], subject: str, label: str | None) -> None:
    place, period = split_period(words, THURSDAY)
    assert place == subject
    assert (period.label if period else None) == label


def test_a_lone_word_is_the_subject_even_if_it_names_a_period() -> None:
    # "/casualties May" or "/quotes 2025": without a subject the word is the subject.
    assert split_period(["May"], THURSDAY) == ("May", None)
    assert split_period(["2025"], THURSDAY) == ("2025", None)
    assert split_period([], THURSDAY) == ("", None)


@pytest.mark.parametrize(
    ("words", "unreadable"),
    [
        (["Kyiv", "32", "March"], "32 March"),
        (["Kyiv", "February", "30,", "2025"], "February 30, 2025"),
        (["Kyiv", "2025-13"], "2025-13"),
        (["Kyiv", "13/13/2025"], "13/13/2025"),
        (["Kyiv", "last", "99999", "days"], "last 99999 days"),
        (["0000"], "0000"),
        (["Kyiv", "24", "April", "2025"], None),
        (["Kyiv", "May"], None),
        (["Kyiv", "this", "week"], None),
        (["New", "York"], None),
        (["Route", "66"], None),
        ([], None),
    ],
)
def test_unreadable_period(words: list[str], unreadable: str | None) -> None:
    assert unreadable_period(words, THURSDAY) == unreadable
