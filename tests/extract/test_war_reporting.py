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


# The round-up of issue 15: five places, a national total above them, a region beside its
# city, a body, injuries, an explicit zero and an earlier strike cited by its distance.
OVERNIGHT = (
    "At least ten people were killed and more than 40 wounded across Ukraine overnight, "
    "regional officials said. Five died in the Odesa region and four in the city of "
    "Zaporizhzhia. In Kharkiv, officials reported 12 injuries. The body of a woman was pulled "
    "from the rubble in Sumy, and another three people were hurt there. There were no "
    "casualties in the Kyiv region. The attack came two days after a strike on a bus station "
    "in Pokrovsk killed 7."
)


def test_a_round_up_gives_each_place_its_own_toll_and_the_total_counts_each_once(
    facts_of,
) -> None:
    facts = facts_of(OVERNIGHT, published="2025-06-03")
    records = {c.location: c for c in facts.casualties}
    assert {k: (c.killed, c.injured, c.scope, c.background) for k, c in records.items()} == {
        "Ukraine": (10, 40, "aggregate", False),
        "Odesa region": (5, None, "incident", False),
        "Zaporizhzhya": (4, None, "incident", False),
        "Kharkiv": (None, 12, "incident", False),
        "Sumy": (1, 3, "incident", False),
        "Kyiv region": (0, 0, "incident", False),  # a region, never the city of Kyiv
        "Pokrovsk": (7, None, "incident", True),
    }
    assert records["Pokrovsk"].date == "2025-06-01"  # two days before, not the story's day
    assert records["Kyiv region"].kind == "region"
    assert set(records["Ukraine"].covers) >= {"Odesa region", "Zaporizhzhya", "Sumy"}
    incidents = [c for c in facts.casualties if c.scope == "incident"]
    assert sum(c.killed or 0 for c in incidents) == 17  # 5 + 4 + 1 + 7, the total never added


def test_villages_an_attack_hit_are_places_of_the_story_s_country(facts_of) -> None:
    # The model tags such names as organisations or people; no table lists them.
    text = (
        "Air strikes on two villages killed at least 12 people in Lebanon on Saturday, the "
        "health ministry said.\n\n"
        'The ministry reported three dead, five wounded and "remains" in a strike on Kfar Tala '
        "on Saturday.\n\n"
        "Another strike on Ain Qasra killed nine people on Saturday, it said."
    )
    records = {c.location: c for c in facts_of(text, published="2025-06-03").casualties}
    assert {k: (c.killed, c.injured, c.country) for k, c in records.items()} == {
        "Lebanon": (12, None, "Lebanon"),
        "Kfar Tala": (3, 5, "Lebanon"),
        "Ain Qasra": (9, None, "Lebanon"),
    }
    assert (records["Lebanon"].scope, records["Lebanon"].covers) == (
        "aggregate",
        ["Kfar Tala", "Ain Qasra"],
    )


def test_a_separate_attack_is_no_part_of_the_lead_s_toll(facts_of) -> None:
    text = (
        "Suspected jihadists killed at least 30 soldiers in an attack on an army post in "
        'northern Burkina Faso, security sources said on Friday. "We lost 30 men and around 20 '
        'were wounded," one source said of the assault on the post at Djibo.\n\n'
        "In a separate attack the same day, 12 civilians were killed near Dori, residents said."
    )
    records = {c.location: c for c in facts_of(text, published="2025-06-06").casualties}
    # The post's toll is the soldiers' (the 20 wounded are not added to the 30 dead), at the
    # place the account names; the separate attack is an incident of its own, which no total
    # above counts.
    assert {k: (c.killed, c.injured, c.scope) for k, c in records.items()} == {
        "Djibo": (30, 20, "incident"),
        "Dori": (12, None, "incident"),
    }


def test_a_lead_the_parse_misreads_and_an_attack_last_month(facts_of) -> None:
    text = (
        "The military carried out airstrikes on a village in the Magway region, killing at "
        "least 21 people including children, a resistance group and local media said "
        "Wednesday.\n\n"
        "Last month, an air attack on a school in the same region killed 11 children."
    )
    records = facts_of(text, published="2025-06-04").casualties
    assert [(c.location, c.killed, c.background) for c in records] == [
        ("Magway region", 21, False),
        ("Magway region", 11, True),
    ]
    assert records[1].date == "2025-05"


def test_a_toll_of_a_year_before_is_background_and_never_the_story_s(facts_of) -> None:
    text = (
        "Explosions at a memorial ceremony killed at least 33 people and wounded 20 others, "
        "state media in Iran reported on Wednesday. At the general's funeral in 2019, a "
        "stampede broke out and at least 41 people were killed and more than 100 injured."
    )
    records = facts_of(text, published="2023-01-04").casualties
    assert [(c.location, c.killed, c.injured, c.date, c.background) for c in records] == [
        ("Iran", 33, 20, "2023-01-04", False),
        ("Iran", 41, 100, "2019", True),
    ]
    # The story's own year dates no earlier incident.
    text = "Floods killed 14 people in Chad on Monday, the deadliest disaster of 2023 so far."
    [record] = facts_of(text, published="2023-01-04").casualties
    assert (record.killed, record.date, record.background) == (14, "2023-01-02", False)


def test_a_territory_s_total_covers_its_towns_and_another_strike_is_its_own(facts_of) -> None:
    text = (
        "GAZA CITY (Reuters) - Israeli strikes killed at least 30 Palestinians across the Gaza "
        "Strip on Sunday, health officials said.\n\n"
        "In Gaza City, an airstrike on a school sheltering displaced families killed 12 people. "
        "Medics said another strike on a house in Beit Hanoun killed seven.\n\n"
        "In the south, 11 people were killed in Rafah.\n\n"
        "Gaza's health ministry says more than 50,000 Palestinians have been killed since "
        "October 2023."
    )
    records = facts_of(text, published="2025-06-02").casualties
    # The Gaza Strip is a region of its own, not the dateline's city; its total covers the
    # towns' incidents; "another strike" is no part of Gaza City's.
    assert {(c.location, c.killed, c.scope) for c in records} == {
        ("Gaza Strip", 30, "aggregate"),
        ("Gaza", 12, "incident"),
        ("Bayt Hanun, Gaza", 7, "incident"),
        ("Rafah", 11, "incident"),
    }
    total = next(c for c in records if c.scope == "aggregate")
    assert set(total.covers) == {"Gaza", "Bayt Hanun, Gaza", "Rafah"}
