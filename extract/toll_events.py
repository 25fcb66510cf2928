"""Events: a story's tolls gathered by the place and day they happened, and merged.

Each toll goes to the event of its place (its own, else its paragraph's, else the story's main
place) and of its day (its sentence's, else the story's); a toll whose sentence names neither
goes on about the story's main event. Reports of one event merge: an explicit update ("rose to")
wins, else the highest figure the article gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from extract.places import PlaceMention
from extract.scenes import scene, tells_another_incident, told_apart
from extract.story_days import StoryDays
from extract.toll_dates import cited_before, within_period
from extract.toll_mentions import Mention
from extract.toll_places import TollPlaces
from extract.toll_words import CATEGORIES, HARMED, INJURED, KILLED, SPREAD_WORDS

EventKey = tuple[str | None, str | None]  # an event's place name and day


@dataclass
class Event:
    """One incident: its place, its day, and every toll told of it."""

    place: PlaceMention | None
    date: str | None
    mentions: list[Mention] = field(default_factory=list)


class StoryEvents:
    """The events of one story, in the order they are first reported, told sentence by
    sentence."""

    def __init__(
        self,
        places: TollPlaces,
        main_place: PlaceMention | None,
        days: StoryDays,
        fallback_date: str | None,
    ) -> None:
        self.places = places
        self.main_place = main_place
        self.days = days
        self.fallback_date = fallback_date
        self.main_date: str | None = None  # the first day a sentence with tolls names
        self.events: dict[EventKey, Event] = {}
        self.told_in: list[tuple[Span, set[EventKey]]] = []  # each sentence, and its events

    def tell(
        self, sent: Span, mentions: list[Mention], paragraph_place: PlaceMention | None
    ) -> None:
        """A sentence's tolls, each to its event; `paragraph_place`: the place the paragraph
        went on about before the sentence."""
        self.told_in.append((sent, set()))
        if not mentions:
            return
        date = within_period(self.days.named_day(sent), self.fallback_date)
        if self.main_date is None and date:
            self.main_date = date
        for mention in mentions:
            self._add(mention, sent, date, paragraph_place)

    def _add(
        self,
        mention: Mention,
        sent: Span,
        date: str | None,
        paragraph_place: PlaceMention | None,
    ) -> None:
        """One toll to the event of its place and day (`date`: the day its sentence names)."""
        places, main_place, events = self.places, self.main_place, self.events
        figure = sent.doc[mention.figure]
        named = mention.place or places.own(sent, figure=figure)
        if _over_places(figure) and (named is None or named.kind != "country"):
            # "20 killed across six states, with more deaths in Nebraska": the
            # story's country's, not the place a later phrase names.
            named = places.country()
        own_place = places.narrowed(named or paragraph_place, main_place)
        if own_place is None and date is None and events:
            # A sentence that names neither place nor day goes on about the story's
            # main event ("The girl was shot by another 5-year-old"): the one at the
            # story's main place, else the first reported.
            main = [e for e in events.values() if main_place and e.place == main_place]
            (main or list(events.values()))[0].mentions.append(mention)
            return
        place = own_place or main_place
        key_date = date or self.main_date or self.fallback_date
        # "The attack came two days after a strike on X killed 7": unless the sentence
        # names its day, counted back from the story's.
        earlier = None if date else cited_before(figure, key_date)
        if earlier is not None:
            key_date = earlier
            self.days.derived.add(earlier)
        key = (place.name if place else None, key_date)
        if mention.update:
            # "On Tuesday the toll reached 28": the day is the report's; the toll is
            # the latest of the incident told before at that place.
            told = [k for k in events if k[0] == key[0]]
            key = told[-1] if told else key
        events.setdefault(key, Event(place, key_date)).mentions.append(mention)
        self.told_in[-1][1].add(key)

    def place_at_scene(self) -> None:
        """A story's first event, the only one of its day (but for attacks told apart: "in a
        separate attack"), is where its account says the attack hit, when that is inside its
        toll's place and narrower (extract.scenes.scene). The account runs until a sentence
        tells another event ("another attack on the town of Y")."""
        events = self.events
        if not events:
            return
        first, event = next(iter(events.items()))
        same_day = [
            e
            for k, e in events.items()
            if k != first
            and k[1] == first[1]
            and not all(told_apart(m.sentence) for m in e.mentions)
        ]
        if (
            event.place is None
            or same_day
            # "ten killed across Ukraine ... a drone hit Kharkiv": a toll over the whole place.
            or any(t.lower_ in SPREAD_WORDS for m in event.mentions for t in m.sentence)
        ):
            return
        account = []
        for sent, keys in self.told_in:
            if keys - {first} or tells_another_incident(sent):
                break
            account.append(sent)
        hit = scene(self.places, event.place, account)
        if hit is not None and all(k[0] != hit.name for k in events):
            event.place = hit


def figures(event: Event) -> dict[str, Mention]:
    """The event's figure of each category it reports: the last explicit update ("rose to
    28"), else the highest."""
    values: dict[str, Mention] = {}
    for category in CATEGORIES:
        ms = [m for m in event.mentions if m.category == category]
        if not ms:
            continue
        updates = [m for m in ms if m.update]
        values[category] = updates[-1] if updates else max(ms, key=lambda m: m.count.value)
    return values


def injured_count(values: dict[str, Mention]) -> int | None:
    """The injured among an event's figures (`figures`): those told injured, or the victims
    harmed who did not die when they are more."""
    killed = values.get(KILLED)
    injured = values.get(INJURED)
    harmed = values.get(HARMED)
    injured_value = injured.count.value if injured else None
    if harmed is not None:
        # Victims shot (or taken to hospital) include the dead; the rest are the wounded.
        rest = harmed.count.value - (killed.count.value if killed else 0)
        if rest > 0 and (injured_value is None or rest > injured_value):
            injured_value = rest
    return injured_value


def _over_places(figure: Token) -> bool:
    """Whether a figure's toll is spread over places its clause does not name: "claimed 42
    lives across six states", "killed 12 throughout the country", "nationwide"."""
    verb = next((t for t in [figure, *figure.ancestors] if t.pos_ in {"VERB", "AUX"}), None)
    words = [figure, figure.head, *([verb] if verb is not None else [])]
    for tok in (c for w in words for c in w.children):
        if tok.lower_ in {"nationwide", "countrywide"}:
            return True
        if tok.lower_ in SPREAD_WORDS and any(
            o.dep_ == "pobj"
            and (o.tag_ in {"NNS", "NNPS"} or o.lemma_.lower() in {"country", "nation"})
            for o in tok.children
        ):
            return True
    return False
