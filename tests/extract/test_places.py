"""Places: gazetteer names, kinds and countries, whatever the model tags them as."""

from __future__ import annotations

from extract.gazetteer import default_gazetteer


def test_gazetteer_canonical_names() -> None:
    g = default_gazetteer()
    assert g.lookup("Kiev").name == "Kyiv"
    assert g.lookup("KYIV").name == "Kyiv"
    assert g.lookup("Kharkov").name == "Kharkiv"
    assert (g.lookup("Crimea").kind, g.lookup("Crimea").country) == ("region", "Ukraine")
    assert g.lookup("U.S.").name == "United States"
    assert g.lookup("Washington").kind == "city"  # the capital, not the state
    assert g.lookup("Narnia") is None


def test_a_region_named_after_its_capital_holds_the_capital_s_area(facts_of) -> None:
    g = default_gazetteer()
    for written in ("Kharkiv region", "the Kharkiv oblast", "Kharkov Oblast", "Kharkiv province"):
        region = g.lookup(written)
        assert region is not None and (region.name, region.kind) == ("Kharkiv region", "region")
    assert g.contains("Kharkiv oblast", "Chuhuiv") and g.contains("Kharkiv region", "Kharkiv")
    assert not g.contains("Kharkiv region", "Poltava")
    assert g.lookup("Katsina State") is not None and g.lookup("Katsina State").name == (
        "Katsina State"
    )
    assert g.lookup("Narnia region") is None
    assert g.lookup("Florida state") is not None and g.lookup("Florida state").name == "Florida"


def test_places_in_an_article(facts_of) -> None:
    f = facts_of(
        "Drones hit Kiev and the Zhytomyr region overnight. Crimea was quiet, officials in "
        "Moscow said."
    )
    places = {p.name: (p.kind, p.country) for p in f.places}
    assert places["Kyiv"] == ("city", "Ukraine")
    # The region is not its city: a place of its own, named as one.
    assert places["Zhytomyr region"] == ("region", "Ukraine")
    assert "Zhytomyr" not in places
    assert places["Crimea"] == ("region", "Ukraine")
    assert places["Moscow"] == ("city", "Russia")


def test_us_town_with_its_state(facts_of) -> None:
    f = facts_of("Police in Malvern, Ark., said a woman was hurt on Tuesday.")
    # GeoNames' Malvern is in Canada; the state says this one is a US town.
    assert ("Malvern", "city", "United States") in {(p.name, p.kind, p.country) for p in f.places}


def test_street_names_are_not_places(facts_of) -> None:
    f = facts_of("The crash happened near Aurora and Elm Streets in Rochester.")
    assert "Aurora" not in {p.name for p in f.places}
    assert "Rochester" in {p.name for p in f.places}


def test_a_town_name_inside_a_street_name_is_not_that_town(facts_of) -> None:
    # "Prospect" and "Hyde Park" are places elsewhere; here they are words of road names.
    f = facts_of(
        "Deputies were sent to New Prospect Church Road outside the city, and later to a house "
        "on Oakland Hills Drive in Memphis."
    )
    names = {p.name for p in f.places}
    assert "Prospect" not in names
    assert "Oakland" not in names
    assert "Memphis" in names


def test_a_country_beginning_a_us_hospital_or_school_name_is_the_town(facts_of) -> None:
    # US towns are named for countries: in a US story the hospital is in Lebanon, Pa.
    f = facts_of(
        "Two men were hurt in a crash in Lancaster, Pennsylvania, on Sunday and taken to Lebanon "
        "Community Hospital. A third man, a student at Peru State College, was not hurt."
    )
    names = {p.name for p in f.places}
    assert "Lebanon" not in names and "Peru" not in names
    assert "Lancaster" in names


def test_a_country_beginning_an_institution_name_elsewhere_is_the_country(facts_of) -> None:
    haiti = facts_of("Gunmen killed four people on Monday, the Haiti National Police said.")
    assert "Haiti" in {p.name for p in haiti.places}
    singapore = facts_of("Two workers were taken to Singapore General Hospital after the fall.")
    assert "Singapore" in {p.name for p in singapore.places}
    mexico = facts_of("Three officers were wounded, Mexico City Police said on Friday.")
    assert "Mexico City" in {p.name for p in mexico.places}
    assert "Lebanon" in {p.name for p in facts_of("Israel struck targets in Lebanon.").places}


