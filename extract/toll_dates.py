"""When a toll happened, as its sentence tells it: a week or a month narrowed to the story's
day of violence in it, or a day counted back from the story's ("two days after a strike killed
7")."""

from __future__ import annotations

import datetime

from spacy.tokens import Token

from extract.dates import precision
from extract.numbers import parse_count


def within_period(date: str | None, day: str | None) -> str | None:
    """A week ("last week's attack") or a month ("killed in October") narrowed to the story's
    day of violence when it falls in it."""
    if date is None or day is None or precision(day) != "day":
        return date
    if precision(date) == "month":
        return day if day.startswith(date) else date
    if precision(date) != "week":
        return date
    try:
        iso = datetime.date.fromisoformat(day).isocalendar()
    except ValueError:
        return date
    return day if f"{iso.year:04d}-W{iso.week:02d}" == date else date


_UNIT_DAYS = {"day": 1, "week": 7}


def cited_before(figure: Token, day: str | None) -> str | None:
    """The day of an earlier incident a clause cites by its distance: "came two days after a
    strike killed 7", "a week after 11 people were killed" (from the story's day)."""
    if day is None or precision(day) != "day":
        return None
    verb = next((t for t in [figure, *figure.ancestors] if t.pos_ in {"VERB", "AUX"}), None)
    if verb is None or not any(c.dep_ == "mark" and c.lower_ == "after" for c in verb.children):
        return None
    near = [*verb.children, *verb.head.children, *(c for m in verb.children for c in m.children)]
    for tok in near:
        unit = _UNIT_DAYS.get(tok.lemma_.lower())
        if tok.dep_ != "npadvmod" or unit is None:
            continue
        counts = [c for c in tok.children if c.dep_ == "nummod"]
        count = parse_count(counts[0].text) if counts else None  # "a day": one
        back = datetime.timedelta(days=unit * (count.value if count else 1))
        return (datetime.date.fromisoformat(day) - back).isoformat()
    return None
