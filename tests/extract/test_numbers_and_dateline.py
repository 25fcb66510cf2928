"""Reading counts and wire datelines."""

from __future__ import annotations

import pytest

from extract.dateline import find_dateline
from extract.numbers import Count, parse_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twelve", Count(12, None)),
        ("at least twelve", Count(12, "at least")),
        ("1,200", Count(1200, None)),
        ("a dozen", Count(12, None)),
        ("dozens", Count(12, None)),
        ("hundreds", Count(100, None)),
        ("several", Count(3, None)),
        ("more than 40", Count(40, "more than")),
        ("twenty-one", Count(21, None)),
        ("-5", None),
        ("10^100", None),
        ("999999999999999999999", None),
    ],
)
def test_parse_count(text: str, expected: Count | None) -> None:
    assert parse_count(text) == expected


def test_dateline_with_two_places_and_agency() -> None:
    d = find_dateline("KYIV/WASHINGTON (Reuters) - Russia pounded Kyiv.")
    assert d is not None and d.places == ["KYIV", "WASHINGTON"] and d.source == "Reuters"


def test_dateline_with_state_and_date() -> None:
    d = find_dateline("HEMPSTEAD, N.Y., Sept. 26 (UPI) — A candidate was escorted out.")
    assert d is not None and d.places == ["HEMPSTEAD"] and d.source == "UPI"


def test_no_dateline_in_ordinary_prose() -> None:
    assert find_dateline("A man was shot - police said - on Tuesday.") is None
