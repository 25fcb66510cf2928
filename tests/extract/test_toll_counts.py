"""The count forms of war and disaster reporting: bodies, zeros, vague words, the missing and
the abducted, running counts, and the totals that are no incident. Fixtures of our own."""

from __future__ import annotations

import pytest

from extract.facts import Facts


def tolls(facts: Facts) -> list[tuple[str | None, int | None, int | None, int | None]]:
    return [(c.location, c.killed, c.injured, c.missing) for c in facts.casualties]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The body of a woman was pulled from the rubble in Sumy on Monday.",
            [("Sumy", 1, None, None)],
        ),
        (
            "Rescuers recovered the bodies of five people in Kharkiv on Monday.",
            [("Kharkiv", 5, None, None)],
        ),
        (
            "A 68-year-old woman was killed in shelling in Kherson on Monday.",
            [("Kherson", 1, None, None)],
        ),
        (
            "Officials in Kharkiv reported 12 injuries after the strike on Monday.",
            [("Kharkiv", None, 12, None)],
        ),
        (
            "The ferry capsized off Zanzibar on Monday; 19 people drowned.",
            [("Zanzibar", 19, None, None)],
        ),
        (
            # The model tags "70" as a date.
            "Monday's quake, which struck near Taiz, killed 14 people and injured 70, according "
            "to state media.",
            [("Taiz", 14, 70, None)],
        ),
        (
            "The bodies of 23 migrants were recovered off the coast of Lampedusa on Monday.",
            [("Lampedusa", 23, None, None)],
        ),
        (
            "Twelve people lost their lives in the attack on Kherson on Monday.",
            [("Kherson", 12, None, None)],
        ),
        (
            "Shelling hit Kherson on Monday, claiming 12 lives.",
            [("Kherson", 12, None, None)],
        ),
        (
            "Nine people perished in the floods in Kherson on Monday.",
            [("Kherson", 9, None, None)],
        ),
        (
            "Four people were martyred in Rafah on Monday, the civil defence said.",
            [("Rafah", 4, None, None)],
        ),
        (
            "On Monday six people were confirmed as injured in Poltava, the mayor said.",
            [("Poltava", None, 6, None)],
        ),
        (
            "The governor said the flood has caused seven fatal victims in Peshawar on Monday.",
            [("Peshawar", 7, None, None)],
        ),
    ],
)
def test_bodies_single_victims_and_injuries(facts_of, text, expected) -> None:
    assert tolls(facts_of(text, published="2025-06-03")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A drone hit a school in Poltava on Monday. No one was hurt, the mayor said.",
        "A drone hit a school in Poltava on Monday without causing casualties.",
        "A drone hit a school in Poltava on Monday; there were no casualties.",
    ],
)
def test_explicit_zeros_are_zero_not_unknown(facts_of, text) -> None:
    (record,) = facts_of(text, published="2025-06-03").casualties
    assert (record.location, record.killed or 0, record.injured) == ("Poltava", 0, 0)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("Dozens of people were wounded in Dnipro on Monday, officials said.", None, 12),
        ("Scores were killed in floods in Derna on Monday, officials said.", 20, None),
        ("Hundreds of people were injured in the blast in Beirut on Tuesday.", None, 100),
        # A vague number of dozens is "dozens"; a stated one is counted out.
        ("A blast in Homs on Monday killed two people. Several dozen were wounded.", 2, 12),
        ("A blast in Homs on Monday killed two people. Three dozen were wounded.", 2, 36),
    ],
)
def test_vague_words_are_coded_conservatively(facts_of, text, killed, injured) -> None:
    (record,) = facts_of(text, published="2025-06-03").casualties
    assert (record.killed, record.injured) == (killed, injured)


def test_the_missing_and_the_abducted(facts_of) -> None:
    text = (
        "Gunmen killed five villagers and abducted 12 others in the village of Kolobane on "
        "Monday, police said. Three people are still missing."
    )
    assert tolls(facts_of(text, published="2025-06-03")) == [("Kolobane", 5, None, 12)]


