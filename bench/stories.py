"""Wire-style stories written from templates, each with the facts it states and the sentence
each fact sits in; and variants of the seed story. The store generator keeps the facts without
parsing; the ingest, burst and memory benchmarks give the texts to spaCy."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from bench import vocab
from bench.vocab import Speaker, Spot
from service.ingest import Story

SEED = Path(__file__).resolve().parent.parent / "seeds" / "kyiv-strike-2025-04-24.txt"
SEED_DAYS = {dt.date(2025, 4, d): f"{d} April 2025" for d in (23, 24, 25)}
CASUALTY_SHARE = 0.35  # stories that report a toll
QUALIFIERS = ["at least", "at least", None, None, "more than", "nearly"]

FILLERS = [
    "Rescuers were still clearing rubble in {place} hours later, officials said.",
    "Air raid sirens sounded across {place} for much of the night.",
    "Residents of {place} described a night of explosions and fires.",
    "Power and water supplies in parts of {place} were cut, the local authorities said.",
    "The attack on {place} came as diplomats prepared for another round of talks.",
    "Schools in {place} moved lessons online for the rest of the week.",
    "Aid groups said they were sending supplies to {place} by road.",
    "Several buildings in the centre of {place} were damaged, images showed.",
]
GENERAL = [
    "The claims could not be independently verified.",
    "Officials did not give further details.",
    "The talks are expected to continue in the coming days.",
    "It was the third such attack this month.",
    "The ministry did not immediately respond to a request for comment.",
    "Both sides have accused each other of targeting civilians.",
]


@dataclass(frozen=True)
class Said:
    """Where a fact was stated: the sentence and its offsets in the text."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Toll:
    spot: Spot
    killed: int | None
    injured: int | None
    qualifier: str | None
    day: dt.date
    dated: bool
    said: Said


@dataclass(frozen=True)
class QuoteFact:
    speaker: Speaker
    text: str
    kind: str
    cue: str
    said: Said


@dataclass
class GeneratedStory:
    """A story's text and the facts it states."""

    title: str
    text: str = ""
    tolls: list[Toll] = field(default_factory=list)
    quotes: list[QuoteFact] = field(default_factory=list)
    people: dict[Speaker, list[Said]] = field(default_factory=dict)
    places: dict[Spot, list[Said]] = field(default_factory=dict)
    countries: dict[str, Said] = field(default_factory=dict)
    organizations: dict[str, list[Said]] = field(default_factory=dict)
    dates: list[tuple[str, str, Said]] = field(default_factory=list)  # (text, ISO, where)


class Draft:
    """Sentences written one a line, each with its offsets in the final text."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.size = 0

    def add(self, sentence: str) -> Said:
        start = self.size + (1 if self.lines else 0)
        self.lines.append(sentence)
        self.size = start + len(sentence)
        return Said(sentence, start, self.size)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def day_text(day: dt.date) -> str:
    """ "Thursday 24 April 2025", as wire copy dates an event."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def capital(words: str) -> str:
    """ "Regional governor" at the start of a sentence."""
    return words[:1].upper() + words[1:]


def text_key(text: str) -> str:
    """`service.ingest.text_key` for the plain ASCII texts written here, without its
    per-character cleaning pass (too slow for 100,000 stories; the result is the same)."""
    return hashlib.sha256(" ".join(re.findall(r"\w+", text.casefold())).encode()).hexdigest()


