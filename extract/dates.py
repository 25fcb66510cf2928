"""Dates: each DATE span spaCy finds, resolved against the publication date with dateparser.

Only the spans are parsed, never raw text (dateparser reads "we" as Wednesday and "5000" as the
year 5000). A bare weekday means the week around publication: "on Thursday" in a Thursday story
is that day, "expected to meet on Friday" the next day, "was shot Monday night" the Monday before.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser
from spacy.tokens import Span, Token

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = """jan feb mar apr may jun jul aug sep sept oct nov dec january february march april
    june july august september october november december""".split()
# Words around a date that carry no date information of their own.
_FILLER = re.compile(
    r"\b(on|the|early|late|earlier|later|this|last|next|night|morning|afternoon|evening|"
    r"overnight|in|by|of|until|since|from|around|about|at|before|after|during)\b",
    re.I,
)
_FUTURE_MARKERS = frozenset({"will", "shall", "expected", "plan", "planned", "due", "scheduled"})


def _parser(preference: str, base: datetime | None) -> DateDataParser:
    # Built per call (well under a millisecond): the relative base differs per article.
    settings: dict[str, object] = {"PREFER_DATES_FROM": preference, "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


def tense_of(token: Token) -> str:
    """'past', 'future' or 'unknown' for the clause a date token sits in."""
    verb = token
    for _ in range(6):
        if verb.pos_ in {"VERB", "AUX"} or verb.dep_ == "ROOT":
            break
        verb = verb.head
    words = {verb.lower_, verb.lemma_.lower()} | {c.lower_ for c in verb.children}
    words |= {c.lemma_.lower() for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    head = verb.head
    if head.lemma_.lower() in _FUTURE_MARKERS or words & _FUTURE_MARKERS:
        return "future"
    if verb.tag_ in {"VBD", "VBN"} or any(c.tag_ == "VBD" for c in verb.children):
        return "past"
    return "unknown"


def resolve_weekday(name: str, published: date, tense: str) -> date:
    """The date of weekday `name` in the week around `published`."""
    target = _WEEKDAYS.index(name.lower())
    delta = target - published.weekday()
    if delta == 0:
        return published
    back = published - timedelta(days=(published.weekday() - target) % 7)
    ahead = published + timedelta(days=(target - published.weekday()) % 7)
    if tense == "past":
        return back
    if tense == "future":
        return ahead
    return back if (published - back) <= (ahead - published) else ahead


def _has_invalid_day(text: str) -> bool:
    """'32 March': dateparser would read 32 as a year; no month has such a day."""
    days = re.finditer(r"(?<![:\d])\b(\d{1,2})(?:st|nd|rd|th)?\b(?!:)", text)
    return any(int(m.group(1)) > 31 for m in days)


# dateparser takes milliseconds a call, and a day's stories repeat their date expressions.
@lru_cache(maxsize=8192)
def resolve_date(text: str, published: date | None, tense: str = "unknown") -> str | None:
    """An ISO string for a date expression, at the precision it has (day, month, week, year)."""
    clean = " ".join(text.replace("’", "'").split())
    if not clean or _has_invalid_day(clean):
        return None
    lowered = clean.lower()
    words = re.findall(r"[a-z]+", lowered)
    weekdays = [w for w in words if w in _WEEKDAYS]
    has_number = bool(re.search(r"\d", clean))
    if published and weekdays and not has_number and not any(w in _MONTHS for w in words):
        rest = _FILLER.sub(" ", lowered)
        rest = re.sub(r"\b(" + "|".join(_WEEKDAYS) + r")\b", " ", rest).strip(" ,.")
        if not rest:
            # "last Friday" is the one before publication, "next Friday" the one after.
            if "last" in words or "next" in words:
                sign = -1 if "last" in words else 1
                day = resolve_weekday(weekdays[0], published, "past" if sign < 0 else "future")
                if day == published:
                    day += timedelta(days=7 * sign)
                return day.isoformat()
            return resolve_weekday(weekdays[0], published, tense).isoformat()
    base = datetime(published.year, published.month, published.day, 12) if published else None
    preference = {"past": "past", "future": "future"}.get(tense, "current_period")
    data = _parser(preference, base).get_date_data(clean)
    when = data.date_obj
    if when is None:
        return None
    if base is None and not re.search(r"\b(1[89]|20)\d\d\b", clean):
        return None  # a relative date with nothing to be relative to
    period = data.period or "day"
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        iso = when.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    return when.date().isoformat()


_DURATION = re.compile(
    r"^(?:the\s+|about\s+|nearly\s+|almost\s+|more than\s+|over\s+|some\s+)?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|several|few|many)(?:[\s-]+\w+)?[\s-]+"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)(?:[\s-]+old)?$",
    re.I,
)
# Times of day say nothing about the date unless they name the day too.
_DAY_WORDS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|"
    r"this (?:morning|afternoon|evening)|last night|overnight)\b",
    re.I,
)


def is_date_expression(span: Span) -> bool:
    """Whether a DATE/TIME span names a date, not a duration ("nine hours"), an age ("23",
    "17-year") or a bare time ("about 2:30 p.m.")."""
    text = " ".join(span.text.split()).strip(" ,.:;")
    if not text:
        return False
    if span.label_ == "TIME" and not _DAY_WORDS.search(text):
        return False
    if _DURATION.match(text) and not re.search(r"\b(ago|later|earlier)\b", text, re.I):
        return False
    if re.fullmatch(r"\d{1,3}|\d{1,3}-\w+", text):
        return False  # an age or a count the model took for a day
    return not (re.fullmatch(r"\d{4}", text) and not 1800 <= int(text) <= 2199)


def resolve_span(span: Span, published: date | None) -> str | None:
    """The ISO date of a DATE or TIME span, or None when it names no date."""
    if not is_date_expression(span):
        return None
    return resolve_date(span.text, published, tense_of(span.root))


def precision(iso: str) -> str | None:
    """What an ISO 8601 date this module writes names: "day" ("2025-04-24"), "week"
    ("2025-W16"), "month" ("2025-04") or "year" ("2025"); None for anything else."""
    if len(iso) == 10:
        return "day"
    if len(iso) == 8 and iso[5] == "W":
        return "week"
    return {7: "month", 4: "year"}.get(len(iso))


def days_of(iso: str) -> tuple[date, date] | None:
    """The first and last day of an ISO 8601 date at any precision this module writes
    ("2025-04-24", "2025-W16", "2025-04", "2025"); None for anything else."""
    kind = precision(iso)
    try:
        if kind == "day":
            day = date.fromisoformat(iso)
            return day, day
        if kind == "week":
            year, week = int(iso[:4]), int(iso[6:])
            return date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 7)
        if kind == "month":
            first = date(int(iso[:4]), int(iso[5:]), 1)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - timedelta(days=1)
        if kind == "year":
            return date(int(iso), 1, 1), date(int(iso), 12, 31)
    except ValueError:
        return None
    return None


def before(earlier: str, later: str) -> bool:
    """Whether every day `earlier` may name comes before every day `later` may name."""
    first, second = days_of(earlier), days_of(later)
    return first is not None and second is not None and first[1] < second[0]
