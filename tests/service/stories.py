"""Stories the service tests forward to the bot: the seed Reuters article and a few short
wire-style stories written for these tests."""

from __future__ import annotations

import datetime as dt

from service.ingest import Story
from tests.conftest import seed_text

UTC = dt.UTC

# The Kyiv toll rises the morning after the seed story's attack.
KYIV_FOLLOW_UP = """\
KYIV (AP) - The death toll from Thursday's Russian missile and drone attack on Kyiv rose to 16 \
on Friday, city officials said, as rescue crews pulled more bodies from a collapsed apartment \
block in the Sviatoshynskyi district.
Emergency workers searched through the night with cranes and sniffer dogs. The number of \
injured was unchanged, officials said, and several people remained in hospital in serious \
condition.
"We are still working at the site and cannot rule out that more people are under the rubble," \
said Oleksandr Khorunzhyi, a spokesperson for the emergency service.
"""

# A different incident, in another Ukrainian city on another day.
KHARKIV_STRIKE = """\
KHARKIV, Ukraine (AP) - A Russian drone strike on the northeastern city of Kharkiv killed three \
people and wounded 21 on Saturday 10 May 2025, regional governor Oleh Syniehubov said.
The drones hit a residential street and a supermarket in the Kyivskyi district shortly after \
midnight, starting fires that burned for hours, according to the regional administration.
"The enemy is again attacking civilians while they sleep," Syniehubov wrote on Telegram, adding \
that two children were among the wounded and that rescuers were still clearing debris.
"""

# A later Trump quote, so "the latest quotes" has something newer than the seed.
TRUMP_LATER = """\
WASHINGTON (AP) - President Donald Trump said on Saturday 26 April 2025 that he had held a good \
meeting with Ukrainian President Volodymyr Zelensky at the Vatican before the funeral of Pope \
Francis.
"We had a very good meeting, and we will see what happens over the next couple of weeks," Trump \
told reporters aboard Air Force One on his way back to the United States.
"""

# Markup characters in a quote and (see ODESA_SOURCE) in the source's name.
ODESA_STRIKE = """\
ODESA, Ukraine (Reuters) - A Russian missile hit a port warehouse in Odesa on Monday 12 May \
2025, killing two people and injuring seven, regional governor Oleh Kiper said.
"Odesa & its port will keep working <b>no matter what</b>, whatever Moscow throws at us," Kiper \
said on Telegram, adding that emergency crews had put out the fire by morning.
"""
ODESA_SOURCE = "Black Sea <b>News</b> & Co"

TEASER = "Sirens in Kyiv again tonight. Stay safe, everyone."


def seed() -> Story:
    """The seed story as forwarded from the Reuters channel."""
    return Story(
        text=seed_text(),
        source="Reuters",
        published_at=dt.datetime(2025, 4, 24, 9, 0, tzinfo=UTC),
        origin=(-100777, 5),
    )


def kyiv_follow_up() -> Story:
    return Story(
        text=KYIV_FOLLOW_UP,
        source="Associated Press",
        published_at=dt.datetime(2025, 4, 25, 7, 30, tzinfo=UTC),
        origin=(-100888, 41),
    )


def kharkiv_strike() -> Story:
    return Story(
        text=KHARKIV_STRIKE,
        source="Kyiv Independent",
        published_at=dt.datetime(2025, 5, 10, 11, 0, tzinfo=UTC),
        origin=(-100999, 7),
    )


def trump_later() -> Story:
    return Story(
        text=TRUMP_LATER,
        source="Associated Press",
        published_at=dt.datetime(2025, 4, 26, 18, 0, tzinfo=UTC),
        origin=(-100888, 52),
    )


def odesa_strike() -> Story:
    return Story(
        text=ODESA_STRIKE,
        source=ODESA_SOURCE,
        published_at=dt.datetime(2025, 5, 12, 9, 0, tzinfo=UTC),
    )


# A night of strikes across the country: a national total above its breakdown, and an earlier
# strike cited as background.
ROUND_UP = """\
KYIV (Reuters) - At least 14 people were killed across Ukraine on Tuesday 3 June 2025, \
officials said.
In Kharkiv, a missile killed seven people and wounded 20 on Tuesday, the mayor said.
In Odesa, a drone strike killed five people on Tuesday, the regional governor said.
In the Kharkiv region, two people were killed in the town of Chuhuiv on Tuesday.
The attacks came a week after a missile strike in Sumy on 27 May killed 11 people.
"""


def round_up() -> Story:
    return Story(
        text=ROUND_UP,
        source="Reuters",
        published_at=dt.datetime(2025, 6, 3, 18, tzinfo=UTC),
    )


# A city's toll with a part of it told apart (issue 15): the part is never added to it.
CITY_AND_DISTRICT = """KHARKIV, June 17 (Reuters) - At least 19 people were killed in Kharkiv on \
Tuesday when Russian missiles hit apartment blocks, the mayor said.

Fourteen of them died in the Saltivskyi district, where a missile hit an apartment block \
on Tuesday, the mayor said."""


def city_and_district() -> Story:
    return Story(
        text=CITY_AND_DISTRICT,
        source="Reuters",
        published_at=dt.datetime(2025, 6, 17, 18, tzinfo=UTC),
    )
