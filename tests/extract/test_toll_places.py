"""Which place each toll of a sentence belongs to: the one the parse ties its figure to, figures
listed with places of their own, and the places near a toll that are not where it happened.
Fixtures of our own."""

from __future__ import annotations

from extract.facts import Facts


def tolls(facts: Facts) -> dict[str | None, tuple[int | None, int | None]]:
    return {c.location: (c.killed, c.injured) for c in facts.casualties}


def test_figures_listed_with_places_of_their_own(facts_of) -> None:
    cases = {
        "Five people died in the Odesa region and four in the city of Zaporizhzhia on Monday.": {
            "Odesa region": (5, None),
            "Zaporizhzhya": (4, None),
        },
        "Officials reported two deaths in Kherson and one in Nikopol on Monday.": {
            "Kherson": (2, None),
            "Nikopol": (1, None),
        },
        "Shelling on Monday killed three people, one in Kherson, two in Nikopol.": {
            "Kherson": (1, None),
            "Nikopol": (2, None),
        },
        # A county named after a person is a county.
        "Officials on Monday reported six deaths, one in Lamar County, two in Jim Hogg County "
        "and three in Pike County.": {
            "Lamar County": (1, None),
            "Jim Hogg County": (2, None),
            "Pike County": (3, None),
        },
    }
    for text, expected in cases.items():
        # (The heading "three" of the last is their sum: no record of its own.)
        assert tolls(facts_of(text, published="2025-06-03")) == expected, text


def test_each_clause_keeps_its_own_place(facts_of) -> None:
    text = (
        "A drone killed a man in the Sumy region on Monday, and a missile wounded six people "
        "in the city of Dnipro."
    )
    assert tolls(facts_of(text, published="2025-06-03")) == {
        "Sumy region": (1, None),
        "Dnipro": (None, 6),
    }


def test_the_place_an_attack_hit_is_the_place_of_its_toll(facts_of) -> None:
    cases = {
        # The model's clause for "killing" hangs on "hit": the house is in Rafah.
        "An air strike hit a house in Rafah on Monday, killing nine people, medics said.": "Rafah",
        # "where" points back at the town.
        "Gunmen attacked the town of Mopti on Monday, where 11 people were killed.": "Mopti",
        "Strikes on Sumy killed four people on Monday, the governor said.": "Sumy",
    }
    for text, place in cases.items():
        assert list(tolls(facts_of(text, published="2025-06-03"))) == [place], text


def test_a_place_in_a_clause_about_something_else_is_not_the_toll_s(facts_of) -> None:
    text = (
        "Two blasts in Tashkent on Monday at a memorial for a general who was killed in Almaty "
        "years ago killed 40 people."
    )
    assert tolls(facts_of(text, published="2025-06-03")) == {"Tashkent": (40, None)}


def test_who_struck_or_who_speaks_is_not_where(facts_of) -> None:
    cases = {
        # The model takes "airstrikes" for a verb here; the words still name the attacker.
        "At least nine people were killed in United States airstrikes on the capital Sofia, "
        "officials said.": "Sofia",
        "Kharkiv's regional administration said shelling killed three people on Monday.": None,
        "Kharkiv's governor said a drone killed three people in Izium on Monday.": "Izyum",
    }
    for text, place in cases.items():
        records = facts_of(text, published="2025-06-03").casualties
        if place is None:  # the only place named is the speaker's: the toll stays with it
            assert [c.location for c in records] == ["Kharkiv"], text
        else:
            assert [c.location for c in records] == [place], text


def test_elsewhere_in_the_region_is_the_region_named_before(facts_of) -> None:
    text = (
        "In the Kharkiv region, a drone killed two people in Kupiansk on Monday, the governor "
        "said. Elsewhere in the region, three people were wounded by shelling."
    )
    records = {c.location: c for c in facts_of(text, published="2025-06-03").casualties}
    assert {k: (c.killed, c.injured) for k, c in records.items()} == {
        "Kupyansk": (2, None),
        "Kharkiv region": (None, 3),
    }
    # Other places of the region, not a total over Kupiansk: both are incidents.
    assert {c.scope for c in records.values()} == {"incident"}


