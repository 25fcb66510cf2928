"""The days a story's tolls are dated by: the day a sentence names, the day a toll falls back
to when its sentence names none, and every day the story names (a record on one of them is
`dated`, not a guess). How one sentence's toll is dated is extract.toll_dates.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extract.dates import precision
from extract.toll_words import ADJ_CATEGORY, EVENT_NOUNS, VERB_CATEGORY


class StoryDays:
    """The days of one article: its body's, by sentence, and its headline's."""

    def __init__(
        self,
        doc: Doc,
        sentence_dates: dict[int, str],
        title_dates: dict[int, str] | None,
        published: str | None,
    ) -> None:
        self.doc = doc
        self.sentence_dates = sentence_dates  # sentence start token -> the day it names
        self.title_dates = title_dates
        self.published = published
        self.derived: set[str] = set()  # days counted back from the story's ("a day after")

    def named_day(self, sent: Span) -> str | None:
        """The day (or week) a sentence names; a month or a year only when it is before the
        story's ("last month, an attack killed 11", "at his funeral in 2019"): "this month"
        and "this year" date nothing."""
        named = self.sentence_dates.get(sent.start)
        if named is None or precision(named) not in {"month", "year"}:
            return named
        if self.published is None or self.published[: len(named)] <= named:
            return None
        return named

    def named_days(self) -> set[str]:
        """The days the article's text names (its headline's included), or counts back to."""
        days = set(self.sentence_dates.values()) | self.derived
        if self.title_dates is not None:
            days |= set(self.title_dates.values())
        return days

    def fallback(self) -> str | None:
        """The event's date when its own sentence has none: the first day named in a sentence
        about the violence ("the shooting happened Feb. 6"), else the first day the story
        names at all, never one after publication; else publication."""
        days = [
            (start, d)
            for start, d in sorted(self.sentence_dates.items())
            if (not self.published or d <= self.published) and precision(d) in {"day", "week"}
        ]
        about_event = [d for start, d in days if _mentions_violence(self.doc[start].sent)]
        return (about_event or [d for _, d in days] or [self.published])[0]


def _mentions_violence(sent: Span) -> bool:
    return any(
        t.lemma_.lower() in VERB_CATEGORY
        or t.lower_ in ADJ_CATEGORY
        or t.lemma_.lower() in EVENT_NOUNS
        for t in sent
    )
