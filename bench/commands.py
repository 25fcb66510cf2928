"""`/casualties` and `/quotes` latency through the service layer (Newsroom.answer) on a big
store, each command in the forms a newsroom sends: the busiest place and speaker, a mid-table
and a rare one, a country, periods, and a name nobody reported. The statements they run are
caught and their query plans printed."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bench import plans, vocab
from bench.generate import NEWSROOM_GROUP
from bench.report import log, ms, percentile
from service.newsroom import Newsroom
from service.schedule import ChatRef

CHAT = ChatRef(NEWSROOM_GROUP, "supergroup", "Newsroom")
Form = tuple[str, tuple[str, ...]]  # ("casualties", ("Kyiv", "this", "week"))


def casualty_forms() -> list[Form]:
    places = vocab.places()
    return [
        ("casualties", ("Kyiv", "this", "week")),
        ("casualties", ("kiev", "last", "7", "days")),
        ("casualties", ("Kharkiv", "2025-04")),
        ("casualties", ("Ukraine", "this", "month")),
        ("casualties", (places[4].written,)),  # the fifth busiest, all time
        ("casualties", tuple(places[150].written.split())),  # a rare one, all time
        ("casualties", ("Kyiv",)),  # the busiest, all time
        ("casualties", ("Atlantis",)),  # no reports: the reply lists the places that have some
    ]


def quote_forms() -> list[Form]:
    rare = vocab.speakers()[300]
    return [
        ("quotes", ("trump",)),
        ("quotes", ("Rutte", "3")),
        ("quotes", ("Volodymyr", "Zelensky")),
        ("quotes", (vocab.speakers()[12].surname, "10")),
        ("quotes", (rare.surname,)),  # a common surname: several people
        ("quotes", ("Nobody",)),
    ]


def other_forms() -> list[Form]:
    """The other commands, for their query plans (and a few timings)."""
    return [
        ("who", ("trump",)),
        ("who", (vocab.speakers()[300].surname,)),
        ("sources", ()),
        ("article", ("50000",)),
        ("digest", ()),
    ]


def label(form: Form) -> str:
    return "/" + " ".join([form[0], *form[1]])


@dataclass
class Latencies:
    """Seconds per answer, by form."""

    by_form: dict[Form, list[float]] = field(default_factory=dict)

    def of(self, command: str) -> list[float]:
        return [s for form, times in self.by_form.items() if form[0] == command for s in times]

    def detail(self) -> list[str]:
        return [
            f"  {label(form):<40} median {ms(percentile(times, 50)):>10}   max {ms(max(times)):>10}"
            for form, times in self.by_form.items()
        ]


def measure(newsroom: Newsroom, forms: list[Form], rounds: int) -> Latencies:
    """Answer every form `rounds` times, round-robin, after one unmeasured warm-up each."""
    for command, args in forms:
        newsroom.answer(command, list(args), CHAT)
    result = Latencies({form: [] for form in forms})
    for _ in range(rounds):
        for form in forms:
            started = time.perf_counter()
            newsroom.answer(form[0], list(form[1]), CHAT)
            result.by_form[form].append(time.perf_counter() - started)
    return result


def query_plans(newsroom: Newsroom, forms: list[Form]) -> list[plans.Statement]:
    """The statements each form runs, explained."""
    statements: dict[tuple[str, str, str], plans.Statement] = {}
    for form in forms:
        with plans.caught(newsroom.engine, label(form), statements):
            newsroom.answer(form[0], list(form[1]), CHAT)
    return plans.explain_all(newsroom.engine, statements)


def run(newsroom: Newsroom, rounds: int, backend: str) -> Latencies:
    """Measure both commands (and, briefly, the others), print the per-form figures and the
    query plans of every command."""
    forms = casualty_forms() + quote_forms()
    latencies = measure(newsroom, forms, rounds)
    log(f"Command latency by form ({backend}, {rounds} rounds):")
    for line in latencies.detail():
        log(line)
    log(f"Other commands ({backend}, 3 rounds):")
    for line in measure(newsroom, other_forms(), 3).detail():
        log(line)
    log(f"Query plans ({backend}):")
    for line in plans.describe(query_plans(newsroom, forms + other_forms())):
        log(line)
    return latencies