def test_a_place_that_undergoes_is_where_a_place_that_acts_is_not(facts_of) -> None:
    text = (
        "Russia attacks Ukrainian territory every day. On Monday, Sumy came under attack. "
        "The attack killed 11 people and injured 35."
    )
    assert tolls(facts_of(text, published="2025-06-03")) == {"Sumy": (11, 35)}


def test_a_place_that_only_names_an_organisation_is_not_where(facts_of) -> None:
    text = (
        "Police fired on protesters in Minsk on Wednesday.\n\n"
        '"A student was killed by a rubber bullet," a Sweden-based rights group said.'
    )
    assert tolls(facts_of(text, published="2025-06-03")) == {"Minsk": (1, None)}


def test_a_place_in_a_clause_about_another_time_is_not_the_toll_s(facts_of) -> None:
    text = (
        "Missiles hit Sumy on Monday.\n\nA drone killed four people on Tuesday, a day after "
        "Ukraine said it had attacked Belgorod."
    )
    records = facts_of(text, published="2025-06-03").casualties
    assert [(c.location, c.killed) for c in records] == [("Sumy", 4)]


def test_a_town_named_as_a_point_of_reference_is_never_where(facts_of) -> None:
    text = (
        "Shelling hit eastern Ukraine on Saturday, the army said.\n\n"
        "The army reported three dead in a strike on a village some 20 kilometres from the "
        "town of Izium."
    )
    assert tolls(facts_of(text, published="2025-06-03")) == {"Ukraine": (3, None)}


def test_a_quarter_geonames_lists_as_a_city_is_named_with_its_city(facts_of) -> None:
    # GeoNames lists Kreuzberg as a city of its own, two kilometres from Berlin's centre.
    text = "BERLIN (Reuters) - A man was stabbed to death in Kreuzberg on Sunday, police said."
    assert tolls(facts_of(text, published="2025-06-03")) == {"Kreuzberg, Berlin": (1, None)}
    # A town of its own stays so: Brovary is 20 km from Kyiv.
    text = "KYIV (Reuters) - A drone killed two people in Brovary on Sunday, officials said."
    assert tolls(facts_of(text, published="2025-06-03")) == {"Brovary": (2, None)}


def test_a_name_called_a_province_or_a_town_is_that_place(facts_of) -> None:
    # The model tags these names as organisations; "the province of" says what they are.
    text = (
        "Officials said on Tuesday that airstrikes on the southern province of Paktika killed "
        "five people and wounded 11, a day after the group said it had attacked a convoy."
    )
    (record,) = facts_of(text, published="2025-06-03").casualties
    assert (record.location, record.kind, record.country, record.killed, record.injured) == (
        "Paktika region",
        "region",
        "Afghanistan",
        5,
        11,
    )


def test_a_story_s_one_incident_is_where_its_account_says_the_attack_hit(facts_of) -> None:
    cases = {
        # A country in the lead, the village in the next sentence.
        "At least nine villagers were killed in an attack by gunmen in eastern Chad on Tuesday, "
        "officials said. The gunmen attacked the village of Koukouma near the border overnight.": (
            "Koukouma"
        ),
        # A city in the lead, its district (named with it) later.
        "Air strikes on Aleppo killed seven people and wounded 20 on Sunday, rescuers said. "
        "The strikes hit a market in Aleppo's Hamdaniya district.": "Hamdaniya district, Aleppo",
        # A state no table lists, then a village the story puts in one of its districts.
        "Gunmen killed eight people in a village in Plateau State on Sunday, police said. The "
        "attack happened in Kwari, in the Dogo district of Plateau State.": "Kwari",
    }
    for text, place in cases.items():
        assert list(tolls(facts_of(text, published="2025-06-03"))) == [place], text


def test_a_toll_stays_at_its_place_when_the_story_names_no_one_scene(facts_of) -> None:
    cases = {
        # A toll spread over the country: a city hit is not where all of it happened.
        "Ten people were killed across Ukraine overnight, officials said. A drone hit an "
        "apartment block in Kharkiv.": "Ukraine",
        # The village of "another attack" is another incident's.
        "At least nine villagers were killed in an attack by gunmen in eastern Chad on Tuesday, "
        "officials said. There were also reports of another attack on the village of Baro.": (
            "Chad"
        ),
        # Two villages hit: the story does not say which the toll is at.
        "Gunmen killed 14 people in northern Burkina Faso on Monday, officials said. They "
        "attacked the villages of Tondiga and Sirba overnight.": "Burkina Faso",
    }
    for text, place in cases.items():
        assert list(tolls(facts_of(text, published="2025-06-03"))) == [place], text


