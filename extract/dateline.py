"""Wire datelines: `KYIV/WASHINGTON (Reuters) -` names where a story was filed and by whom."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A place in capitals: a capital, then capitals, dots, apostrophes, hyphens and spaces, ending
# on a capital or a dot. Written as passes of "[ '’-]* then one capital or dot", so that the
# place can only end on one of those and gives them back one by one, the longest place first.
_PLACE = r"[A-Z](?:[ '’\-]*+[A-Z.])+"
# PLACE[/PLACE...][, State.][, Mon. DD] [(Agency)] - / — / --
# Linear (issue 14): every run but the places' is possessive, since what follows each can never
# start with what it repeats; only the end of a place is backtracked over. When no dateline
# follows the places, the second branch steps over them, so that finditer does not read them
# again from each line they run over (no place found there could be followed by one either).
_DATELINE = re.compile(
    rf"""^[ \t]*+
    (?:
      (?P<places>{_PLACE}(?:\s*+/\s*+{_PLACE})*)
      (?:,[ \t]*+[A-Z][A-Za-z.]*+(?:[ \t]++\d{{1,2}}+)?+)*+
      [ \t]*+(?:\((?P<source>[^()\n]{{2,40}}+)\))?+
      [ \t]*+(?:-{{1,2}}+|—|–)[ \t]
    |
      {_PLACE}(?:\s*+/\s*+{_PLACE})*+
    )""",
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
        if m.group("places") is None:
            continue  # places with no dateline after them
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
