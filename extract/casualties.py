"""Casualties: the tolls an article reports, each tied to the event's place and date.

The counts of each sentence (extract.toll_counts) with their places (extract.toll_places), as
extract.toll_mentions reads them, go to the event of their place and date
(extract.toll_events, dated by extract.story_days); reports of one event (same place and date)
merge: an explicit update ("rose to") wins, else the highest figure the article gives. A
headline only restates the body's news (extract.toll_headlines). How the records relate
(aggregates, background) is decided last (extract.incidents).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extract.evidence import evidence_for
from extract.facts import Casualty
from extract.gazetteer import Gazetteer
from extract.incidents import related_records
from extract.places import PlaceIndex, PlaceMention
from extract.scenes import tells_another_incident, told_apart
from extract.story_days import StoryDays
from extract.toll_events import Event, StoryEvents, figures, injured_count
from extract.toll_headlines import Headline, add_headlines, headline_end, headline_of
from extract.toll_mentions import mentions_in
from extract.toll_places import TollPlaces, most_named
from extract.toll_words import HARMED, INJURED, KILLED, MISSING


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
        self.days = StoryDays(
            body.doc, body.sentence_dates, title.sentence_dates if title else None, published
        )

    def casualties(self) -> list[Casualty]:
        """One record per event (place and date), in the order the events are first reported."""
        fallback_date = self.days.fallback()
        places = TollPlaces(self.body.places, self.dateline_place, self.gazetteer)
        main_place = places.main()
        if main_place is None and self.title is not None:
            main_place = most_named(self.title.places)  # "... after Durham drive-by"
        story = StoryEvents(places, main_place, self.days, fallback_date)
        headlines = self._read_body(story, places)
        headlines += self._title_headlines()
        add_headlines(headlines, story.events, main_place, story.main_date or fallback_date)
        story.place_at_scene()
        told = [(r, e) for e in story.events.values() if (r := self._record(e)) is not None]
        # "In a separate attack, 12 were killed near Dori": no total above counts it.
        separate = {id(r) for r, e in told if all(told_apart(m.sentence) for m in e.mentions)}
        # "Another strike on a house in X killed seven": an attack of its own, no part of one.
        own = separate | {
            id(r) for r, e in told if all(tells_another_incident(m.sentence) for m in e.mentions)
        }
        return related_records([r for r, _ in told], self.gazetteer, separate, own)

    def _read_body(self, story: StoryEvents, places: TollPlaces) -> list[Headline]:
        """Tells the body's sentences to `story`, each with the place its paragraph goes on
        about; returns the tolls of a headline line the text opens with."""
        body = self.body
        carried: PlaceMention | None = None  # the paragraph's place so far
        headlines: list[Headline] = []
        lead_end = headline_end(body.doc)
        for sent in body.doc.sents:
            if _starts_paragraph(sent):
                carried = None
            setting = places.own(sent, strict=True)
            told = sent
            if sent.start < lead_end:
                # A text that opens with its headline line: that line's tolls are a headline's.
                line = body.doc[sent.start : min(sent.end, lead_end)]
                if lead := headline_of(line, body.part, places):
                    headlines.append(lead)
                told = body.doc[min(sent.end, lead_end) : sent.end]
            mentions = mentions_in(told, body.part, places)
            # "In Kharkiv, a missile hit a school. Another five people were injured": the
            # paragraph goes on about the place it named (not about an attacker it named), or
            # about where its tolls happened ("Three were shot in Kupiansk. Two were hit in the
            # leg.").
            paragraph_place = carried
            tied = {m.place.name: m.place for m in mentions if m.place is not None}
            carried = next(iter(tied.values())) if len(tied) == 1 else setting or carried
            story.tell(sent, mentions, paragraph_place)
        return headlines

    def _title_headlines(self) -> list[Headline]:
        """The tolls of the article's title, sentence by sentence, with the place each names."""
        if self.title is None:
            return []
        title_places = TollPlaces(self.title.places, self.dateline_place, self.gazetteer)
        return [
            found
            for sent in self.title.doc.sents
            if (found := headline_of(sent, self.title.part, title_places))
        ]

    def _record(self, event: Event) -> Casualty | None:
        """The event's record, with the sentence of its lead figure; None when the event has
        no killed, injured or missing."""
        values = figures(event)
        killed = values.get(KILLED)
        injured = values.get(INJURED)
        harmed = values.get(HARMED)
        injured_value = injured_count(values)
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
            dated=event.date is not None and event.date in self.days.named_days(),
            kind=place.kind if place else None,
            region=self.body.places.parents.get(place.name) if place else None,
            written=self._written(place.name) if place else None,
            revised=lead.update,
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


def _starts_paragraph(sent: Span) -> bool:
    """Whether a line break comes before the sentence (the text is one paragraph a line)."""
    doc = sent.doc
    if sent.start == 0:
        return True
    before = doc[sent.start - 1]
    return "\n" in before.whitespace_ or "\n" in before.text or "\n" in sent[0].text
