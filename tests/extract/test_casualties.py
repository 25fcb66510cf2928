"""Casualty phrasings, each tied to a place and a date, on short fixtures."""

from __future__ import annotations

import pytest

from extract.facts import Casualty, Facts


def only(facts: Facts) -> Casualty:
    assert len(facts.casualties) == 1, facts.casualties
    return facts.casualties[0]


@pytest.mark.parametrize(
    ("text", "killed", "injured", "qualifier"),
    [
        ("A missile hit Odesa on Monday, killing three people.", 3, None, None),
        # Each conjoined verb keeps its own object; "eight overnight" is a count, not a time.
        ("A drone hit Izmail on Monday, killing two people and wounding nine.", 2, 9, None),
        ("The raid on Sumy on Monday killed three people and wounded eight overnight.", 3, 8, None),
        ("At least twelve people were killed in Kharkiv on Monday.", 12, None, "at least"),
        ("The strike on Odesa left two dead and 11 wounded on Monday.", 2, 11, None),
        ("More than 1,200 people were injured in Dnipro on Monday.", None, 1200, "more than"),
        ("Dozens of people were wounded in Sumy on Monday.", None, 12, None),
        ("Hundreds were injured in Lviv on Monday.", None, 100, None),
        ("A dozen people died in Mykolaiv on Monday.", 12, None, None),
        ("Up to 40 people were hurt in Poltava on Monday.", None, 40, "up to"),
        ("About 30 people died when a dam broke near Kherson on Monday.", 30, None, "about"),
        ("Two men and a woman were killed in Zaporizhzhia on Monday.", 3, None, None),
        ("The fatal shooting of a teenager in Tacoma happened on Monday.", 1, None, None),
        ("The shooting of a man in Tacoma happened on Monday.", None, 1, None),
        ("Four people were taken to hospital after the blast in Lviv on Monday.", None, 4, None),
        ("A man who accidentally shot himself in Warren on Monday survived.", None, 1, None),
        ("A gunman killed two people in Toledo on Monday.", 2, None, None),
        ("Three people are missing after the blast in Odesa on Monday.", None, None, None),
    ],
)
def test_toll_phrasings(facts_of, text: str, killed, injured, qualifier) -> None:
    record = only(facts_of(text, published="2025-06-03"))
    assert (record.killed, record.injured, record.qualifier) == (killed, injured, qualifier)
    assert record.date == "2025-06-02"  # "on Monday" before a Tuesday story


def test_the_day_of_an_arrest_is_not_the_day_of_the_killings(facts_of) -> None:
    record = only(
        facts_of("A suspect in five killings in Wichita was arrested on Monday.", "2025-06-03")
    )
    assert (record.killed, record.location) == (5, "Wichita")
    assert record.date != "2025-06-02"


def test_missing_count(facts_of) -> None:
    record = only(facts_of("Three people are missing after the blast in Odesa.", "2025-06-03"))
    assert record.missing == 3 and record.location == "Odesa"


def test_the_latest_toll_in_the_article_wins(facts_of) -> None:
    f = facts_of(
        "A drone strike on Kharkiv killed nine people on Monday, officials said.\n\n"
        "By evening the death toll rose to 15.",
        published="2025-06-03",
    )
    record = only(f)
    assert record.killed == 15 and record.location == "Kharkiv"
    assert "rose to 15" in record.sentence


def test_toll_goes_to_the_place_in_the_sentence_not_the_attacker(facts_of) -> None:
    record = only(facts_of("Russia struck Odesa overnight, killing four civilians."))
    assert (record.location, record.country, record.killed) == ("Odesa", "Ukraine", 4)


def test_toll_without_a_place_takes_the_dateline_place(facts_of) -> None:
    f = facts_of("KHARKIV (Reuters) - Two people were killed in a strike on a market, police said.")
    assert only(f).location == "Kharkiv"
    assert f.source == "Reuters"


def test_rates_and_running_totals_are_not_event_tolls(facts_of) -> None:
    f = facts_of(
        "About 5000 soldiers a week are dying, the president said. More than 10,000 "
        "civilians have been killed since 2022, the United Nations says."
    )
    assert f.casualties == []


def test_weapons_and_ages_are_not_victims(facts_of) -> None:
    f = facts_of(
        "Russia launched 40 drones and 12 missiles at Kyiv overnight. A 22-year-old man "
        "was wounded."
    )
    record = only(f)
    assert (record.killed, record.injured) == (None, 1)


def test_subgroups_do_not_replace_the_toll(facts_of) -> None:
    record = only(
        facts_of("The attack on Sumy killed 14 people, including three children, on Monday.")
    )
    assert record.killed == 14


def test_no_casualties_is_a_zero(facts_of) -> None:
    record = only(facts_of("No casualties were reported in the Kyiv region after the attack."))
    assert (record.killed, record.injured) == (0, 0)


def test_two_places_two_records(facts_of) -> None:
    f = facts_of(
        "Two people were killed in Kharkiv on Monday. In Odesa, five people were injured "
        "on Monday.",
        published="2025-06-03",
    )
    by_place = {c.location: (c.killed, c.injured) for c in f.casualties}
    assert by_place == {"Kharkiv": (2, None), "Odesa": (None, 5)}


def test_shot_victims_include_the_dead(facts_of) -> None:
    record = only(facts_of("Five men were shot in Camden on Saturday, and two of them have died."))
    assert (record.killed, record.injured) == (2, 3)


