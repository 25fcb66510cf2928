"""The one mapping from an article's extracted facts to the rows that keep them: each fact with
its sentence and offsets, names under their lookup keys (`storage.models.name_key`), and a
toll at the day of its event (`event_day`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from sqlmodel import SQLModel

from extract import facts as fx
from storage.models import (
    CasualtyRow,
    DateMentionRow,
    OrganizationRow,
    PersonRow,
    PlaceRow,
    QuoteRow,
    name_key,
)


def event_day(
    casualty: fx.Casualty, published: dt.date | None, today: dt.date | None = None
) -> tuple[dt.date | None, bool]:
    """(day, dated): the event's own day when the article names it, else its publication day
    (an undated report is matched to an incident of the day before when there is one). A day
    after tomorrow has not happened yet, wherever the newsroom is: a typo or a number read as a
    date ("on 9999-12-31"), not the event's."""
    iso = casualty.date
    if casualty.dated and iso and re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        try:
            day = dt.date.fromisoformat(iso)
        except ValueError:
            return published, False
        if day <= (today or dt.date.today()) + dt.timedelta(days=1):
            return day, True
    return published, False


def _evidence(fact: object) -> dict[str, object]:
    ev: fx.Evidence | None = getattr(fact, "evidence", None)
    if ev is None:
        return {"sentence": ""}
    return {"sentence": ev.sentence, "start": ev.start, "end": ev.end}


def fact_rows(facts: fx.Facts, published: dt.date | None) -> Iterable[SQLModel]:
    """The rows that keep one article's facts, each with its sentence and offsets."""
    for p in facts.people:
        yield PersonRow(
            name=p.name,
            name_key=name_key(p.name),
            title=p.title,
            aliases=list(p.aliases),
            mentions=p.mentions,
            **_evidence(p),
        )
    for pl in facts.places:
        yield PlaceRow(
            name=pl.name,
            name_key=name_key(pl.name),
            kind=pl.kind,
            country=pl.country,
            mentions=pl.mentions,
            **_evidence(pl),
        )
    for o in facts.organizations:
        yield OrganizationRow(name=o.name, mentions=o.mentions, **_evidence(o))
    for d in facts.dates:
        yield DateMentionRow(text=d.text, date=d.date, **_evidence(d))
    for q in facts.quotes:
        yield QuoteRow(
            speaker=q.speaker,
            speaker_key=name_key(q.speaker) if q.speaker else None,
            speaker_as_written=q.speaker_as_written,
            text=q.text,
            kind=q.kind,
            cue=q.cue,
            **_evidence(q),
        )
    for c in facts.casualties:
        day, dated = event_day(c, published)
        yield CasualtyRow(
            location=c.location,
            location_key=name_key(c.location) if c.location else None,
            country=c.country,
            killed=c.killed,
            injured=c.injured,
            missing=c.missing,
            qualifier=c.qualifier,
            date=c.date,
            day=day,
            dated=dated,
            kind=c.kind,
            scope=c.scope,
            covers=c.covers or None,
            part_of=c.part_of,
            region=c.region,
            background=c.background,
            revised=c.revised,
            **_evidence(c),
        )
