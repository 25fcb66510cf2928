"""Where a toll happened: the place the parse ties a figure to ("five died in the Odesa
region and four in Zaporizhzhia"), else the place its sentence names, and the story's main place
for the sentences that name none.

The most specific place first, and never one that is no setting (extract.place_roles: where the
wounded were taken, a point of reference, who acted or speaks). A region that holds the story's
city is that city; a district the gazetteer does not know is named with it.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from extract.facts import PlaceKind
from extract.gazetteer import REGION_NOUNS, Gazetteer
from extract.place_roles import (
    actor,
    agent_subject,
    care_destination,
    in_figure_s_clauses,
    names_a_body,
    reference_point,
)
from extract.places import PlaceIndex, PlaceMention
from extract.toll_words import DISASTER_NOUNS, EVENT_NOUNS, TOLL_NOUNS

_RANK = {"city": 0, "place": 1, "region": 2, "country": 3}
# Prepositions that say where something happened: "killed in Kharkiv", "a strike on Sumy".
_SETTING_PREPS = frozenset(
    "in on at near across outside inside throughout around into within off".split()
)
# "in the region", "in the city": the kind of place the noun stands for.
_KIND_MEANT = {**dict.fromkeys(REGION_NOUNS, "region"), "city": "city"}
# How far down a phrase a place may sit: "killed in an attack on a building in Lviv".
_PHRASE_DEPTH = 4


def within(place: PlaceMention | None, main: PlaceMention | None) -> PlaceMention | None:
    """A place the gazetteer does not know (a district, a neighbourhood) is named with the
    story's main city: "East Flatbush, Brooklyn", "Shevchenkivskyi district, Kyiv". Not a
    village: "a village north of Lviv" is not in Lviv."""
    if (
        place is None
        or main is None
        or place.kind != "place"
        or place.local == "settlement"
        or main.kind not in {"city", "region"}
    ):
        return place
    if main.name in place.name:
        return place
    return PlaceMention(place.start, place.end, f"{place.name}, {main.name}", "place", main.country)


class TollPlaces:
    """The places of one parsed text's tolls."""

    def __init__(
        self, places: PlaceIndex, dateline: PlaceMention | None, gazetteer: Gazetteer
    ) -> None:
        self.places = places
        self.dateline = dateline
        self.gazetteer = gazetteer

    def own(
        self, sent: Span, strict: bool = False, figure: Token | None = None
    ) -> PlaceMention | None:
        """The place of the event a sentence reports, if it names one. A subject ("Russia
        keeps up its attacks"), a point of reference or an actor only when it names no other,
        and never when `strict` (the place a paragraph goes on about). With a `figure`, not a
        place in a clause of its own that the figure is not in ("..., a day after the group
        said it had shelled the border")."""
        doc = sent.doc
        named = [m for m in self.places.in_span(sent.start, sent.end) if not names_a_body(m, doc)]
        if figure is not None:
            named = [m for m in named if in_figure_s_clauses(doc[m.end - 1], figure)]
        # Where the wounded were taken or declared dead is not where they were hurt.
        mentions = [m for m in named if not care_destination(doc[m.end - 1])]
        # A point of reference or an actor is not where it happened.
        settings = [
            m for m in mentions if not reference_point(doc[m.end - 1]) and not actor(m, self.places)
        ]
        candidates = [m for m in settings if not agent_subject(doc[m.end - 1])]
        if not strict:
            # An actor, when the sentence names no other place; never a point of reference.
            candidates = (
                candidates
                or settings
                or [m for m in mentions if not reference_point(doc[m.end - 1])]
            )
        if not candidates:
            return None
        # A village or a district is more specific than any city near it; among places as
        # specific, the dateline's.
        dateline = self.dateline.name if self.dateline else None
        best = min(
            candidates,
            key=lambda m: (m.local is None, _RANK.get(m.kind, 4), m.name != dateline, m.start),
        )
        return self.dateline if self.dateline and best.name == dateline else best

    def attached(self, figure: Token, before: int | None = None) -> PlaceMention | None:
        """The place the parse ties a figure to: its own ("two in Kherson"), else its clause's
        ("five died in the Odesa region", "strikes on Sumy killed 12", "a missile hit a house
        in Bakhmut, killing 15", "the town of Mopti, where 11 were killed"), the most specific
        first. Not a place in a clause of its own ("a general killed in Kabul in 2019"), nor one
        at or after `before` (where a part of the toll is told: "23 of them in X")."""
        nodes = [figure]
        if figure.dep_ == "nummod":
            nodes.append(figure.head)  # "two deaths in X": the figure's noun
        found = [m for node in nodes for m in self._placed(node, _PHRASE_DEPTH)]
        predicate = figure
        while not found and predicate.head.i != predicate.i:
            if (
                predicate is not figure
                and predicate.pos_ in {"VERB", "AUX"}
                and predicate.dep_ not in {"advcl", "conj", "xcomp"}
            ):
                break  # the toll's clause, and the one a participle hangs on, are read
            predicate = predicate.head
            if predicate.pos_ in {"VERB", "AUX", "ADJ"}:
                found = self._in_clause(predicate)
        found = [m for m in found if before is None or m.start < before]
        if not found:
            return None
        return min(found, key=lambda m: (m.local is None, _RANK.get(m.kind, 4), m.start))

    def told_after(self, figure: Token) -> PlaceMention | None:
        """The place a part of a toll is given right after its figure ("23 of them in the
        Saltivskyi district"), in its sentence."""
        sent = figure.sent
        after = [m for m in self.places.in_span(figure.i + 1, sent.end)]
        settings = [m for m in after if self.setting(self.places.doc[m.end - 1]) is not None]
        return settings[0] if settings else None

    def _in_clause(self, predicate: Token) -> list[PlaceMention]:
        """The places of a predicate's clause: on itself, on its subject or object (an attack
        and what it hit), or the place a "where" clause is about."""
        if predicate.dep_ == "relcl" and any(c.lower_ == "where" for c in predicate.children):
            mention = self.setting(predicate.head)  # not "a hospital in X, where he died"
            return [mention] if mention is not None else []
        found = self._placed(predicate, _PHRASE_DEPTH)
        if predicate.dep_ == "relcl":
            # "floods in Spain that claimed 158 lives": where the clause's noun happened.
            found += self._placed(predicate.head, _PHRASE_DEPTH)
        for child in predicate.children:
            if child.dep_ == "advmod" and child.lower_ == "there" and (told := self._there(child)):
                found.append(told)  # "officials in X said 202 had died there"
            if child.dep_ in {"nsubj", "nsubjpass", "dobj", "advmod"}:  # "elsewhere in X"
                found += self._placed(child, _PHRASE_DEPTH)
            if child.dep_ in {"nsubjpass", "dobj"} and (mention := self.setting(child)):
                found.append(mention)  # "drones hit Sumy, killing two", "Sumy was hit"
            if child.dep_ == "advcl" and any(c.lower_ == "when" for c in child.children):
                found += self._in_clause(child)  # "killed when a bus plunged into a gorge in X"
        return found

    def _placed(self, node: Token, depth: int) -> list[PlaceMention]:
        """Places a phrase sets its head in: "in Kharkiv", "on a house in Bakhmut", "in the
        city of Zaporizhzhia"."""
        found: list[PlaceMention] = []
        # "the death toll from the attack on Kyiv": a toll's event is where it comes from.
        # ("the number of people killed in X": a tally's own clause says where.)
        tally = node.lemma_.lower() in TOLL_NOUNS | {"number"}
        preps = _SETTING_PREPS | {"from", "of"} if tally else _SETTING_PREPS
        for prep in node.children:
            if prep.dep_ != "prep" or prep.lower_ not in preps:
                continue
            objects = [o for o in prep.children if o.dep_ == "pobj"]
            # "from the missile and drone attack on Kyiv": the attack is joined to the missile.
            objects += [c for o in objects for c in o.children if c.dep_ == "conj"]
            for obj in objects:
                mention = self.setting(obj) or self._region_meant(obj) or self._named_for(obj)
                if mention is not None:
                    found.append(mention)
                elif depth > 0:
                    found += self._placed(obj, depth - 1)
                    found += self._named_of(obj)
                    if tally:
                        for clause in (c for c in obj.children if c.dep_ == "acl"):
                            found += self._placed(clause, depth - 1)
        return found

    def _there(self, there: Token) -> PlaceMention | None:
        """The place "there" points back at: the last named before it, in its sentence or the
        one before."""
        sent = there.sent
        start = sent.start
        if start > 0:
            start = self.places.doc[start - 1].sent.start
        named = self.places.in_span(start, there.i)
        return named[-1] if named else None

    def _region_meant(self, noun: Token) -> PlaceMention | None:
        """ "elsewhere in the region", "in the province": the last region the text named; "in
        the city" the last city; "in the capital" the story's country's."""
        if any(
            c.dep_ in {"compound", "amod", "poss", "prep", "appos"} and c.lower_ != "same"
            for c in noun.children
        ):
            return None  # "the Kharkiv region" names its own; "the same region" the last
        if noun.lower_ == "capital":
            return self._capital(noun)
        kind = _KIND_MEANT.get(noun.lower_)
        if kind is None:
            return None
        named = [m for m in self.places.mentions if m.kind == kind and m.end <= noun.i]
        return named[-1] if named else None

    def _named_for(self, noun: Token) -> PlaceMention | None:
        """The place an attack or a disaster is named for: "the Sylhet flood disaster", "the
        Latakia blasts", "Saturday's Kharkiv strike"."""
        if noun.lemma_.lower() not in EVENT_NOUNS | DISASTER_NOUNS:
            return None
        names = [t for t in noun.lefts if t.dep_ in {"compound", "amod", "nmod", "poss"}]
        while names:
            tok = names.pop(0)
            if (mention := self.setting(tok)) is not None:
                return mention
            names += [t for t in tok.lefts if t.dep_ in {"compound", "amod", "nmod"}]
        return None

    def _named_of(self, noun: Token) -> list[PlaceMention]:
        """ "the city of Zaporizhzhia", "the village of X": the place a common noun names."""
        return [
            m
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for obj in prep.children
            if obj.dep_ == "pobj" and (m := self.setting(obj)) is not None
        ]

    def setting(self, tok: Token) -> PlaceMention | None:
        """The place at a token, unless it is where victims were taken, a point of reference
        or who acted."""
        mention = self.places.at(tok.i)
        if mention is None:
            return None
        doc = self.places.doc
        end = doc[mention.end - 1]
        if care_destination(end) or reference_point(end) or actor(mention, self.places):
            return None
        if (
            mention.end + 1 < len(doc)
            and doc[mention.end].tag_ == "POS"
            and doc[mention.end + 1].pos_ == "PROPN"
        ):
            return None  # "Chad's Abeche": the place is the name it qualifies
        return mention

    def narrowed(
        self, place: PlaceMention | None, main: PlaceMention | None
    ) -> PlaceMention | None:
        """The sentence's place, made as specific as the story allows: a state that holds the
        story's city is that city ("in Florida" in a Jacksonville story), unless the story names
        it as a region ("the Kyiv region"); a district the gazetteer does not know is named with
        it."""
        if (
            place is not None
            and main is not None
            and place.kind == "region"
            and not self.gazetteer.is_named_region(place.name)  # "the Kyiv region" is not Kyiv
            and self._holds(place, main)
        ):
            return main
        if (
            place is not None
            and main is not None
            and place.kind == main.kind == "city"
            and self.gazetteer.part_of_city(place.name, main.name)
        ):
            # A quarter of the city GeoNames lists as a town of its own, named with it.
            name = f"{place.name}, {main.name}"
            return PlaceMention(place.start, place.end, name, "place", main.country, "part")
        parent = self.places.parents.get(place.name) if place is not None else None
        if main is not None and parent not in (None, main.name):
            return place  # the story puts it elsewhere: "X, in the nearby state of Y"
        return within(place, main)

    def _holds(self, region: PlaceMention, city: PlaceMention) -> bool:
        """Whether the region holds the story's city: so the gazetteer says, or the story puts
        the city in the region's country while the gazetteer's town of that name is abroad
        ("PARIS, Texas": GeoNames' Paris is in France)."""
        if self.gazetteer.contains(region.name, city.name):
            return True
        entry = self.gazetteer.lookup(city.name)
        return (
            city.kind == "city"
            and city.country is not None
            and city.country == region.country
            and (entry is None or entry.country != city.country)
        )

    def _capital(self, noun: Token) -> PlaceMention | None:
        """The capital of the story's country, else of the last country named before as where
        things happen ("Russia attacked Ukraine ... in the capital"): its mention, else one
        made up at the start."""
        country = self.places.story_country()
        if country is None:
            settings = [
                m
                for m in self.places.mentions
                if m.kind == "country"
                and m.end <= noun.i
                and self.setting(self.places.doc[m.end - 1]) is not None
                and not agent_subject(self.places.doc[m.end - 1])
            ]
            country = settings[-1].name if settings else None
        entry = self.gazetteer.capital_of(country) if country else None
        return self._mention_of(entry.name, "city", entry.country) if entry else None

    def country(self) -> PlaceMention | None:
        """The country the story is about (PlaceIndex.story_country): its first mention, else
        one made up at the text's start."""
        name = self.places.story_country()
        return self._mention_of(name, "country", name) if name else None

    def _mention_of(self, name: str, kind: PlaceKind, country: str | None) -> PlaceMention:
        """The text's first mention of a place, else one made up at the text's start (a
        capital or a country the story means but does not name)."""
        named = [m for m in self.places.mentions if m.kind == kind and m.name == name]
        return named[0] if named else PlaceMention(0, 0, name, kind, country)

    def main(self) -> PlaceMention | None:
        """Where a story happened when a sentence does not say: the dateline, else the city
        (or other place below a country) the story names most, else its first place. A
        dateline the gazetteer does not know (a district) is named with that city."""
        named = most_named(self.places)
        if self.dateline:
            if self.dateline.kind == "place" and named and named.kind == "city":
                return within(self.dateline, named)
            return self.dateline
        return named


def most_named(places: PlaceIndex) -> PlaceMention | None:
    """The place below a country the text names most (a city counts double), else its first;
    never one named only as a point of reference ("15 km from the town of Izium")."""
    named = [m for m in places.mentions if not reference_point(places.doc[m.end - 1])]
    specific = [m for m in named if m.kind != "country"]
    if specific:
        counts: dict[str, int] = {}
        for m in specific:
            counts[m.name] = counts.get(m.name, 0) + (2 if m.kind == "city" else 1)
        best = max(counts.values())
        return next(m for m in specific if counts[m.name] == best)
    return named[0] if named else None
