"""Constructions of real war reporting, on short fixtures written for the purpose."""

from __future__ import annotations

WIRE = """KYIV, March 3 (Reuters) - A Russian missile strike on the southern Ukrainian city of \
Odesa killed at least 14 people and wounded 46 on Monday, regional governor Oleh Kiper said.

"The enemy struck a residential area in the middle of the day," Kiper wrote on Telegram. \
"Rescuers are still working at the site."

Ukraine's air force said Russia launched 120 drones and four missiles overnight. In the \
Kharkiv region, two civilians were killed and five injured, Governor Oleh Syniehubov said.

Separately, the death toll from last week's attack on Sumy rose to 35, officials said. More \
than 12,000 civilians have been killed since February 2022, according to the United Nations."""


def test_each_event_has_its_place_toll_and_date(facts_of) -> None:
    f = facts_of(WIRE, published="2025-03-03")
    records = {c.location: (c.killed, c.injured, c.qualifier, c.date) for c in f.casualties}
    assert records == {
        "Odesa": (14, 46, "at least", "2025-03-03"),
        "Kharkiv region": (2, 5, None, "2025-03-03"),  # the region, not the city
        "Sumy": (35, None, None, "2025-W09"),  # last week's attack, not today's
    }


def test_a_quote_ending_its_paragraph_keeps_its_speaker(facts_of) -> None:
    f = facts_of(WIRE, published="2025-03-03")
    assert [q.speaker for q in f.quotes] == ["Oleh Kiper", "Oleh Kiper"]
    assert f.quotes[0].cue == "write"


def test_regional_governors_keep_their_titles(facts_of) -> None:
    f = facts_of(WIRE, published="2025-03-03")
    titles = {p.name: p.title for p in f.people}
    assert titles == {"Oleh Kiper": "regional governor", "Oleh Syniehubov": "Governor"}


GAZA = """GAZA, Aug 13 (AP) - Israeli strikes killed 25 Palestinians across the Gaza Strip on \
Tuesday, including 10 children, the territory's health ministry said.

"We pulled six bodies from the rubble of one house," said Mahmoud Basal, a civil defence \
spokesman. He said many people were still missing.

Israel's military said it struck Hamas militants in Khan Younis."""


def test_a_nationality_counts_as_people(facts_of) -> None:
    f = facts_of(GAZA, published="2024-08-13")
    assert [(c.location, c.killed, c.missing) for c in f.casualties] == [("Gaza Strip", 25, None)]


def test_places_the_model_takes_for_people_or_groups(facts_of) -> None:
    f = facts_of(GAZA, published="2024-08-13")
    places = {p.name for p in f.places}
    assert "Khan Yunis" in places  # tagged PERSON by the model; GeoNames' "Khān Yūnis"
    assert "Hamm" not in places  # GeoNames lists "Hamas" among the names of Hamm, Germany
    assert "Khan Younis" not in {p.name for p in f.people}
