"""The engine: a batch gives each article the facts it gets alone, headlines included."""

from __future__ import annotations

from datetime import date

from extract.engine import Extractor
from extract.facts import Article

STORIES = [
    Article(
        "Rescuers searched the rubble on Tuesday, the city council said.",
        "Missile strike kills seven in Kherson",
        date(2025, 5, 6),
    ),
    Article('"We will rebuild the school," Mayor Ivan Petrenko said on Monday.', None, None),
    Article("Firefighters put out the blaze by noon.", "   ", date(2025, 5, 6)),
    Article(
        'KHARKIV (Reuters) - Two people were killed, officials said. "Stay inside," police said.',
        "Strikes hit Kharkiv overnight",
        date(2025, 5, 7),
    ),
]


def test_a_batch_gives_each_article_its_own_facts(extractor: Extractor) -> None:
    # A batch smaller than the list: headlines and texts of later batches stay in step.
    batched = list(extractor.extract_many(STORIES, batch_size=3))
    alone = [extractor.extract(a) for a in STORIES]
    assert batched == alone
    # The headline's toll and place reached the first story's facts.
    assert [(c.location, c.killed) for c in batched[0].casualties] == [("Kherson", 7)]