def test_victims_taken_to_hospital_include_those_who_died(facts_of) -> None:
    record = only(
        facts_of(
            "Four people were taken to hospital after the blast in Lviv on Monday. One of "
            "them died on Monday.",
            published="2025-06-03",
        )
    )
    assert (record.killed, record.injured) == (1, 3)


def test_headline_toll_counts(facts_of) -> None:
    f = facts_of(
        "Police were called to a house on Main Street late on Friday.",
        published="2016-07-09",
        title="3 adults, 1 child killed in Akron shooting",
    )
    record = only(f)
    assert record.killed == 4 and record.location == "Akron"
    assert record.evidence is not None and record.evidence.part == "title"


def test_absurd_numbers_are_not_tolls(facts_of) -> None:
    f = facts_of("Officials said 999999999999999999999 people were killed in Kyiv.")
    assert f.casualties == []


@pytest.mark.parametrize(
    "text",
    [
        # An operand of a power is not a count: neither 10 nor 100.
        "Officials said 10^100 were killed in Kyiv on Monday.",
        "The blast in Kyiv on Monday killed 10^6 people, officials said.",
        # Each figure is under the bound, but the people listed together are not.
        "The strike on Kyiv on Monday killed 10,000,000 men and a woman.",
    ],
)
def test_implausible_tolls_are_not_tolls(facts_of, text: str) -> None:
    assert facts_of(text).casualties == []


def test_a_list_item_bullet_is_not_an_operator(facts_of) -> None:
    record = only(facts_of("* 12 people were killed in Kyiv on Monday."))
    assert (record.location, record.killed) == ("Kyiv", 12)


def test_page_stamps_do_not_date_the_event(facts_of) -> None:
    f = facts_of(
        "Posted: Tuesday, 3/10/2020 - Updated: 2 weeks ago\n\nA boy was shot in Findlay "
        "on Sunday, police said.",
        published="2020-03-10",
    )
    assert only(f).date == "2020-03-08"


def test_a_later_sentence_without_place_or_day_joins_the_main_event(facts_of) -> None:
    f = facts_of(
        "BOISE, Idaho - A man charged in the deadly shooting of a child in Meridian "
        "pleaded not guilty on Wednesday.\n\nThe boy was shot by a cousin during a visit.",
        published="2021-09-16",
    )
    assert [(c.location, c.killed) for c in f.casualties] == [("Meridian", 1)]


def test_a_district_dateline_is_named_with_the_city(facts_of) -> None:
    f = facts_of(
        "DURHAM-HEIGHTS — Six people were hurt at a concert on Monday night, police "
        "said.\n\nIt was the worst night in Buffalo this summer, Buffalo officials said.",
        published="2019-07-09",
    )
    record = only(f)
    assert (record.location, record.injured) == ("Durham-Heights, Buffalo", 6)
    assert "Durham" not in {p.name for p in f.places}  # half a hyphenated name


def test_a_reflexive_victim_and_an_agency_named_for_its_town(facts_of) -> None:
    f = facts_of(
        "A man was arrested on Monday after a boy accidentally shot himself in the foot, "
        "according to Kissimmee Police.",
        published="2022-01-11",
    )
    record = only(f)
    assert (record.location, record.killed, record.injured) == ("Kissimmee", None, 1)
    assert "Kissimmee Police" not in {p.name for p in f.people}


def test_the_headline_place_when_the_body_names_none(facts_of) -> None:
    f = facts_of(
        "Police said seven people were shot at a block party on Saturday night. One woman "
        "was later pronounced deceased.",
        published="2018-06-10",
        title="7 shot after Raleigh block party",
    )
    record = only(f)
    assert (record.location, record.killed, record.injured) == ("Raleigh", 1, 6)


@pytest.mark.parametrize(
    ("text", "place", "killed", "injured"),
    [
        (
            "Deputies in Seneca are investigating a shooting. A 19-year-old man was shot and "
            "transported to a hospital in Greenville, where he was pronounced dead.",
            "Seneca",
            1,
            None,
        ),
        (
            "Police in Lakeland said a shooting left one man dead. The man was shot and taken "
            "to a hospital in Tampa, where he died.",
            "Lakeland",
            1,
            None,
        ),
        (
            "KHERSON (Reuters) - Russian shelling wounded four people on Monday, officials said."
            " Two wounded were taken to a hospital in Mykolaiv.",
            "Kherson",
            None,
            4,
        ),
    ],
)
def test_where_victims_were_taken_is_not_a_second_incident(
    facts_of, text: str, place: str, killed, injured
) -> None:
    record = only(facts_of(text, published="2025-06-03"))
    assert (record.location, record.killed, record.injured) == (place, killed, injured)


@pytest.mark.parametrize(
    "text",
    [
        "Six people were shot in two days in Dayton, police said.",
        "Russian forces killed 40 civilians over three months in Kherson, officials said.",
        '"We have had two children hurt and killed by gun violence in one week," the pastor said.',
    ],
)
def test_totals_over_a_period_are_not_an_event(facts_of, text: str) -> None:
    assert facts_of(text).casualties == []


@pytest.mark.parametrize(
    ("text", "place", "killed", "injured"),
    [
        ("Gunmen killed 12 people in one day in Kaduna, officials said.", "Kaduna", 12, None),
        (
            "A storm in Bergen killed five people and injured eight on Tuesday after a week of "
            "heavy rain, officials said.",
            "Bergen",
            5,
            8,
        ),
    ],
)
def test_a_toll_near_a_span_of_time_is_an_event(
    facts_of, text: str, place, killed, injured
) -> None:
    record = only(facts_of(text))
    assert (record.location, record.killed, record.injured) == (place, killed, injured)
