"""Each quote form the extractor must read, on short fixtures written for the purpose."""

from __future__ import annotations

import pytest

from extract.facts import Facts


def quotes(facts: Facts) -> list[tuple[str | None, str, str]]:
    return [(q.speaker, q.text.rstrip(",."), q.kind) for q in facts.quotes]


def test_quote_then_said_x(facts_of) -> None:
    f = facts_of(
        'Defence Minister Anna Kovalenko visited the front. "We are holding," Kovalenko said.'
    )
    assert quotes(f) == [("Anna Kovalenko", "We are holding", "direct")]
    assert f.quotes[0].cue == "say"


def test_said_x_inverted(facts_of) -> None:
    f = facts_of('"The line has held for a week," said Oleh Marchenko, a battalion commander.')
    assert quotes(f) == [("Oleh Marchenko", "The line has held for a week", "direct")]


def test_x_said_colon(facts_of) -> None:
    f = facts_of('Mayor Jan Novak said: "The water supply is back in every district."')
    assert quotes(f) == [("Jan Novak", "The water supply is back in every district", "direct")]


def test_x_told_reporters_colon(facts_of) -> None:
    f = facts_of('Prime Minister Maria Lopez told reporters: "We will rebuild the bridge."')
    assert quotes(f) == [("Maria Lopez", "We will rebuild the bridge", "direct")]
    assert f.quotes[0].cue == "tell"


def test_split_quote_keeps_the_speaker(facts_of) -> None:
    f = facts_of(
        'Police chief Tomas Berg spoke outside the station. "We have made two arrests," '
        'Berg said. "More will follow in the coming days."'
    )
    assert [q.speaker for q in f.quotes] == ["Tomas Berg", "Tomas Berg"]
    assert f.quotes[1].text.startswith("More will follow")


def test_follow_on_paragraph_inherits_the_speaker(facts_of) -> None:
    f = facts_of(
        'Senator Ruth Adler criticised the plan. "It is unaffordable," Adler said.\n\n'
        '"Nobody has shown how it would be paid for."'
    )
    assert [q.speaker for q in f.quotes] == ["Ruth Adler", "Ruth Adler"]


def test_quote_over_several_paragraphs(facts_of) -> None:
    f = facts_of(
        'Engineer Paul Weiss described the night. "The first blast broke the windows.\n\n'
        '"The second one brought down the roof," Weiss said.'
    )
    texts = [q.text for q in f.quotes]
    assert texts[0].startswith("The first blast") and texts[1].startswith("The second one")
    assert {q.speaker for q in f.quotes} == {"Paul Weiss"}


def test_according_to(facts_of) -> None:
    f = facts_of(
        'The convoy was "completely destroyed", according to regional governor Ivan Petrenko.'
    )
    assert quotes(f) == [("Ivan Petrenko", "completely destroyed", "partial")]
    assert f.quotes[0].cue == "according to"


def test_pronoun_speaker_is_resolved(facts_of) -> None:
    f = facts_of(
        'Foreign Minister Helena Stark met her counterpart on Monday. "The talks were '
        'useful," she told reporters.'
    )
    assert f.quotes[0].speaker == "Helena Stark"
    assert f.quotes[0].speaker_as_written == "she"


def test_pronoun_skips_a_person_of_the_other_gender(facts_of) -> None:
    f = facts_of(
        'Chancellor Karl Brandt spoke after meeting Maria Rossi. "We agreed on nothing," he said.'
    )
    assert f.quotes[0].speaker == "Karl Brandt"


def test_role_speaker_is_the_person_the_article_means(facts_of) -> None:
    f = facts_of(
        "French President Emmanuel Martin arrived in Rome on Tuesday. The French president "
        'said the summit was "a turning point".'
    )
    assert quotes(f) == [("Emmanuel Martin", "a turning point", "partial")]


def test_partial_quote_in_reporters_sentence(facts_of) -> None:
    f = facts_of('Governor Lisa Hale called the decision a "dangerous mistake" on Friday.')
    assert quotes(f) == [("Lisa Hale", "dangerous mistake", "partial")]


@pytest.mark.parametrize(
    "text",
    [
        "“We are ready,” General Omar Haddad said.",  # curly marks
        "''We are ready,'' General Omar Haddad said.",  # doubled apostrophes (NYT)
        '"We are ready," General Omar Haddad said.',  # straight marks
    ],
)
def test_all_kinds_of_marks(facts_of, text: str) -> None:
    assert quotes(facts_of(text)) == [("Omar Haddad", "We are ready", "direct")]


def test_show_titles_and_scare_quotes_are_not_quotes(facts_of) -> None:
    f = facts_of(
        'Speaking to the programme "Meet the Press" on Sunday, Senator Dana Wells said the '
        'bill would pass. The so-called "peace dividend" never arrived.'
    )
    assert f.quotes == []


def test_odd_number_of_marks_does_not_lose_the_article(facts_of) -> None:
    f = facts_of(
        'The mayor, Erik Lund, said: "Power is back.\n\nIn a separate statement, the utility '
        'said repairs were "nearly complete," its director Nina Holm said.'
    )
    assert f.quotes, "the article still yields quotes"
    assert f.quotes[0].speaker == "Erik Lund"


def test_transcript_lines_are_quotes_by_their_label(facts_of) -> None:
    f = facts_of(
        "Host Laura Kim interviewed Governor Sam Ortiz.\n\n"
        '"KIM: Will you sign the bill?\n\n"ORTIZ: Not in its current form."'
    )
    assert [(q.speaker, q.text.rstrip('."')) for q in f.quotes] == [
        ("Laura Kim", "Will you sign the bill?"),
        ("Sam Ortiz", "Not in its current form"),
    ]


def test_every_quote_carries_its_sentence_and_offsets(facts_of) -> None:
    text = 'Rescuers worked all night. "We found two survivors," said Anton Gray.'
    f = facts_of(text)
    ev = f.quotes[0].evidence
    assert ev is not None and text[ev.start : ev.end] == ev.sentence
    assert "two survivors" in ev.sentence


def test_a_cue_that_introduces_the_next_quote_is_not_the_previous_ones(facts_of) -> None:
    f = facts_of(
        'President Anna Berg and Prime Minister Karl Holm spoke. "We are ready," Berg said. '
        '"The enemy is near." Holm said: "Not yet."'
    )
    assert [q.speaker for q in f.quotes] == ["Anna Berg", "Anna Berg", "Karl Holm"]
