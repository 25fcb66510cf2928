"""How the records of one story relate: aggregates over the incidents they sum, one incident
told at two levels, earlier incidents cited as background, attackers kept out of tolls. Short
fixtures written for the purpose."""

from __future__ import annotations

from extract.dates import before, days_of
from extract.facts import Casualty, Facts
from extract.gazetteer import default_gazetteer
from extract.incidents import related_records


def by_place(facts: Facts) -> dict[str | None, Casualty]:
    records = {c.location: c for c in facts.casualties}
    assert len(records) == len(facts.casualties), facts.casualties
    return records


ROUND_UP = """At least 12 people were killed across Ukraine on Tuesday, officials said.

In Kharkiv, a missile killed seven people and wounded 20 on Tuesday, the mayor said.

In Odesa, a drone strike killed five people on Tuesday, the regional governor said."""


def test_a_national_total_above_its_breakdown_is_an_aggregate(facts_of) -> None:
    records = by_place(facts_of(ROUND_UP, published="2025-06-03"))
    assert set(records) == {"Ukraine", "Kharkiv", "Odesa"}
    ukraine = records["Ukraine"]
    assert (ukraine.killed, ukraine.scope, ukraine.covers) == (
        12,
        "aggregate",
        ["Kharkiv", "Odesa"],
    )
    assert ukraine.kind == "country"
    for town in ("Kharkiv", "Odesa"):
        assert (records[town].scope, records[town].covers) == ("incident", [])
    incidents = [c for c in records.values() if c.scope == "incident"]
    assert sum(c.killed or 0 for c in incidents) == 12  # the total counts each death once


def test_a_national_total_with_no_breakdown_is_the_incident(facts_of) -> None:
    text = "At least 40 people were killed in floods across Sudan on Tuesday, officials said."
    (record,) = facts_of(text, published="2025-06-03").casualties
    assert (record.location, record.killed, record.scope) == ("Sudan", 40, "incident")


def test_a_headline_naming_the_country_is_the_body_incident_told_again(facts_of) -> None:
    facts = facts_of(
        "A missile strike killed nine people in Dnipro on Monday, the governor said.",
        published="2025-06-03",
        title="Missile strike kills 9 in Ukraine",
    )
    records = by_place(facts)
    assert set(records) == {"Dnipro"}
    assert (records["Dnipro"].killed, records["Dnipro"].scope) == (9, "incident")


def test_an_incident_dated_before_the_story_s_own_is_background(facts_of) -> None:
    text = (
        "A drone killed three people in Sumy on Wednesday, the governor said.\n\n"
        "The attack came a week after a missile strike in Kharkiv on March 3 killed 11 people."
    )
    records = by_place(facts_of(text, published="2025-03-13"))
    assert (records["Sumy"].killed, records["Sumy"].background) == (3, False)
    assert records["Sumy"].date == "2025-03-12"
    kharkiv = records["Kharkiv"]
    assert (kharkiv.killed, kharkiv.date, kharkiv.background) == (11, "2025-03-03", True)


def test_last_week_s_attack_is_background_to_today_s(facts_of) -> None:
    text = (
        "Shelling killed two people in Kherson on Monday, officials said.\n\n"
        "Separately, the death toll from last week's attack on Sumy rose to 35."
    )
    records = by_place(facts_of(text, published="2025-03-03"))
    assert records["Kherson"].background is False
    assert (records["Sumy"].date, records["Sumy"].background) == ("2025-W09", True)


def test_attackers_killed_are_not_the_victims(facts_of) -> None:
    text = (
        "Gunmen attacked a market in Mopti on Sunday, killing nine villagers, the mayor said. "
        "Soldiers later killed four of the gunmen, the army said."
    )
    records = by_place(facts_of(text, published="2025-06-03"))
    assert records["Mopti"].killed == 9
    text = "Troops killed 15 militants in a raid near Mopti on Sunday, the army said."
    assert facts_of(text, published="2025-06-03").casualties == []


def test_iso_days_at_every_precision() -> None:
    assert days_of("2025-W09") == (days_of("2025-02-24")[0], days_of("2025-03-02")[0])  # type: ignore[index]
    assert days_of("2024-02") is not None and days_of("2024-02")[1].day == 29  # type: ignore[index]
    assert days_of("2025") is not None and days_of("nonsense") is None
    assert before("2025-W09", "2025-03-03") and not before("2025-03-03", "2025-W10")
    assert before("2024", "2025-01-01") and not before("2025-03", "2025-03-31")


