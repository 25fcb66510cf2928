"""Wire datelines: `KYIV/WASHINGTON (Reuters) -` names where a story was filed and by whom."""

from __future__ import annotations

import re
from dataclasses import dataclass

# PLACE[/PLACE...][, State.][, Mon. DD] [(Agency)] - / — / --
_DATELINE = re.compile(
    r"""^[ \t]*
    (?P<places>[A-Z][A-Z.'’\- ]*[A-Z.](?:\s*/\s*[A-Z][A-Z.'’\- ]*[A-Z.])*)
    (?:,[ \t]*[A-Z][A-Za-z.]*\.?(?:[ \t]+\d{1,2})?)*
    [ \t]*(?:\((?P<source>[^()\n]{2,40})\))?
    [ \t]*(?:-{1,2}|—|–)[ \t]""",
    re.VERBOSE | re.MULTILINE,
)
# Only the first paragraphs can hold a dateline (a headline or a photo caption may come first).
_HEAD_CHARS = 600
# Capitalised lead-ins that look like datelines but name no place.
_KICKERS = frozenset(
    """BREAKING NEWS EXCLUSIVE FILE PHOTO OPINION UPDATE UPDATED WATCH LIVE ANALYSIS EDITORIAL
    COMMENTARY REVIEW VIDEO PHOTOS INTERVIEW EXPLAINER FACTBOX FACT CHECK URGENT ALERT
    CORRECTION UPDATES""".split()
)


@dataclass(frozen=True)
class Dateline:
    places: list[str]  # as written, e.g. ["KYIV", "WASHINGTON"]
    source: str | None
    start: int
    end: int


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of a paragraph near the top of `text`, if there is one."""
    for m in _DATELINE.finditer(text[:_HEAD_CHARS]):
        places = [p.strip() for p in m.group("places").split("/") if p.strip()]
        # A dateline place is written in capitals; "A man was shot -" is not a dateline.
        if not places or not all(sum(c.isupper() for c in p) >= 2 for p in places):
            continue
        if any(len(p.split()) > 4 for p in places):
            continue
        if any(set(p.replace("-", " ").split()) & _KICKERS for p in places):
            continue
        source = m.group("source")
        return Dateline(places, source.strip() if source else None, m.start("places"), m.end())
    return None
