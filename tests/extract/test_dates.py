"""Date expressions resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from extract.dates import resolve_date, resolve_weekday

THURSDAY = date(2025, 4, 24)


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Thursday 24 April 2025", "unknown", "2025-04-24"),
        ("Thursday", "past", "2025-04-24"),  # a Thursday story's "on Thursday" is that day
        ("Friday", "future", "2025-04-25"),  # "expected to meet on Friday"
        ("Monday night", "past", "2025-04-21"),
        ("last week", "past", "2025-W16"),
        ("in 2022", "past", "2022"),
        ("April 2025", "unknown", "2025-04"),
        ("yesterday", "past", "2025-04-23"),
        ("32 March", "past", None),  # impossible: not the year 1932
        ("the weekend", "future", None),
    ],
)
def test_resolve_date(text: str, tense: str, expected: str | None) -> None:
    assert resolve_date(text, THURSDAY, tense) == expected


def test_weekday_without_tense_is_the_nearest() -> None:
    assert resolve_weekday("friday", THURSDAY, "unknown") == date(2025, 4, 25)
    assert resolve_weekday("tuesday", THURSDAY, "unknown") == date(2025, 4, 22)


def test_dates_in_an_article_use_the_spans_and_the_tense(facts_of) -> None:
    f = facts_of(
        "The envoy met the president on Thursday and is expected to meet him again on "
        "Friday. We were told 5000 people attended in 2022."
    )
    resolved = {d.text: d.date for d in f.dates}
    assert resolved["Thursday"] == "2025-04-24"
    assert resolved["Friday"] == "2025-04-25"
    assert resolved["2022"] == "2022"
    assert "we" not in {d.text.lower() for d in f.dates}  # raw-text parsing reads "we" as Wed
    assert all(d.date != "5000" for d in f.dates)


def test_durations_and_ages_are_not_dates(facts_of) -> None:
    f = facts_of("Rescuers worked for nine hours. The victim, 23, was a nurse.")
    assert [d.text for d in f.dates] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last Friday", "2025-04-18"),  # a Friday story: the Friday before
        ("next Friday", "2025-05-02"),
        ("next Tuesday", "2025-04-29"),
        ("9:45 p.m. Monday", "2025-04-21"),  # minutes are not days of the month
    ],
)
def test_last_next_and_times(text: str, expected: str) -> None:
    assert resolve_date(text, date(2025, 4, 25), "past") == expected