def test_a_running_count_is_read_as_its_latest_figure(facts_of) -> None:
    text = (
        "A missile hit an apartment block in Dnipro on Monday, killing 12 people. "
        "By evening the death toll had risen to 18, and the number of injured to 61. "
        "On Tuesday the total number of victims reached 28, the mayor said."
    )
    assert tolls(facts_of(text, published="2025-06-03")) == [("Dnipro", 28, 61, None)]
    text = (
        "A missile hit Dnipro on Monday, killing 12 people. By noon the number of dead rose "
        "to 14, and injured to 40."
    )
    assert tolls(facts_of(text, published="2025-06-03")) == [("Dnipro", 14, 40, None)]
    # A revised figure followed by its toll word is still the latest, even when lower.
    text = (
        "A missile hit Dnipro on Monday, killing 12 people, officials first said. "
        "By evening the death toll had been revised to 9 dead."
    )
    assert tolls(facts_of(text, published="2025-06-03")) == [("Dnipro", 9, None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "Thousands have been killed in the conflict in Haiti, aid groups say.",
        "Officials say the army has been fighting the group after six years of violence and at "
        "least 15,000 deaths in Borno.",
        "More than 40,000 people have been killed in Gaza during the war, the ministry says.",
    ],
)
def test_war_long_totals_are_no_incident(facts_of, text) -> None:
    assert facts_of(text, published="2025-06-03").casualties == []


def test_a_figure_before_its_toll_word_keeps_it_whatever_the_parse(facts_of) -> None:
    text = (
        "MANILA - At least 31 people died and at least 44 more were injured after a crowd crush "
        "during a festival in the Tondo district of Manila on Saturday night, officials said."
    )
    (record,) = facts_of(text, published="2025-06-03").casualties
    # The district beats the dateline's city; each figure keeps its own toll word.
    assert (record.location, record.killed, record.injured) == ("Tondo district, Manila", 31, 44)


@pytest.mark.parametrize(
    "text",
    [
        "Thousands have been killed and a million people have fled in Haiti, the UN says.",
        "Aid groups say the siege of the port has already killed thousands of civilians.",
    ],
)
def test_thousands_so_far_are_a_war_s_not_an_incident_s(facts_of, text) -> None:
    assert facts_of(text, published="2025-06-03").casualties == []


def test_the_figure_a_toll_rose_from_is_no_longer_the_toll(facts_of) -> None:
    text = (
        "Floods killed 61 people in Porto Alegre, officials said on Thursday. The governor spoke "
        "in Brasilia before the death toll spiked from 37 dead."
    )
    assert tolls(facts_of(text, published="2025-06-03")) == [("Porto Alegre", 61, None, None)]


def test_a_count_between_two_dates_is_a_period_s_total(facts_of) -> None:
    text = "Gunmen killed 2,115 people in the region between January and August, officials said."
    assert facts_of(text, published="2025-06-03").casualties == []


def test_a_casualty_toll_says_no_one_died(facts_of) -> None:
    text = (
        "A missile hit an apartment block in Dnipro on Friday, injuring six people. "
        "Later, the mayor said the casualty toll rose to nine."
    )
    # The dead and the wounded together: not nine killed.
    assert [c.killed for c in facts_of(text, published="2025-06-03").casualties] == [None]


def test_victims_told_apart_in_a_list_are_not_added(facts_of) -> None:
    text = (
        "Officers found two bodies and three victims who were suffering gunshot wounds at a "
        "house in Tulsa on Friday."
    )
    assert [(c.killed, c.injured) for c in facts_of(text, published="2025-06-03").casualties] == [
        (2, None)
    ]


