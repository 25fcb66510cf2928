"""Short stories written for the /watch tests (the outlets are invented): a strike on a watched
city, one on a town in a watched region, a quote by a watched person, a toll that rises the
next day, and a burst of reports from one city."""

from __future__ import annotations

import datetime as dt

THURSDAY = dt.datetime(2025, 4, 24, 9, 30, tzinfo=dt.UTC)
FRIDAY = THURSDAY + dt.timedelta(days=1)

KHARKIV = (
    "KHARKIV (Slobozhanska Gazette) — A Russian missile struck an apartment block in Kharkiv on "
    "Thursday, killing at least three people and injuring 12, the regional governor said. "
    "Rescuers searched the rubble through the night as neighbours carried water and blankets to "
    "the families who had lost their homes."
)
# Chuhuiv is a town in the Kharkiv region.
CHUHUIV = (
    "CHUHUIV (Donets Valley News) — Two people were killed and five wounded when a drone hit "
    "the covered market in Chuhuiv, a town in the Kharkiv region, on Thursday morning, local "
    "officials said. Traders had just opened their stalls when the drone came down on the roof "
    "of the main hall."
)
LAVROV = (
    "MOSCOW (Volga Wire) — Russia will not accept any ceasefire that leaves its gains in "
    'question, Foreign Minister Sergei Lavrov said on Thursday. "We see no reason to change our '
    'position while the other side keeps arming itself," Lavrov told reporters after talks with '
    "his Turkish counterpart. Diplomats in Ankara described the meeting as cold but businesslike."
)
ODESA = (
    "ODESA (Black Sea Courier) — A Russian drone attack on Odesa killed at least 12 people on "
    "Thursday and damaged the port's grain terminal, the regional administration said. "
    "Firefighters fought blazes at two warehouses until dawn, and the city's mayor declared a "
    "day of mourning."
)
# The next day, from another outlet: the toll of the same attack rose.
ODESA_RISE = (
    "ODESA (Harbour Post) — The death toll from Thursday's Russian drone attack on Odesa rose to "
    "at least 16 on Friday, the regional administration said, as rescuers pulled more bodies "
    "from a collapsed warehouse near the port. Volunteers queued outside hospitals to give blood "
    "for the wounded."
)
LVIV = (
    "LVIV (Carpathian Ledger) — A missile hit a warehouse on the outskirts of Lviv on Thursday, "
    "killing one worker and injuring three, the city's mayor said. Air defence units shot down "
    "most of the other missiles fired at the region overnight, officials added."
)


def zaporizhzhia(n: int) -> str:
    """The n-th of a burst of reports on one city, each a story of its own."""
    return (
        f"ZAPORIZHZHIA (Dnipro Line) — Shelling killed two people and injured {n + 3} in "
        "Zaporizhzhia on Thursday, the regional governor said, in the latest of a series of "
        f"strikes on the city's eastern districts. Update {n}: residents of the damaged street "
        "were moved to a school gym for the night."
    )