def test_dateline_place_missing_from_the_text_still_has_evidence(facts_of) -> None:
    text = "CROWN HEIGHTS — A man was hurt near a school, police said."
    f = facts_of(text)
    place = next(p for p in f.places if p.name == "Crown Heights")
    assert place.evidence is not None
    assert text[place.evidence.start : place.evidence.end] == place.evidence.sentence


def test_hyphenated_place_names(facts_of) -> None:
    f = facts_of("Two people were killed in Ivano-Frankivsk and Winston-Salem on Monday.")
    names = {p.name for p in f.places}
    assert {"Ivano-Frankivsk", "Winston-Salem"} <= names


def test_nationality_before_a_region_word_is_no_place(facts_of) -> None:
    f = facts_of("Russian state media said the Chinese state broadcaster had left.")
    assert {p.name for p in f.places} & {"Russian", "Chinese"} == set()


def test_dc_is_the_capital(facts_of) -> None:
    f = facts_of("Police in Washington, D.C. said a man was hurt.")
    assert all(p.name != "Washington" or p.kind == "city" for p in f.places)


def test_a_kicker_is_not_a_dateline(facts_of) -> None:
    f = facts_of("EXCLUSIVE - A man was stabbed to death in Fresno, police said.")
    assert f.dateline == []
    assert f.casualties[0].location == "Fresno"


def test_small_towns_where_the_words_say_place(facts_of) -> None:
    f = facts_of(
        "A girl was stabbed by a neighbour in Palatka on Friday, according to Natchez police."
    )
    assert {"Palatka", "Natchez"} <= {p.name for p in f.places}
    assert f.casualties[0].location == "Palatka"


def test_a_place_the_headline_names_is_that_place_in_the_body(facts_of) -> None:
    f = facts_of(
        "Deputies gave an update on a Spring Lake birthday party that left two dead.",
        published="2019-05-04",
        title="Second man held over Spring Lake party violence",
    )
    assert [(c.location, c.killed) for c in f.casualties] == [("Spring Lake", 2)]


def test_a_state_or_province_no_table_lists_is_a_region_of_the_story_s_country(facts_of) -> None:
    f = facts_of(
        "Gunmen killed two farmers in Ugbaji Province, central Nigeria, on Monday, police said. "
        "Fighters of the Islamic State West Africa Province were blamed."
    )
    kinds = {p.name: (p.kind, p.country) for p in f.places}
    assert kinds.get("Ugbaji") == ("region", "Nigeria")
    assert not any("West Africa" in name for name in kinds)


def test_a_hyphenated_district_keeps_its_name(facts_of) -> None:
    f = facts_of("The raid happened in Kwari, in the Dogo-Rafi district of Plateau State.")
    assert "Dogo-Rafi district" in {p.name for p in f.places}


def test_the_last_word_of_a_longer_name_is_no_town(facts_of) -> None:
    # GeoNames lists "Area" as an old name of a town in Illinois; here it ends a district's name.
    f = facts_of("Bandits killed nine farmers in Kankara Local Government Area on Sunday.")
    assert "Mundelein" not in {p.name for p in f.places}
    assert all(c.location != "Mundelein" for c in f.casualties)
    f = facts_of(
        "Gunmen killed 12 people in raids on two villages in Dandume Local Government Area "
        "of Kebbi State, police said."
    )
    assert [(c.location, c.killed) for c in f.casualties] == [("Kebbi State", 12)]


def test_a_lowercase_word_is_no_place(facts_of) -> None:
    # The model tags "bush" as a person; GeoNames has a town of that name in Egypt.
    f = facts_of("Soldiers later carried out extensive bush combing around the village, he said.")
    assert f.places == []