def test_a_count_since_a_campaign_began_is_a_total_whatever_most_of_it_is(facts_of) -> None:
    # "most" here is no superlative of an event ("the deadliest attack since 2022" is).
    text = (
        "Colombia has recorded more than 60,000 killings, most of them attributed to armed "
        "groups, since the launching of an army campaign in 2002."
    )
    assert facts_of(text, published="2025-06-03").casualties == []


def test_a_table_of_tolls_by_place_under_its_heading(facts_of) -> None:
    text = (
        "A storm system killed at least 20 people across six states, officials said on Monday.\n"
        "Storm deaths confirmed in each state:\n"
        "Iowa: 9\n"
        "Nebraska: 6\n"
        "Indiana: 5\n"
        "The governor of Nebraska declared an emergency.\n"
    )
    f = facts_of(text, published="2025-03-17")
    rows = {c.location: (c.killed, c.scope) for c in f.casualties}
    # Each row is its state's; the lead's toll, spread over states the lead does not name, is
    # the country's, a total over them (not the story's most-named state's).
    assert rows == {
        "United States": (20, "aggregate"),
        "Iowa": (9, "incident"),
        "Nebraska": (6, "incident"),
        "Indiana": (5, "incident"),
    }
    assert (
        next(c for c in f.casualties if c.location == "Nebraska").evidence.sentence == "Nebraska: 6"
    )


def test_lines_with_a_colon_and_a_figure_are_no_tolls_under_another_heading(facts_of) -> None:
    text = (
        "Two people were killed in Kharkiv on Monday, the governor said.\n"
        "Power outages by region:\n"
        "Sumy: 4000\n"
        "Poltava: 1200\n"
    )
    f = facts_of(text, published="2025-06-03")
    assert tolls(f) == [("Kharkiv", 2, None, None)]


def test_a_count_since_the_war_began_is_no_incident_s(facts_of) -> None:
    text = (
        "Israeli strikes on southern Lebanon killed nine people on Tuesday, the ministry said. "
        "More than 3,000 people have been killed in Lebanon since the war began."
    )
    assert tolls(facts_of(text, published="2025-06-03")) == [("Lebanon", 9, None, None)]


def test_the_number_of_people_killed_is_a_toll_at_the_place_of_its_clause(facts_of) -> None:
    text = (
        "Officials said on Monday the number of people killed in the blast at the port of "
        "Latakia has risen to 41, with more than 300 injured."
    )
    assert tolls(facts_of(text, published="2025-06-03")) == [("Latakia", 41, 300, None)]


@pytest.mark.parametrize(
    "text",
    [
        "At least 25 people were killed or injured in the blast in Quetta on Monday.",
        "Gunmen killed or abducted 30 villagers in Kaduna on Monday.",
    ],
)
def test_a_figure_of_one_kind_or_another_is_no_toll_of_either(facts_of, text) -> None:
    # How many were killed, the story does not say: a wrong number is the worst answer.
    assert tolls(facts_of(text, published="2025-06-03")) == []


def test_a_month_is_narrowed_to_the_day_the_story_names_and_an_escape_is_no_harm(
    facts_of,
) -> None:
    text = (
        "A boy was shot dead in Tacoma in October, police said. The shooting happened on Oct. "
        "20. His brother narrowly escaped being shot in June, police said."
    )
    records = facts_of(text, published="2015-11-05").casualties
    assert [(c.location, c.killed, c.injured, c.date) for c in records] == [
        ("Tacoma", 1, None, "2015-10-20")
    ]


def test_the_bodies_of_missing_people_are_dead_not_missing(facts_of) -> None:
    cases = {
        "Rescuers found the bodies of two missing fishermen off Sfax on Thursday.": (2, None),
        "The body of a missing man was found near Zermatt on Thursday.": (1, None),
        # Still missing is missing.
        "Two fishermen are still missing off Sfax after their boat sank on Thursday.": (None, 2),
    }
    for text, (killed, missing) in cases.items():
        [record] = facts_of(text).casualties
        assert (record.killed, record.missing) == (killed, missing), text
