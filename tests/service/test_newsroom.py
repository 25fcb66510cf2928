"""The command facade: any case, helpful answers for what it does not know, /help."""

from __future__ import annotations

import pytest

from service.newsroom import COMMANDS, MAX_ARGUMENT
from tests.service import stories
from tests.service.conftest import PRIVATE, Store


@pytest.fixture(scope="module")
def seeded(make_store) -> Store:
    return make_store(seed=stories.seed())


def test_command_names_in_any_case(seeded: Store) -> None:
    expected = seeded.ask("casualties", "Kyiv")
    assert "at least 12 killed, 90 injured" in expected
    assert seeded.ask("CASUALTIES", "kyiv") == expected
    assert seeded.ask("Casualties", "KYIV") == expected
    assert seeded.newsroom.knows("Quotes")


def test_unknown_command_points_to_help(seeded: Store) -> None:
    assert seeded.ask("casualtis", "Kyiv") == "I don't know /casualtis. /help lists what I can do."
    assert "&lt;b&gt;" in seeded.html("<b>")


def test_an_overlong_argument_is_refused_politely(seeded: Store) -> None:
    words = ["Kyiv"] * (MAX_ARGUMENT // 4)
    assert seeded.ask("casualties", *words) == "That argument is too long. /help shows examples."


@pytest.mark.parametrize("command", ["help", "start", "HELP"])
def test_help_lists_every_command_with_an_example(seeded: Store, command: str) -> None:
    reply = seeded.ask(command, chat=PRIVATE)
    for c in COMMANDS:
        assert c.example in reply
    assert "/casualties Kyiv" in reply
    assert "/quotes Trump" in reply
    assert "/who Rutte" in reply
    assert "Periods:" in reply
