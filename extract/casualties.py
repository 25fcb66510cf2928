"""Casualties: the tolls an article reports, each tied to the event's place and date.

The counts of each sentence (extract.toll_counts) go to the event of their place
(extract.toll_places) and date; reports of one event (same place and date) merge: an explicit
update ("rose to") wins, else the highest figure the article gives. How the records relate
(aggregates, background) is decided last (extract.incidents).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from extract.dates import precision
from extract.evidence import evidence_for
from extract.facts import Casualty
from extract.gazetteer import Gazetteer
from extract.incidents import related_records
from extract.numbers import Count
from extract.places import PlaceIndex, PlaceMention
from extract.scenes import scene, tells_another_incident, told_apart
from extract.toll_counts import Toll, counts_at, partitive
from extract.toll_dates import cited_before, within_period
from extract.toll_places import TollPlaces, most_named
from extract.toll_words import (
    ADJ_CATEGORY,
    CATEGORIES,
    EVENT_NOUNS,
    HARMED,
    INJURED,
    KILLED,
    MISSING,
    SPREAD_WORDS,
    VERB_CATEGORY,
)


def _starts_paragraph(sent: Span) -> bool:
    """Whether a line break comes before the sentence (the text is one paragraph a line)."""
    doc = sent.doc
    if sent.start == 0:
        return True
    before = doc[sent.start - 1]
    return "\n" in before.whitespace_ or "\n" in before.text or "\n" in sent[0].text


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


def _headline_end(doc: Doc) -> int:
    """The token after a first line that reads as a headline (short, no closing stop, a line
    break after it), as forwarded posts and pasted pages often open; 0 when there is none."""
    first = next((t for t in doc if "\n" in t.text or "\n" in t.whitespace_), None)
    if first is None:
        return 0
    line = doc[: first.i + 1]
    text = line.text.strip()
    if not 3 <= len(text.split()) <= 25 or text[-1:] in {".", "!", "?", '"', "”", ":"}:
        return 0
    return first.i + 1


def _mentions_violence(sent: Span) -> bool:
    return any(
        t.lemma_.lower() in VERB_CATEGORY
        or t.lower_ in ADJ_CATEGORY
        or t.lemma_.lower() in EVENT_NOUNS
        for t in sent
    )


@dataclass
class _Mention:
    category: str
    count: Count
    sentence: Span
    update: bool = False
    part: str = "text"
    place: PlaceMention | None = None  # the place the parse ties the figure to
    figure: int = 0  # the figure's token


def _lists(total: Toll, placed: list[Toll]) -> bool:
    """Whether a figure heads a list of figures of its kind with places of their own ("six
    deaths, one in X, two in Y"): it is their sum, and has no place of its own."""
    head = total.token.head if total.token.dep_ == "nummod" else total.token
    return any(t.category == total.category and head.is_ancestor(t.token) for t in placed)


def _place_of(figure: Token, parts: list[int], places: TollPlaces) -> PlaceMention | None:
    """The place the parse ties a figure to; "killed 28, 23 of them in one district": a part
    of a toll (`parts`: its figures) is where it is told to be, and that is not the whole's."""
    if figure.i in parts:
        return places.told_after(figure)
    return places.attached(figure, before=next((p for p in parts if p > figure.i), None))


def _shared_place(
    found: list[tuple[Toll, PlaceMention | None]],
) -> list[tuple[Toll, PlaceMention | None]]:
    """A sentence's figures with their places; one of another kind after the sentence's one
    placed figure, with no place of its own, is that place's, however the parse hangs it ("In
    the capital, two were killed and 14 injured"); not one before it ("six deaths in X, ...
    three died in Y")."""
    placed = [(t, p) for t, p in found if p is not None]
    if len({p.name for _, p in placed}) != 1:
        return found
    first, only = placed[0]
    kinds = {t.category for t, _ in placed}
    return [
        (t, p if p is not None or t.category in kinds or t.token.i < first.token.i else only)
        for t, p in found
    ]


@dataclass
class _Event:
    place: PlaceMention | None
    date: str | None
    mentions: list[_Mention] = field(default_factory=list)


_Key = tuple[str | None, str | None]  # an event's place name and day


def _place_at_scene(
    events: dict[_Key, _Event], told_in: list[tuple[Span, set[_Key]]], places: TollPlaces
) -> None:
    """A story's first event, the only one of its day (but for attacks told apart: "in a
    separate attack"), is where its account says the attack hit, when that is inside its
    toll's place and narrower (extract.scenes.scene). The account runs until a sentence
    tells another event ("another attack on the town of Y")."""
    if not events:
        return
    first, event = next(iter(events.items()))
    same_day = [
        e
        for k, e in events.items()
        if k != first and k[1] == first[1] and not all(told_apart(m.sentence) for m in e.mentions)
    ]
    if (
        event.place is None
        or same_day
        # "ten killed across Ukraine ... a drone hit Kharkiv": a toll over the whole place.
        or any(t.lower_ in SPREAD_WORDS for m in event.mentions for t in m.sentence)
    ):
        return
    account = []
    for sent, keys in told_in:
        if keys - {first} or tells_another_incident(sent):
            break
        account.append(sent)
    hit = scene(places, event.place, account)
    if hit is not None and all(k[0] != hit.name for k in events):
        event.place = hit


@dataclass(frozen=True)
class ParsedText:
    """One parsed part of an article (its body, or its headline) with what was found in it."""

    doc: Doc
    places: PlaceIndex
    sentence_dates: dict[int, str]  # sentence start token -> the day it names
    part: str = "text"


class CasualtyRecognizer:
    """Finds the casualty records of one parsed article."""

    def __init__(
        self,
        body: ParsedText,
        title: ParsedText | None,
        dateline_place: PlaceMention | None,
        published: str | None,
        gazetteer: Gazetteer,
    ) -> None:
        self.gazetteer = gazetteer
        self.body = body
        self.title = title
        self.dateline_place = dateline_place
        self.published = published
        self._derived_days: set[str] = set()  # days counted back from the story's ("a day after")

    def casualties(self) -> list[Casualty]:
        """One record per event (place and date), in the order the events are first reported."""
        events: dict[_Key, _Event] = {}
        body = self.body
        fallback_date = self._fallback_date()
        main_date: str | None = None
        places = TollPlaces(body.places, self.dateline_place, self.gazetteer)
        main_place = places.main()
        if main_place is None and self.title is not None:
            main_place = most_named(self.title.places)  # "... after Durham drive-by"
        carried: PlaceMention | None = None  # the paragraph's place so far
        headlines: list[tuple[list[_Mention], PlaceMention | None]] = []
        told_in: list[tuple[Span, set[_Key]]] = []  # each sentence, and the events it tells
        lead_end = _headline_end(body.doc)
        for sent in body.doc.sents:
            if _starts_paragraph(sent):
                carried = None
            setting = places.own(sent, strict=True)
            told = sent
            if sent.start < lead_end:
                # A text that opens with its headline line: that line's tolls are a headline's.
                line = body.doc[sent.start : min(sent.end, lead_end)]
                if lead := self._mentions(line, body, places):
                    headlines.append((lead, places.own(line)))
                told = body.doc[min(sent.end, lead_end) : sent.end]
            mentions = self._mentions(told, body, places)
            told_in.append((sent, set()))
            if not mentions:
                carried = setting or carried
                continue
            # "In Kharkiv, a missile hit a school. Another five people were injured": the
            # paragraph goes on about the place it named (not about an attacker it named), or
            # about where its tolls happened ("Three were shot in Kupiansk. Two were hit in the
            # leg.").
            paragraph_place = carried
            tied = {m.place.name: m.place for m in mentions if m.place is not None}
            carried = next(iter(tied.values())) if len(tied) == 1 else setting or carried
            date = within_period(self._named_day(sent), fallback_date)
            if main_date is None and date:
                main_date = date
            for mention in mentions:
                figure = body.doc[mention.figure]
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
                    continue
                place = own_place or main_place
                key_date = date or main_date or fallback_date
                # "The attack came two days after a strike on X killed 7": unless the sentence
                # names its day, counted back from the story's.
                earlier = None if date else cited_before(figure, key_date)
                if earlier is not None:
                    key_date = earlier
                    self._derived_days.add(earlier)
                key = (place.name if place else None, key_date)
                if mention.update:
                    # "On Tuesday the toll reached 28": the day is the report's; the toll is
                    # the latest of the incident told before at that place.
                    told = [k for k in events if k[0] == key[0]]
                    key = told[-1] if told else key
                events.setdefault(key, _Event(place, key_date)).mentions.append(mention)
                told_in[-1][1].add(key)
        if self.title is not None:
            title_places = TollPlaces(self.title.places, self.dateline_place, self.gazetteer)
            for sent in self.title.doc.sents:
                told = self._mentions(sent, self.title, title_places)
                if told:
                    headlines.append((told, title_places.own(sent)))
        self._add_headlines(headlines, events, main_place, main_date or fallback_date)
        _place_at_scene(events, told_in, places)
        told = [(r, e) for e in events.values() if (r := self._record(e)) is not None]
        # "In a separate attack, 12 were killed near Dori": no total above counts it.
        separate = {id(r) for r, e in told if all(told_apart(m.sentence) for m in e.mentions)}
        # "Another strike on a house in X killed seven": an attack of its own, no part of one.
        own = separate | {
            id(r) for r, e in told if all(tells_another_incident(m.sentence) for m in e.mentions)
        }
        return related_records([r for r, _ in told], self.gazetteer, separate, own)

    def _named_day(self, sent: Span) -> str | None:
        """The day (or week) a sentence names; a month or a year only when it is before the
        story's ("last month, an attack killed 11", "at his funeral in 2019"): "this month"
        and "this year" date nothing."""
        named = self.body.sentence_dates.get(sent.start)
        if named is None or precision(named) not in {"month", "year"}:
            return named
        if self.published is None or self.published[: len(named)] <= named:
            return None
        return named

    def _named_days(self) -> set[str]:
        """The days the article's text names (its headline's included), or counts back to."""
        days = set(self.body.sentence_dates.values()) | self._derived_days
        if self.title is not None:
            days |= set(self.title.sentence_dates.values())
        return days

    def _fallback_date(self) -> str | None:
        """The event's date when its own sentence has none: the first day named in a sentence
        about the violence ("the shooting happened Feb. 6"), else the first day the story
        names at all, never one after publication; else publication."""
        body = self.body
        days = [
            (start, d)
            for start, d in sorted(body.sentence_dates.items())
            if (not self.published or d <= self.published) and precision(d) in {"day", "week"}
        ]
        about_event = [d for start, d in days if _mentions_violence(body.doc[start].sent)]
        return (about_event or [d for _, d in days] or [self.published])[0]

    def _add_headlines(
        self,
        headlines: list[tuple[list[_Mention], PlaceMention | None]],
        events: dict[_Key, _Event],
        main_place: PlaceMention | None,
        date: str | None,
    ) -> None:
        """A headline repeats the story's news: its tolls belong to an event the body tells
        (the one at the headline's place, else the one reported most), never to a new one of
        their own; only a story whose body gives no toll takes the headline's."""
        for mentions, place in headlines:
            if events:
                same = [k for k in events if place is not None and k[0] == place.name]
                if place is not None and not same:
                    continue
                key = (same or [max(events, key=lambda k: len(events[k].mentions))])[0]
            else:
                place = place or main_place
                key = (place.name if place else None, date)
            events.setdefault(key, _Event(place, key[1])).mentions.extend(mentions)

    # --- one sentence -------------------------------------------------------------------
    def _mentions(self, sent: Span, text: ParsedText, places: TollPlaces) -> list[_Mention]:
        """The sentence's tolls, each with the place the parse ties it to: one figure per
        category and place, the highest (a sentence repeats, not adds)."""
        headline = text.part == "title"
        tolls = [toll for tok in sent for toll in counts_at(tok, headline)]
        parts = [t.token.i for t in tolls if partitive(t.token)]
        found = [(toll, _place_of(toll.token, parts, places)) for toll in tolls]
        found = _shared_place(found)
        best: dict[tuple[str, str | None], _Mention] = {}
        for toll, place in found:
            if place is None and _lists(toll, [t for t, p in found if p is not None]):
                continue  # "three killed, one in X, two in Y": the figures after it count
            m = _Mention(
                toll.category, toll.count, sent, toll.update, text.part, place, toll.token.i
            )
            key = (m.category, place.name if place else None)
            old = best.get(key)
            if old is None or (m.update, m.count.value) > (old.update, old.count.value):
                best[key] = m
        return list(best.values())

    # --- record -----------------------------------------------------------------------
    def _record(self, event: _Event) -> Casualty | None:
        values: dict[str, _Mention] = {}
        for category in CATEGORIES:
            ms = [m for m in event.mentions if m.category == category]
            if not ms:
                continue
            updates = [m for m in ms if m.update]
            values[category] = updates[-1] if updates else max(ms, key=lambda m: m.count.value)
        killed = values.get(KILLED)
        injured = values.get(INJURED)
        harmed = values.get(HARMED)
        injured_value = injured.count.value if injured else None
        if harmed is not None:
            # Victims shot (or taken to hospital) include the dead; the rest are the wounded.
            rest = harmed.count.value - (killed.count.value if killed else 0)
            if rest > 0 and (injured_value is None or rest > injured_value):
                injured_value = rest
        missing = values.get(MISSING)
        if killed is None and injured_value is None and missing is None:
            return None
        lead = killed or injured or harmed or missing
        assert lead is not None
        sentence = lead.sentence
        place = event.place
        evidence = evidence_for(sentence.doc, sentence.start, sentence.end, lead.part)
        return Casualty(
            location=place.name if place else None,
            country=place.country if place else None,
            killed=killed.count.value if killed else None,
            injured=injured_value,
            missing=missing.count.value if missing else None,
            qualifier=lead.count.qualifier,
            date=event.date,
            evidence=evidence,
            dated=event.date is not None and event.date in self._named_days(),
            kind=place.kind if place else None,
            region=self.body.places.parents.get(place.name) if place else None,
            written=self._written(place.name) if place else None,
        )

    def _written(self, name: str) -> str | None:
        """The record's place as the story writes it ("Nikolayev" for "Mykolayiv"),
        when that is not its canonical name."""
        texts = [self.body, *([self.title] if self.title else [])]
        parts = name.split(", ")
        spelled = [
            next((w for t in texts if (w := t.places.written(part))), None) for part in parts
        ]
        if not any(spelled):
            return None
        return ", ".join(w or part for w, part in zip(spelled, parts, strict=True))
