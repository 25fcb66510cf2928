"""`newsroom-bot extract --jsonl`: the contract other tools depend on, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "seeds" / "kyiv-strike-2025-04-24.txt"


def run_cli(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture(scope="module")
def outputs() -> list[dict]:
    lines = [
        json.dumps({"id": "seed", "text": SEED.read_text(), "published": "2025-04-24"}),
        "this is not json",
        json.dumps({"id": 7, "title": "no text here"}),
        json.dumps({"id": "short", "text": "Two people were killed in Lviv on Monday."}),
        json.dumps({"id": "bad-date", "text": "Hello.", "published": "24/04/2025"}),
        json.dumps({"id": "spelled", "text": "Three people were killed in Kharkov on Monday."}),
    ]
    proc = run_cli("extract", "--jsonl", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_one_output_line_per_input_line_in_order(outputs: list[dict]) -> None:
    assert [o.get("id") for o in outputs] == ["seed", None, 7, "short", "bad-date", "spelled"]


def test_bad_lines_give_an_error_and_the_run_goes_on(outputs: list[dict]) -> None:
    assert outputs[1] == {"id": None, "error": "not JSON"}
    assert outputs[2] == {"id": 7, "error": "no text"}
    assert outputs[4]["error"] == "published must be YYYY-MM-DD"
    assert "casualties" in outputs[3]


def test_output_has_every_field_of_the_interface(outputs: list[dict]) -> None:
    seed = outputs[0]
    for key in ("source", "dateline", "published", "people", "places", "organizations"):
        assert key in seed
    assert seed["source"] == "Reuters" and seed["dateline"] == ["Kyiv", "Washington"]
    quote = seed["quotes"][0]
    assert set(quote) >= {"speaker", "text", "kind", "cue", "sentence"}
    kyiv = next(c for c in seed["casualties"] if c["location"] == "Kyiv")
    assert {k: kyiv[k] for k in ("killed", "injured", "qualifier", "date", "country")} == {
        "killed": 12,
        "injured": 90,
        "qualifier": "at least",
        "date": "2025-04-24",
        "country": "Ukraine",
    }
    assert kyiv["offsets"][1] > kyiv["offsets"][0]
    for fact in [*seed["people"], *seed["places"], *seed["organizations"], *seed["dates"]]:
        assert fact["sentence"] and len(fact["offsets"]) == 2, fact


def test_a_record_s_place_is_as_the_story_writes_it_with_its_canonical_name(
    outputs: list[dict],
) -> None:
    [record] = outputs[5]["casualties"]
    assert (record["location"], record["place"], record["killed"]) == ("Kharkov", "Kharkiv", 3)
    [lviv] = outputs[3]["casualties"]
    assert lviv["location"] == lviv["place"] == "Lviv"


def test_unknown_model_is_an_unusable_invocation() -> None:
    proc = run_cli("extract", "--jsonl", "--model", "no_such_pipeline", stdin="{}\n")
    assert proc.returncode == 2
    assert "no_such_pipeline" in proc.stderr
    assert proc.stdout == ""


def test_batch_size_must_be_positive() -> None:
    proc = run_cli("extract", "--jsonl", "--batch-size", "0", stdin="{}\n")
    assert proc.returncode == 2 and "positive" in proc.stderr


def test_deeply_nested_line_is_a_bad_line_not_a_crash() -> None:
    lines = "[" * 100_000 + "\n" + json.dumps({"id": 2, "text": "Hello."}) + "\n"
    proc = run_cli("extract", "--jsonl", stdin=lines)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert out[0] == {"id": None, "error": "not JSON"} and out[1]["id"] == 2
