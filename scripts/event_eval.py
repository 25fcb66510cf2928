"""Score incidents across articles (issue 17) on ../shared/eval/war/events_dev.jsonl.

Each event's articles are stored in publication order in a fresh store, as a newsroom would
receive them, and the incident is read back through the service the way `/casualties <place>
<period>` reads it: the place as the annotator wrote it, the period from the event's day to the
last report's publication day (so that a report filed on a later day that did not join shows as
a second line). Three figures per set:

- one line: exactly one incident line about the event (its place shares a word with the event's
  `place_words`);
- current toll: that line's killed figure is the `current` report's, and its injured figure too
  where the current report gives one (an earlier report's injured figure may stand when the
  latest gives none);
- difference shown: where `sources_differ`, the line shows the figures moving ("14 → 21") or
  says "sources differ" (and, where the reports agree, it does neither).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from extract.engine import Extractor
from service import casualties
from service.ingest import Ingestor, Story
from service.periods import Period
from storage import migrate
from storage.db import make_engine, reading

_GENERIC = {"district", "province", "region", "city", "village", "town", "the", "of"}


@dataclass
class EventScore:
    event: str
    half: str
    lines: int
    right_toll: bool
    differ_ok: bool
    shown: list[str]


def _words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return {w for w in re.findall(r"[a-z]+", folded) if len(w) > 2 and w not in _GENERIC}


def score_event(extractor: Extractor, event: dict, texts: dict[str, dict], half: str) -> EventScore:
    """Store the event's articles in order in a fresh store; read the incident back."""
    work = Path(tempfile.mkdtemp(prefix="newsroom-event-"))
    engine = make_engine(f"sqlite:///{work / 'store.db'}")
    migrate.upgrade(engine)
    ingestor = Ingestor(engine, extractor, ZoneInfo("UTC"))
    for article_id in event["articles"]:
        rec = texts[article_id]
        ingestor.ingest(
            Story(
                text=rec["text"],
                title=rec.get("title"),
                source=rec.get("outlet"),
                published_day=dt.date.fromisoformat(rec["published"]),
            )
        )
    current = event["current"]
    day = min(dt.date.fromisoformat(r["date"] or r["published"]) for r in event["reports"])
    last = max(dt.date.fromisoformat(r["published"]) for r in event["reports"])
    period = Period(day, max(day, last), "eval")
    want = set(event["place_words"]) - _GENERIC
    with reading(engine) as session:
        _place, found, _start = casualties.incidents_at(
            session, extractor.gazetteer, current["location"], period
        )
        mine = [i for i in found if _words(i.place) & want and not i.background]
        shown = [casualties.incident_line(i) for i in mine]
    engine.dispose()
    right = False
    differ_ok = False
    if len(mine) == 1:
        inc = mine[0]
        right = inc.killed == current["killed"] and (
            current["injured"] is None or inc.injured == current["injured"]
        )
        # A rise ("14 → 21") or a disagreement ("sources differ: ...") both show it.
        moved = "→" in shown[0] or "sources differ" in shown[0]
        differ_ok = moved == bool(event["sources_differ"])
    return EventScore(event["event"], half, len(mine), right, differ_ok, shown)


def event_rows(
    extractor: Extractor, events_path: Path, texts: dict[str, dict], halves: dict[str, str]
) -> tuple[list[tuple[str, str, str]], list[EventScore]]:
    """The three figures for the events, whole and by half of the war set's split."""
    events = [json.loads(line) for line in events_path.open(encoding="utf-8")]
    scores = [score_event(extractor, e, texts, halves.get(e["articles"][0], "?")) for e in events]
    rows: list[tuple[str, str, str]] = []
    for suffix, part in (
        ("", scores),
        (" half A", [s for s in scores if s.half == "A"]),
        (" half B", [s for s in scores if s.half == "B"]),
    ):
        if not part:
            continue
        n = len(part)
        label = f"war {events_path.stem}{suffix}"
        one = sum(s.lines == 1 for s in part)
        right = sum(s.right_toll for s in part)
        differ = sum(s.differ_ok for s in part)
        rows += [
            (label, "events as one incident line", f"{one / n:.2f} ({one}/{n})"),
            (label, "current toll right", f"{right / n:.2f} ({right}/{n})"),
            (label, "sources differ shown right", f"{differ / n:.2f} ({differ}/{n})"),
        ]
    return rows, scores