def test_where_the_clause_of_a_toll_says_it_happened(facts_of) -> None:
    cases = {
        # "when": the clause tells the event.
        "Twelve people were killed when a bus plunged into a gorge near Kandy on Monday.": {
            "Kandy": (12, None)
        },
        # The model tags "Niger" of "Niger on Monday" as a date.
        "Jihadists killed 12 soldiers and wounded 30 in an attack on a base in Niger on Monday.": {
            "Niger": (12, 30)
        },
        # "there" points back at the place named before it.
        "Officials in the Odesa region said on Monday that two people had died there. In "
        "Mykolaiv, officials reported three injuries.": {
            "Odesa region": (2, None),
            "Mykolayiv": (None, 3),
        },
        # A relative clause's toll is where its noun happened; the toll "with" it is a part.
        "Rescuers dug on Monday after landslides in Italy that killed at least 40 people, with "
        "31 deaths confirmed in the Genoa province.": {
            "Italy": (40, None),
            "Genoa region": (31, None),
        },
    }
    for text, expected in cases.items():
        assert tolls(facts_of(text, published="2025-06-03")) == expected, text


def test_a_name_is_the_place_of_that_name_in_the_country_the_story_names(facts_of) -> None:
    # GeoNames' biggest Tripoli is in Libya; this story is about Lebanon.
    f = facts_of("Israeli strikes in northern Lebanon on Monday killed three people in Tripoli.")
    assert [(c.location, c.country, c.killed) for c in f.casualties] == [("Tripoli", "Lebanon", 3)]
    # A small namesake does not take a famous city's name: Paris, Texas, is not Paris.
    f = facts_of("A gunman killed two people in Paris on Monday, United States officials said.")
    assert [(c.location, c.country) for c in f.casualties] == [("Paris", "France")]


def test_the_city_a_sentence_means_and_names_with_a_hyphen(facts_of) -> None:
    cases = {
        # "the city" is the one just named, here in a title.
        "Kharkiv Mayor Ihor Terekhov said two people were killed in the city on Monday.": {
            "Kharkiv": (2, None)
        },
        # A name with a hyphen and a lower-case article is one place.
        "An air strike on a house in Tell el-Hawa killed eight people, medics said on Monday.": {
            "Tell el-Hawa": (8, None)
        },
    }
    for text, expected in cases.items():
        assert tolls(facts_of(text, published="2025-06-03")) == expected, text


def test_a_round_up_s_places_as_wire_copy_writes_them(facts_of) -> None:
    cases = {
        # "the capital" is the story's country's; the injured of the same sentence with it.
        "Russia attacked Ukraine with drones overnight. In the capital, two people were killed "
        "and 14 injured, the mayor said.": {"Kyiv": (2, 14)},
        # A list runs on past the verb of saying the parse hangs it on.
        "Five people were killed in Kharkiv, the governor said, and four in Chuhuiv.": {
            "Kharkiv": (5, None),
            "Chuhuyiv": (4, None),
        },
        # Each name of "the towns of X and Y" is a town, not a part of the dateline's city.
        "BEIRUT (AP) — Strikes hit the towns of Hasbaya and Rashaya on Tuesday. Four people were "
        "killed in Rashaya, the ministry said.": {"Rashaya": (4, None)},
        # Where an attack "took place" is where it happened, not where victims were taken.
        "Gunmen killed 17 people in a village in Sokoto state on Wednesday, police said. The "
        "attack took place in Unguwar Dogo village, police said.": {"Unguwar Dogo": (17, None)},
    }
    for text, expected in cases.items():
        assert tolls(facts_of(text, published="2025-06-03")) == expected, text


def test_a_disaster_named_for_its_place_is_there(facts_of) -> None:
    # The model tags these town names as people or not at all; a tornado is named for a place.
    for town in ("Mayfield", "Joplin"):
        text = f"The death toll in the {town} tornado rose to 41 on Thursday, officials said."
        [record] = facts_of(text, published="2025-03-06").casualties
        assert (record.location, record.killed) == (town, 41), text