def test_villages_no_table_lists_are_the_places_of_their_tolls(facts_of) -> None:
    cases = {
        "Gunmen killed five people in Umuahia Nta village on Tuesday, the police said.": (
            "Umuahia Nta"
        ),
        "Soldiers shot dead nine people in the village of Kolobane on Tuesday.": "Kolobane",
        # A village near a city is not in it: not "Sarvaya, Lviv".
        "A drone hit Sarvaya, a farming village north of Lviv, killing two people on Tuesday.": (
            "Sarvaya"
        ),
        # A district is named with its city.
        "An airstrike on the Qadimah district of Mosul killed 12 people on Tuesday.": (
            "Qadimah district, Mosul"
        ),
    }
    for text, place in cases.items():
        records = facts_of(text, published="2025-06-04").casualties
        assert [c.location for c in records] == [place], text
        assert records[0].kind == "place"


def test_a_village_the_story_puts_in_a_district_is_covered_by_the_district_s_total(
    facts_of,
) -> None:
    text = (
        "At least 14 civilians were killed on Tuesday in airstrikes on Kawlin Township, "
        "officials said.\n\n"
        "A jet bombed houses in Thit Seint village in Kawlin Township, killing 11 villagers "
        "on Tuesday.\n\n"
        "Three people died in Nwe Khwe village in Kawlin Township on Tuesday."
    )
    records = by_place(facts_of(text, published="2025-06-04"))
    assert records["Thit Seint"].region == "Kawlin Township"
    township = records["Kawlin Township"]
    assert (township.killed, township.scope) == (14, "aggregate")
    assert township.covers == ["Thit Seint", "Nwe Khwe"]
    assert [(c.location, c.killed) for c in records.values() if c.scope == "incident"] == [
        ("Thit Seint", 11),
        ("Nwe Khwe", 3),
    ]


def test_a_paragraph_goes_on_about_the_place_it_named(facts_of) -> None:
    text = (
        "Russia launched 90 drones at Ukraine overnight, the air force said.\n\n"
        "In Poltava, a drone hit a school on Tuesday. Another five people were injured there, "
        "the mayor said.\n\n"
        "In Mykolaiv, a drone struck the port on Tuesday. Two workers were killed.\n\n"
        "Russia is killing our children, the governor said. Three people died in Mykolaiv."
    )
    records = by_place(facts_of(text, published="2025-06-04"))
    assert (records["Poltava"].killed, records["Poltava"].injured) == (None, 5)
    # The subject of a sentence is no place its paragraph goes on about.
    # (The model takes the fronted "In Mykolaiv," for a person: nobody is "in" a person.)
    assert set(records) == {"Poltava", "Mykolayiv"}
    assert records["Mykolayiv"].killed == 3  # the latest figure the story gives there


def test_a_count_since_a_time_long_past_is_no_incident(facts_of) -> None:
    text = (
        "A rocket killed four people in Sderot on Tuesday, police said.\n\n"
        "A rights group counts 900 dead in the region since March 2023, it said.\n\n"
        "Police have logged 20,000 killings, most blamed on gangs, since the start of the "
        "gang war."
    )
    records = facts_of(text, published="2025-06-04").casualties
    assert [c.killed for c in records] == [4]


def test_counts_since_an_event_or_a_recent_day_are_its_toll(facts_of) -> None:
    for text in (
        "Floods have killed 14 people in Porto Alegre since Friday, officials said.",
        "It was the deadliest attack since 2022: the strike killed 14 people in Porto Alegre.",
        "A day since the blast, officials said 14 people had died in Porto Alegre.",
    ):
        records = facts_of(text, published="2025-06-04").casualties
        assert [(c.location, c.killed) for c in records] == [("Porto Alegre", 14)], text


def test_a_headline_s_homes_are_not_victims_and_its_country_is_the_body_s_town(facts_of) -> None:
    facts = facts_of(
        "Raiders killed eight people and wounded one in Abeche on Monday, residents said.",
        published="2025-06-04",
        title="Raiders Kill 8 In Chad, Torch 300 Homes",
    )
    assert [(c.location, c.killed, c.injured) for c in facts.casualties] == [("Abeche", 8, 1)]


def test_a_town_the_model_takes_for_an_organisation_is_where_strikes_hit(facts_of) -> None:
    for text in (
        "Drone strikes on Hama killed six people on Tuesday, the monitor said.",
        "Six people were killed in Hama on Tuesday, a London-based monitor said.",
    ):
        records = facts_of(text, published="2025-06-04").casualties
        assert [(c.location, c.killed) for c in records] == [("Hamah", 6)], text


def test_figures_each_followed_by_their_toll_word(facts_of) -> None:
    for text, toll in {
        "A drone hit Sumy on Monday. Officials know of three dead and 12 wounded so far.": (3, 12),
        "After the blasts in Sumy on Monday, 40 people were reported dead and 75 injured.": (
            40,
            75,
        ),
    }.items():
        (record,) = facts_of(text, published="2025-06-03").casualties
        assert (record.location, record.killed, record.injured) == ("Sumy", *toll), text