class Writer:
    """Writes stories with Zipf-distributed places, speakers and sources."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.places = vocab.places()
        self.speakers = vocab.speakers()
        self._place_weights = vocab.zipf_cumulative(len(self.places), 1.1)
        self._speaker_weights = vocab.zipf_cumulative(len(self.speakers), 1.0)
        self._source_weights = vocab.zipf_cumulative(len(vocab.SOURCES), 1.0)

    def place(self) -> Spot:
        return vocab.pick(self.rng, self.places, self._place_weights)

    def speaker(self) -> Speaker:
        return vocab.pick(self.rng, self.speakers, self._speaker_weights)

    def source(self) -> str:
        return vocab.pick(self.rng, vocab.SOURCES, self._source_weights)

    def story(self, published: dt.date, agency: str) -> GeneratedStory:
        """A story published on `published`: a lead (a toll, or a statement), quotes, people,
        places, organisations and dates, in a shuffled body."""
        rng, draft = self.rng, Draft()
        spot = self.place()
        if rng.random() < CASUALTY_SHARE:
            story = self._toll_lead(draft, spot, published, agency)
        else:
            story = self._statement_lead(draft, spot, published, agency)
        body: list[tuple[str, object]] = []
        for _ in range(rng.choice([0, 1, 2, 2, 3, 3, 4, 4, 5, 6, 8, 10])):
            body.append(("quote", self.speaker()))
        for _ in range(rng.randint(0, 3)):
            body.append(("person", self.speaker()))
        for _ in range(rng.randint(1, 4)):
            body.append(("place", self.place()))
        for _ in range(rng.randint(0, 4)):
            body.append(("organization", rng.choice(vocab.ORGANIZATIONS)))
        for _ in range(rng.randint(0, 3)):
            body.append(("date", published + dt.timedelta(days=rng.randint(-6, 6))))
        body += [("general", None)] * rng.randint(1, 4)
        rng.shuffle(body)
        for kind, what in body:
            getattr(self, f"_{kind}")(draft, story, what)
        story.text = draft.text
        return story

    def _toll_lead(
        self, draft: Draft, spot: Spot, published: dt.date, agency: str
    ) -> GeneratedStory:
        rng = self.rng
        dated = rng.random() < 0.7
        day = published - dt.timedelta(days=rng.choice([0, 0, 1])) if dated else published
        killed = min(int(rng.paretovariate(1.3)), 400) if rng.random() < 0.85 else None
        injured = min(int(rng.paretovariate(1.0)) * 3, 900) if rng.random() < 0.7 else None
        qualifier = rng.choice(QUALIFIERS) if killed is not None else None
        official = self.speaker()
        toll = []
        if killed is not None:
            word = vocab.NUMBER_WORDS[killed - 2] if 2 <= killed <= 20 else str(killed)
            toll.append(f"killing {qualifier + ' ' if qualifier else ''}{word} people")
        if injured is not None:
            toll.append(f"wounding {injured}")
        when = f" on {day_text(day)}" if dated else " overnight"
        sentence = (
            f"{spot.written.upper()} ({agency}) - A {rng.choice(vocab.WEAPONS)} strike hit "
            f"{spot.written}{when}, {' and '.join(toll) or 'causing damage'}, "
            f"{official.title} {official.name} said."
        )
        said = draft.add(sentence)
        title = (
            f"Strike on {spot.written} kills {killed}" if killed else f"Strike hits {spot.written}"
        )
        story = GeneratedStory(title=title)
        story.tolls.append(Toll(spot, killed, injured, qualifier, day, dated, said))
        story.places[spot] = [said]
        story.countries[spot.country] = said
        story.people[official] = [said]
        if dated:
            story.dates.append((day_text(day), day.isoformat(), said))
        return story

    def _statement_lead(
        self, draft: Draft, spot: Spot, published: dt.date, agency: str
    ) -> GeneratedStory:
        rng, speaker = self.rng, self.speaker()
        sentence = (
            f"{spot.written.upper()} ({agency}) - {capital(speaker.title)} {speaker.name} said on "
            f"{day_text(published)} that {rng.choice(vocab.QUOTE_MIDDLES)} "
            f"{rng.choice(vocab.QUOTE_ENDINGS)}."
        )
        said = draft.add(sentence)
        story = GeneratedStory(
            title=f"{speaker.surname} speaks on {rng.choice(vocab.QUOTE_MIDDLES)[4:]}"
        )
        story.people[speaker] = [said]
        story.places[spot] = [said]
        story.dates.append((day_text(published), published.isoformat(), said))
        return story

    def _quote(self, draft: Draft, story: GeneratedStory, speaker: object) -> None:
        assert isinstance(speaker, Speaker)
        rng = self.rng
        text, cue = vocab.quote_text(rng), rng.choice(vocab.CUES)
        named = speaker.surname if speaker in story.people else f"{speaker.title} {speaker.name}"
        if rng.random() < 0.15:
            words = text.split()
            text = " ".join(words[-4:])
            said = draft.add(f'{named} said {rng.choice(vocab.QUOTE_MIDDLES)} "{text}".')
            kind = "partial"
        else:
            said = draft.add(f'"{text}," {named} {cue}.')
            kind = "direct"
        story.quotes.append(QuoteFact(speaker, text, kind, cue.split()[0], said))
        story.people.setdefault(speaker, []).append(said)

    def _person(self, draft: Draft, story: GeneratedStory, speaker: object) -> None:
        assert isinstance(speaker, Speaker)
        said = draft.add(
            f"{capital(speaker.title)} {speaker.name} was due to meet officials in "
            f"{self.place().written} later this week."
        )
        story.people.setdefault(speaker, []).append(said)

    def _place(self, draft: Draft, story: GeneratedStory, spot: object) -> None:
        assert isinstance(spot, Spot)
        said = draft.add(self.rng.choice(FILLERS).format(place=spot.written))
        story.places.setdefault(spot, []).append(said)
        story.countries.setdefault(spot.country, said)

    def _organization(self, draft: Draft, story: GeneratedStory, name: object) -> None:
        assert isinstance(name, str)
        said = draft.add(f"The {name} said it was following the situation closely.")
        story.organizations.setdefault(name, []).append(said)

    def _date(self, draft: Draft, story: GeneratedStory, day: object) -> None:
        assert isinstance(day, dt.date)
        said = draft.add(f"Talks are due to resume on {day_text(day)}, a diplomat said.")
        story.dates.append((day_text(day), day.isoformat(), said))

    def _general(self, draft: Draft, story: GeneratedStory, _what: object) -> None:
        draft.add(self.rng.choice(GENERAL))


def seed_variant(rng: random.Random) -> str:
    """The seed story about another Ukrainian city, another toll, some weeks later."""
    text = SEED.read_text()
    city = rng.choice([p for p in vocab.places()[1:60] if p.country == "Ukraine"]).written
    weeks = rng.randint(1, 80)
    for day, written in SEED_DAYS.items():
        text = text.replace(written, f"{day + dt.timedelta(weeks=weeks):%-d %B %Y}")
    text = text.replace("KYIV", city.upper()).replace("Kyiv", city)
    text = text.replace("twelve", rng.choice(vocab.NUMBER_WORDS[:15]))
    return text.replace("wounded 90", f"wounded {rng.randint(3, 150)}")


def incoming(count: int, seed: int, start: dt.datetime | None = None) -> list[Story]:
    """`count` new stories as forwarded from channels: every third a variant of the seed
    story (800 words), the others generated wire stories (200 to 500 words)."""
    rng = random.Random(seed)
    writer = Writer(rng)
    start = start or dt.datetime(2025, 5, 1, 6, 0, tzinfo=dt.UTC)
    out: list[Story] = []
    seen: set[str] = set()
    while len(out) < count:
        posted = start + dt.timedelta(minutes=37 * len(out))
        source = writer.source()
        seeded = len(out) % 3 == 0
        text = seed_variant(rng) if seeded else writer.story(posted.date(), source).text
        if text_key(text) in seen:
            continue
        seen.add(text_key(text))
        out.append(Story(text=text, source=source, published_at=posted))
    return out
