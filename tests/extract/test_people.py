"""People: full names, titles, aliases and mention counts."""

from __future__ import annotations


def test_surname_is_the_full_name_everywhere(facts_of) -> None:
    f = facts_of(
        "Finance Minister Olga Marchuk presented the budget. Marchuk said taxes would not "
        "rise. Critics said Marchuk was too optimistic."
    )
    people = {p.name: p for p in f.people}
    assert set(people) == {"Olga Marchuk"}
    marchuk = people["Olga Marchuk"]
    assert marchuk.title == "Finance Minister"
    assert "Marchuk" in marchuk.aliases
    assert marchuk.mentions == 3


def test_appositive_title(facts_of) -> None:
    f = facts_of("Lena Fischer, the head of the city council, opened the meeting.")
    assert {p.name: p.title for p in f.people} == {"Lena Fischer": "head of the city council"}


def test_role_alias(facts_of) -> None:
    f = facts_of(
        "US President John Carter flew to Berlin. The US president met the chancellor there."
    )
    carter = next(p for p in f.people if p.name == "John Carter")
    assert carter.title == "US President"
    assert "the US president" in carter.aliases


def test_two_people_with_one_surname_stay_apart(facts_of) -> None:
    f = facts_of("Hillary Clinton spoke first. Bill Clinton spoke later. Clinton then left.")
    names = {p.name for p in f.people}
    assert {"Hillary Clinton", "Bill Clinton"} <= names
    bill = next(p for p in f.people if p.name == "Bill Clinton")
    assert bill.mentions == 2  # the lone "Clinton" is the one named last


def test_organisations(facts_of) -> None:
    f = facts_of("The Kremlin rejected a statement by NATO and the European Commission.")
    orgs = {o.name for o in f.organizations}
    assert {"Kremlin", "NATO", "European Commission"} <= orgs


def test_text_in_another_script_names_no_one(facts_of) -> None:
    # The English model reads Cyrillic and Arabic words as people and places at random.
    f = facts_of(
        "Рятувальники всю ніч розбирали завали, повідомив міський голова Віталій Кличко. "
        "وقال رئيس البلدية للصحفيين إن فرق الإنقاذ عملت طوال الليل. "
        "Mayor Ihor Terekhov said the city would rebuild."
    )
    assert {p.name for p in f.people} == {"Ihor Terekhov"}
    assert f.organizations == []
    assert all(p.name.isascii() for p in f.places)


def test_a_name_is_made_of_words(facts_of) -> None:
    f = facts_of(
        "Regional governor Robert'); DROP TABLE quote;-- Syniehubov said rescuers were at work."
    )
    assert all(";" not in p.name and "--" not in p.name for p in f.people)


def test_a_headline_verb_is_not_part_of_a_name(facts_of) -> None:
    f = facts_of(
        'Reyes Warns Congress on Budget\n\nTom Reyes spoke on Friday. "We cannot wait," '
        "Mr. Reyes said."
    )
    assert [p.name for p in f.people] == ["Tom Reyes"]


def test_a_role_goes_to_no_one_of_the_other_gender(facts_of) -> None:
    f = facts_of(
        "Tom Reyes, a property developer, is running against Maria Lopez. Lopez now says she "
        'opposes the deal. The businessman says of Lopez, "If she wins, she will sell the state."'
    )
    lopez = next(p for p in f.people if p.name == "Maria Lopez")
    assert lopez.title is None and "the businessman" not in lopez.aliases
    assert [q.speaker for q in f.quotes] != ["Maria Lopez"]


def test_a_name_that_is_also_a_past_verb_stays_whole(facts_of) -> None:
    f = facts_of("Karim Said, a surgeon in Rafah, treated the wounded. Said worked all night.")
    assert [p.name for p in f.people] == ["Karim Said"]


def test_a_name_the_text_puts_as_a_place_is_that_place_everywhere(facts_of) -> None:
    # "Sofia" is also a given name: "the Bulgarian capital" says which it is here.
    f = facts_of(
        "Rockets hit the Bulgarian capital Sofia on Monday, killing two people. Police closed "
        "Sofia's main boulevard."
    )
    assert "Sofia" not in {p.name for p in f.people}
    assert "Sofia" in {p.name for p in f.places}


def test_a_name_hit_by_a_bullet_is_a_person_and_a_town_hit_by_shelling_a_place(facts_of) -> None:
    f = facts_of(
        "Police said a car hit Whitaker on Monday in Tulsa. Shelling hit Kherson on Monday, the "
        "governor said."
    )
    assert "Whitaker" in {p.name for p in f.people}
    assert "Kherson" in {p.name for p in f.places}