def test_a_text_opening_with_its_headline_line_reads_it_as_the_headline(facts_of) -> None:
    # A forwarded post often starts with its headline, with no stop; its toll restates the
    # lead's ("in Mali" is the village of the body) and makes no record of its own.
    text = (
        "Gunmen kill 20 in Chad, burn 30 homes\n"
        "Gunmen killed 20 people in the village of Kolobane on Monday, the mayor said."
    )
    records = facts_of(text, published="2025-06-03").casualties
    assert [(c.location, c.killed) for c in records] == [("Kolobane", 20)]


def test_a_line_break_ends_a_sentence_unless_the_line_broke_mid_sentence(extractor) -> None:
    doc = extractor.nlp(
        "Missile strike on Odesa port\n\n"
        "At least six people were killed on Monday, the governor said in a statement as\n\n"
        "Rescuers searched the rubble, he said:\n"
        "More bodies are expected."
    )
    assert [s.text.strip() for s in doc.sents] == [
        "Missile strike on Odesa port",
        "At least six people were killed on Monday, the governor said in a statement as\n\n"
        "Rescuers searched the rubble, he said:\nMore bodies are expected.",
    ]


def test_a_dateline_with_its_state_is_a_us_town(facts_of) -> None:
    # GeoNames' Paris is in France; "PARIS, Texas" is in Texas.
    text = "PARIS, Texas - A shooting in Texas killed a 12-year-old boy on Wednesday."
    records = facts_of(text, published="2025-06-05").casualties
    assert [(c.location, c.country, c.killed) for c in records] == [("Paris", "United States", 1)]


def test_a_part_of_a_city_s_toll_is_a_subset_never_added(facts_of) -> None:
    text = (
        "At least 19 people were killed in Kharkiv on Tuesday, the mayor said.\n\n"
        "Fourteen of them died in the Saltivskyi district, where a missile hit an "
        "apartment block on Tuesday."
    )
    records = by_place(facts_of(text, published="2025-06-18"))
    part = records["Saltivskyi district, Kharkiv"]
    assert (part.killed, part.scope, part.part_of) == (14, "subset", "Kharkiv")
    assert (records["Kharkiv"].killed, records["Kharkiv"].scope) == (19, "incident")
    incidents = [c for c in records.values() if c.scope == "incident"]
    assert sum(c.killed or 0 for c in incidents) == 19
    # The same told in one sentence: the part's place is not the whole's.
    text = (
        "A missile attack on Kharkiv killed 19 people on Tuesday, 14 of them in one building in "
        "the Saltivskyi district, the mayor said."
    )
    records = by_place(facts_of(text, published="2025-06-18"))
    assert {k: (c.killed, c.scope, c.part_of) for k, c in records.items()} == {
        "Kharkiv": (19, "incident", None),
        "Saltivskyi district, Kharkiv": (14, "subset", "Kharkiv"),
    }


def test_an_earlier_strike_cited_by_its_distance_is_background_at_its_own_day(facts_of) -> None:
    text = (
        "A drone killed three people in Sumy on Wednesday, the governor said.\n\n"
        "It came a week after 11 people were killed in a missile strike on Kharkiv."
    )
    records = by_place(facts_of(text, published="2025-03-13"))
    kharkiv = records["Kharkiv"]
    assert (kharkiv.killed, kharkiv.date, kharkiv.background) == (11, "2025-03-05", True)


def test_a_place_named_with_its_region_is_inside_it() -> None:
    def record(location: str, kind: str, killed: int) -> Casualty:
        return Casualty(location, "Ukraine", killed=killed, date="2025-06-04", kind=kind)

    # "X, Y region": the story's words put the district in the region, whatever the tables
    # know; the region's equal toll is the district's told again, a larger one their total.
    district = record("Pivnichnyi district, Donetsk region", "place", 16)
    kept = related_records([record("Donetsk region", "region", 16), district], default_gazetteer())
    assert [(c.location, c.scope) for c in kept] == [(district.location, "incident")]
    kept = related_records([record("Donetsk region", "region", 20), district], default_gazetteer())
    assert [(c.location, c.scope, c.covers) for c in kept] == [
        ("Donetsk region", "aggregate", [district.location]),
        (district.location, "incident", []),
    ]


def test_the_one_region_a_story_names_holds_its_villages(facts_of) -> None:
    text = (
        "Gunmen killed at least 25 people in attacks on two villages in Kebbi State on "
        "Wednesday, residents said.\n\n"
        "The attackers opened fire on farmers in Dandume village, killing nine.\n\n"
        "They then moved to Tsaskiya village and shot dead 16 people there."
    )
    records = by_place(facts_of(text, published="2025-03-06"))
    state = records["Kebbi State"]
    assert (state.killed, state.scope, state.covers) == (25, "aggregate", ["Dandume", "Tsaskiya"])
    assert [(c.location, c.killed) for c in records.values() if c.scope == "incident"] == [
        ("Dandume", 9),
        ("Tsaskiya", 16),
    ]