def test_a_two_word_town_inside_an_agency_s_name_is_still_the_town(facts_of) -> None:
    # The guard on the rule above: "Kinabalu" of "Kota Kinabalu" names the same place as the
    # whole. And an agency's word is no town ("Police" is one in Poland).
    f = facts_of(
        "The Kota Kinabalu Metropolitan Police Department said four people were wounded early "
        "on Sunday."
    )
    assert [(c.location, c.injured) for c in f.casualties] == [("Kota Kinabalu", 4)]
    f = facts_of(
        "The Ciudad Obregon Metropolitan Police Department said four people were wounded early "
        "on Sunday."
    )
    assert "Police" not in {p.name for p in f.places}


def test_a_toll_s_place_keeps_the_story_s_spelling_beside_its_canonical_name(facts_of) -> None:
    f = facts_of(
        "Four people were killed in Nikolayev and two in Kharkiv on Monday, officials said."
    )
    records = {c.location: (c.written, c.killed) for c in f.casualties}
    # Stored and merged by the canonical name; the story's spelling goes with it.
    assert records == {"Mykolayiv": ("Nikolayev", 4), "Kharkiv": (None, 2)}


def test_the_words_state_of_make_a_region_where_the_table_knows_a_town(facts_of) -> None:
    # GeoNames gives "Chiapas" as another name of the town Chiapa de Corzo; "the state of" says
    # region.
    f = facts_of(
        "Gunmen killed seven people at a car wash in Rancho Quelitos, in the western state of "
        "Chiapas, on Sunday."
    )
    assert ("Chiapas State", "region", "Mexico") in {(p.name, p.kind, p.country) for p in f.places}
    # The village no table lists is where the toll is, in the state the story puts it in.
    assert [(c.location, c.killed, c.region) for c in f.casualties] == [
        ("Rancho Quelitos", 7, "Chiapas State")
    ]
    # Nor is a region named after a small town by another of its names: GeoNames lists
    # "Saint Mark" as a name of Ashland, Virginia.
    assert default_gazetteer().named_region("Saint Mark province") is None
    # "The Y district of X" calls Y a district, not X.
    f = facts_of("An airstrike on the Qadimah district of Mosul killed 12 people on Tuesday.")
    assert ("Mosul", "city") in {(p.name, p.kind) for p in f.places}


def test_a_village_in_a_state_the_story_names_is_not_put_in_its_main_city(facts_of) -> None:
    text = (
        "Twelve people were killed in a shooting at a bar in the city of Celaya on Saturday. "
        "Earlier, gunmen killed nine people at the town hall in Rancho Quelitos, in the nearby "
        "state of Morelos."
    )
    records = facts_of(text, published="2025-03-02").casualties
    assert [(c.location, c.killed) for c in records] == [("Celaya", 12), ("Rancho Quelitos", 9)]
    assert records[1].region == "Morelos State"


def test_a_country_s_regions_come_from_iso_3166_2(facts_of) -> None:
    # Regions not named after a town: before, in no country (so no /casualties Nigeria), or in
    # the country of a town of the same name (a Sonora in Brazil).
    cases = {
        "Bandits killed 14 villagers in Kogi State on Sunday, police said.": (
            "Kogi State",
            "Nigeria",
        ),
        "A roadside bomb killed four soldiers in Helmand province on Monday.": (
            "Helmand region",
            "Afghanistan",
        ),
        "Gunmen killed six people at a party in the state of Sonora on Saturday.": (
            "Sonora State",
            "Mexico",
        ),
    }
    for text, (name, country) in cases.items():
        [record] = facts_of(text).casualties
        assert (record.location, record.kind, record.country) == (name, "region", country), text
    # A region named after its capital still holds the capital's towns.
    g = default_gazetteer()
    assert g.named_region("Kharkiv oblast").admin1 == g.lookup("Chuhuiv").admin1


def test_a_district_spelt_two_ways_in_one_story_is_one_place(facts_of) -> None:
    text = (
        "Russian drones struck Kyiv overnight, the city's mayor said on Tuesday.\n\n"
        "The number of dead in the Holosiivskyi district has risen to nine, rescuers said.\n\n"
        "In the Holosiivskyy district, 12 people were injured, the emergency service said."
    )
    f = facts_of(text, published="2025-06-03")
    assert [(c.location, c.killed, c.injured) for c in f.casualties] == [
        ("Holosiivskyi district, Kyiv", 9, 12)
    ]
