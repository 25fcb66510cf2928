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


def test_places_in_an_article(facts_of) -> None:
    f = facts_of(
        "Drones hit Kiev and the Zhytomyr region overnight. Crimea was quiet, officials in "
        "Moscow said."
    )
    places = {p.name: (p.kind, p.country) for p in f.places}
    assert places["Kyiv"] == ("city", "Ukraine")
    assert places["Zhytomyr"] == ("region", "Ukraine")
    assert places["Crimea"] == ("region", "Ukraine")
    assert places["Moscow"] == ("city", "Russia")


def test_us_town_with_its_state(facts_of) -> None:
    f = facts_of("Police in Hope, Ark., said a man was shot on Tuesday.")
    assert ("Hope", "city", "United States") in {(p.name, p.kind, p.country) for p in f.places}


def test_street_names_are_not_places(facts_of) -> None:
    f = facts_of("The shooting happened near Hickory and Pine Streets in Buffalo.")
    assert "Hickory" not in {p.name for p in f.places}
    assert "Buffalo" in {p.name for p in f.places}


def test_dateline_place_missing_from_the_text_still_has_evidence(facts_of) -> None:
    text = "BEDFORD-STUYVESANT — A man was shot near a school, police said."
    f = facts_of(text)
    place = next(p for p in f.places if p.name == "Bedford-Stuyvesant")
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
    f = facts_of("BREAKING NEWS - A man was shot and killed in Dayton, police said.")
    assert f.dateline == []
    assert f.casualties[0].location == "Dayton"


def test_small_towns_where_the_words_say_place(facts_of) -> None:
    f = facts_of(
        "A boy was shot by his brother in DeBary on Thursday, according to Vicksburg police."
    )
    assert {"DeBary", "Vicksburg"} <= {p.name for p in f.places}
    assert f.casualties[0].location == "DeBary"


def test_a_place_the_headline_names_is_that_place_in_the_body(facts_of) -> None:
    f = facts_of(
        "The sheriff's office released new details about a Hope Mills house party that "
        "left two dead.",
        published="2015-02-28",
        title="Third suspect arrested in Hope Mills fatal shooting",
    )
    assert [(c.location, c.killed) for c in f.casualties] == [("Hope Mills", 2)]
