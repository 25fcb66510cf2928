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


def test_an_unknown_command_is_echoed_short_and_without_invisible_characters(
    seeded: Store,
) -> None:
    reply = seeded.ask("x" * 5000)
    assert reply.startswith("I don't know /xxx") and len(reply) < 100
    assert seeded.ask("\u202eseitlausac") == "I don't know /seitlausac. /help lists what I can do."


def test_invisible_characters_in_arguments_are_ignored(seeded: Store) -> None:
    # A zero-width space or a direction mark pasted with the name.
    expected = seeded.ask("casualties", "Kyiv")
    assert seeded.ask("casualties", "Ky\u200biv") == expected
    assert seeded.ask("casualties", "\u202eKyiv\u200e", "\u2060") == expected
    assert seeded.ask("who", "\x00\x1b") == "Who? e.g. /who Rutte."


@pytest.mark.parametrize("period", ["32 March", "2025-02-30", "February 30, 2025", "0000"])
def test_an_impossible_date_is_named_not_taken_for_a_place(seeded: Store, period: str) -> None:
    reply = seeded.ask("casualties", "Kyiv", *period.split())
    assert reply.startswith(f"I can't read {period} as a date or period.")


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
