"""Places: every place an article names, with its canonical English name, kind and country.

spaCy's GPE and LOC entities, plus the PERSON and ORG spans that the gazetteer knows as places
(the small model tags "Kyiv" as PERSON and "Crimea" as ORG), named as the gazetteer names them
(Kiev and KYIV are Kyiv). "the Zhytomyr region" is a region.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extract.evidence import evidence_for
from extract.facts import Place, PlaceKind
from extract.gazetteer import AGENCY_WORDS, REGION_NOUNS, Gazetteer, GazetteerEntry
from extract.localities import Locality, LocalityKind
from extract.people import ROLE_NOUNS, PeopleIndex, is_first_name, names_an_event, struck
from extract.tokens import surface
from extract.toll_words import ATTACKERS, COMPASS, PLACE_NOUNS


@dataclass(frozen=True)
class PlaceMention:
    start: int  # token span in the doc
    end: int
    name: str
    kind: PlaceKind
    country: str | None
    # A village or town ("settlement"), or a part of a town ("part": a district, a camp),
    # named so by the words around it (extract.localities).
    local: LocalityKind | None = None


def place_for_name(
    text: str, gazetteer: Gazetteer, region: str | None = None
) -> tuple[str, PlaceKind, str | None] | None:
    """Canonical (name, kind, country) for a place name as written, or None if it is not one;
    `region`: the region word written after it ("Kharkiv" "oblast" is the Kharkiv region)."""
    entry: GazetteerEntry | None = gazetteer.lookup(text)
    if region:
        named = gazetteer.named_region(f"{text} {region}")
        if named is not None:
            return named.name, "region", named.country
        written = text.strip()
        name = entry.name if entry and entry.kind == "region" else _tidy(written)
        return name, "region", entry.country if entry else None
    if entry is None:
        return None
    return entry.name, entry.kind, entry.country


_NOT_HIDING_PLACES = frozenset(
    {"GPE", "LOC", "DATE", "EVENT", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "NORP", "LANGUAGE"}
)


def _in_hyphenated_word(tok: Token) -> bool:
    doc = tok.doc
    before = doc[tok.i - 1] if tok.i > 0 else None
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return (after is not None and after.text == "-" and not tok.whitespace_) or (
        before is not None and before.text == "-" and not before.whitespace_
    )


def _ends_a_longer_name(tok: Token, gazetteer: Gazetteer, places: dict[int, PlaceMention]) -> bool:
    """Whether a word ends a longer proper name that is not the place the word alone names:
    "Area" of "Kankara Local Government Area" is no town ("Kota Kinabalu" is Kota Kinabalu,
    "Kharkiv Oblast" the region, "Mayor" a title)."""
    entry = gazetteer.lookup(tok.text)
    i = tok.i
    while i > 0:
        before = tok.doc[i - 1]
        if not (
            before.pos_ == "PROPN"
            and before.text[:1].isupper()
            and before.whitespace_
            and before.i not in places
            and before.head.i == tok.i
            and before.lower_ not in ROLE_NOUNS
        ):
            break
        i -= 1
        if gazetteer.lookup(tok.doc[i : tok.i + 1].text) == entry:
            return False
    return i < tok.i


def _names_a_street(doc: Doc, span: Span, gazetteer: Gazetteer) -> bool:
    """'Hickory Street', 'Hickory and Pine Streets' (a capital: "Durham drive-by" is no
    street)."""
    for tok in doc[span.end : span.end + 4]:
        if tok.lower_ in gazetteer.street_words and tok.text[:1].isupper():
            return True
        if not (tok.pos_ == "PROPN" or tok.lower_ in {"and", "&"}):
            return False
    return False


def _country_naming_an_institution(mention: PlaceMention, doc: Doc, gazetteer: Gazetteer) -> bool:
    """Whether a mention is a country's name beginning the longer name of a hospital, a school
    or an agency ("Lebanon Community Hospital", "Peru State College"; not "Israel
    Police", not "Mexico City Police"): an ORG or FAC entity ending in such a word, with other
    words between. In a US story such a name is a town's: US towns are named for countries."""
    tok = doc[mention.start]
    if tok.ent_type_ not in {"ORG", "FAC"}:
        return False  # most mentions: no gazetteer lookup
    entry = gazetteer.lookup(tok.text)
    if entry is None or entry.kind != "country" or mention.name != entry.name:
        return False  # not a country, or "Mexico City"
    entity = next(e for e in doc.ents if e.start <= tok.i < e.end)
    rest = [t.lower_ for t in doc[tok.i + 1 : entity.end]]
    return bool(rest) and rest[-1] in AGENCY_WORDS and any(w not in AGENCY_WORDS for w in rest)


def _before_state(doc: Doc, i: int, gazetteer: Gazetteer) -> bool:
    """Whether tokens i.. read ', Ark.' or ', Arkansas'."""
    if i + 1 >= len(doc) or doc[i].text != ",":
        return False
    nxt = doc[i + 1]
    two = doc[i + 1 : i + 3].text if i + 2 < len(doc) else nxt.text
    return gazetteer.is_us_state(nxt.text) or gazetteer.is_us_state(two)


def _struck(span: Span) -> bool:
    """Whether a name is what an attack hit or where something happened ("strikes on Hama",
    "killed in Hama"): the model tags some towns as organisations."""
    root = span.root
    return (
        _hit(span)
        or (root.dep_ == "pobj" and root.head.lower_ in {"in", "near", "outside"})
        or names_an_event(span[-1])  # "the Hatay earthquake"
    )


def _hit(span: Span) -> bool:
    """Whether a name is what an attack hit: "strikes on Hama", "an air raid on Kfar Tala"
    (by the parse, or by the words where the parse is lost)."""
    prep = span.root.head
    by_parse = prep.lower_ == "on" and prep.head.lemma_.lower() in ATTACKERS
    return (span.root.dep_ == "pobj" and by_parse) or struck(span[0])


def _called(span: Span) -> str | None:
    """The noun a name is called by ("the southern province of Kandahar": "province")."""
    prep = span.root.head
    noun = prep.head
    if span.root.dep_ == "pobj" and prep.lower_ == "of" and noun.lower_ in PLACE_NOUNS:
        return noun.lower_
    return None


def _calls_it(span: Span) -> bool:
    """Whether the noun before "of" is the name's own ("the nearby state of X"), not another
    place's ("the Y district of X")."""
    noun = span.root.head.head
    return not any(c.dep_ == "compound" or c.pos_ == "PROPN" for c in noun.children)


# Names shorter than this are too short to be the same name spelt two ways.
_MIN_RESPELT = 6


def _transliteration_key(name: str) -> str:
    """A name with what transliterations vary in made one: y and i, doubled letters,
    apostrophes for soft signs ("Holosiivskyy", "Holosiyivsky": "holosivski")."""
    key = name.casefold().replace("y", "i").replace("'", "").replace("’", "")
    return re.sub(r"(.)\1+", r"\1", key)


def _tidy(text: str) -> str:
    text = text.removeprefix("the ").removeprefix("The ").removesuffix("'s").removesuffix("’s")
    return text.title() if text.isupper() and len(text) > 3 else text


# What sits between a place and the place it is in: "X village in Y", "X, Y", "X of Y".
_PLACED_IN = [["in"], [","], ["in", "the"], [",", "in"], [",", "in", "the"], ["of"]]


def _placed_in(between: Span) -> bool:
    """Whether the words between two places put the first in the second: "X village in Y",
    "X, Y", "the X district of Y", "X, in the nearby state of Y"."""
    words = [t.lower_ for t in between]
    if words in _PLACED_IN:
        return True
    # ", in the (nearby) state of": a region's noun after "in the", adjectives between.
    for lead in ([",", "in", "the"], ["in", "the"]):
        if words[: len(lead)] == lead and len(words) >= len(lead) + 2 and words[-1] == "of":
            return words[-2] in REGION_NOUNS and all(
                t.pos_ == "ADJ" for t in between[len(lead) : -2]
            )
    return False


# A namesake in the story's country wins over a place abroad at most this many times bigger.
_NAMESAKE_SHARE = 10
# How big a kind of place is, for "X in Y": Y must be bigger.
_SIZE = {"place": 0, "city": 1, "region": 2, "country": 3}


def _mistagged_country(tok: Token, gazetteer: Gazetteer) -> bool:
    """A country's name the model tags as a date ("in Niger on Monday"): no date is named so."""
    entry = gazetteer.lookup(tok.text)
    return tok.ent_type_ == "DATE" and entry is not None and entry.kind == "country"


class PlaceIndex:
    """The places of one parsed article and where each is mentioned."""

    def __init__(
        self,
        doc: Doc,
        gazetteer: Gazetteer,
        people: PeopleIndex,
        named_elsewhere: frozenset[str] = frozenset(),
        localities: Sequence[Locality] = (),
    ) -> None:
        """`named_elsewhere`: places the same article names as places elsewhere (its
        headline): where the model tags such a name otherwise, it is still that place.
        `localities`: villages, camps and districts the words name (extract.localities)."""
        self.doc = doc
        self.gazetteer = gazetteer
        self.mentions: list[PlaceMention] = []
        spans: list[Span] = [
            e for e in doc.ents if e.label_ in {"GPE", "LOC", "ORG", "FAC", "NORP"}
        ]
        # Countries beginning an institution's name, kept out until the story is known to
        # be set outside the US.
        self._held: list[PlaceMention] = []
        self._by_token: dict[int, PlaceMention] = {}
        for span in sorted([*spans, *people.place_like], key=lambda s: s.start):
            if people.person_in(span) is None:
                mention = self._entity_mention(span, named_elsewhere)
                if mention is not None:
                    self._add(mention)
        self._add_untagged(doc, gazetteer, people, named_elsewhere)
        for locality in localities:
            self._add_locality(locality)
        if not self._in_the_us(named_elsewhere):
            for mention in self._held:
                self._register(mention)
        self.mentions.sort(key=lambda m: m.start)
        self._one_spelling()
        self._local_everywhere()
        self._namesakes_in_named_countries()
        self._place_in_the_story_s_country()
        self.parents = self._parents()

    def story_country(self) -> str | None:
        """The country the story is about: the one most of its places are in, when that is
        more than half of them."""
        countries = Counter(m.country for m in self.mentions if m.country is not None)
        if not countries:
            return None
        (country, named), *_ = countries.most_common(1)
        return country if named * 2 > countries.total() else None

    def _place_in_the_story_s_country(self) -> None:
        """A place (or region) no table lists is in the country the story is about: "a strike
        on Kfar Tala" in a story about Lebanon is in Lebanon (however often it names the
        attacker's country)."""
        country = self.story_country()
        if country is None:
            return
        for i, m in enumerate(self.mentions):
            if m.kind in {"place", "region"} and m.country is None:
                self._replace(i, dataclasses.replace(m, country=country))

    def _one_spelling(self) -> None:
        """A place no table lists, spelt two ways in one story, is one place by its first
        spelling: "the Holosiivskyi district" and "the Holosiivskyy district" (transliterations
        of one name differ in y for i and doubled letters)."""
        first: dict[str, str] = {}
        for i, m in enumerate(self.mentions):
            if m.kind != "place" or len(m.name) < _MIN_RESPELT:
                continue
            name = first.setdefault(_transliteration_key(m.name), m.name)
            if name != m.name:
                self._replace(i, dataclasses.replace(m, name=name))

    def _local_everywhere(self) -> None:
        """A place the words call a village or a district once ("the towns of X and Y") is
        one in every mention ("four in Y")."""
        local = {m.name: m.local for m in self.mentions if m.local is not None}
        for i, m in enumerate(self.mentions):
            if m.local is None and m.name in local:
                self._replace(i, dataclasses.replace(m, local=local[m.name]))

    def _namesakes_in_named_countries(self) -> None:
        """A name the gazetteer gives to a bigger place abroad is the one in a country the
        story names, when it never names the other: "Tripoli" in a story about Lebanon is
        Lebanon's, not Libya's."""
        named = Counter(m.name for m in self.mentions if m.kind == "country")
        for i, m in enumerate(self.mentions):
            if m.kind not in {"city", "region"} or m.country is None or m.country in named:
                continue
            written = surface(self.doc[m.start : m.end])
            town = written.rsplit(" ", 1)[0] if m.kind == "region" else written
            known = self.gazetteer.lookup(town)
            for country, _ in named.most_common():
                entry = self.gazetteer.lookup_in(written, country)
                namesake = self.gazetteer.lookup_in(town, country)
                # Not a small namesake of a famous city: Paris, Texas, is not Paris.
                if entry is not None and namesake is not None and known is not None:
                    if namesake.population * _NAMESAKE_SHARE >= known.population:
                        self._replace(i, dataclasses.replace(m, name=entry.name, country=country))
                    break

    def _replace(self, i: int, mention: PlaceMention) -> None:
        self.mentions[i] = mention
        self._by_token.update(dict.fromkeys(range(mention.start, mention.end), mention))

    def _add_locality(self, locality: Locality) -> None:
        """A village or district the words name: a place the gazetteer lacks that the model
        tagged there ("Thit Seint" of "Thit Seint village") becomes it; a place the gazetteer
        knows stays what it is."""
        covered = {
            id(m): m
            for i in range(locality.start, locality.end)
            if (m := self._by_token.get(i)) is not None
        }
        if any(m.kind != "place" or m.local is not None for m in covered.values()):
            return
        for old in covered.values():
            self.mentions.remove(old)
            for i in range(old.start, old.end):
                self._by_token.pop(i, None)
        self._register(
            PlaceMention(locality.start, locality.end, locality.name, "place", None, locality.kind)
        )

    def _parents(self) -> dict[str, str]:
        """The place the text puts each place in: "Thit Seint village in Kawlin Township",
        "Kawlin Township, Sagaing Region", "the Qadimah district of Mosul", "Dnipro, Ukraine"."""
        parents: dict[str, str] = {}
        for inner, outer in zip(self.mentions, self.mentions[1:], strict=False):
            between = [t.lower_ for t in self.doc[inner.end : outer.start]]
            if not _placed_in(self.doc[inner.end : outer.start]) or inner.name == outer.name:
                continue
            if between == ["of"] and inner.local != "part" and inner.kind != "region":
                continue  # "the mayor of X" is no place; "the Qadimah district of Mosul" is
            if (
                _SIZE[outer.kind] > _SIZE[inner.kind]
                # "Kwari, in the Dogo district", "the Dogo district of Plateau State":
                # the words say which holds which.
                or (
                    ("in" in between or between == ["of"])
                    and _SIZE[outer.kind] == _SIZE[inner.kind]
                )
                or (inner.local is not None and outer.kind == "place" and outer.local is None)
            ):
                parents.setdefault(inner.name, outer.name)
        return parents

    def _add(self, mention: PlaceMention) -> None:
        if not _country_naming_an_institution(mention, self.doc, self.gazetteer):
            self._register(mention)
        elif all(h.start != mention.start for h in self._held):
            self._held.append(mention)

    def _register(self, mention: PlaceMention) -> None:
        self.mentions.append(mention)
        self._by_token.update(dict.fromkeys(range(mention.start, mention.end), mention))

    def _in_the_us(self, named_elsewhere: frozenset[str]) -> bool:
        """Whether the story names a US place (its dateline and headline included)."""
        if any(m.country == "United States" for m in self.mentions):
            return True
        entries = (self.gazetteer.lookup(name) for name in named_elsewhere)
        return any(e is not None and e.country == "United States" for e in entries)

    def _entity_mention(self, span: Span, named_elsewhere: frozenset[str]) -> PlaceMention | None:
        """The place an entity span names, if it names one."""
        doc, gazetteer = self.doc, self.gazetteer
        tokens = [t for t in span if t.tag_ != "POS" and t.dep_ != "det"]
        # "central Ukraine", "north-eastern Chad": the place is what the part is of (but
        # "North Carolina" is a name of its own).
        while (
            len(tokens) > 1
            and (tokens[0].lower_ in COMPASS or tokens[0].text in "-–")
            and gazetteer.lookup(surface(tokens)) is None
        ):
            tokens.pop(0)
        # "Smyrna Police", "Stokes County Sheriff's Office", "Warren County Jail": the place
        # is the prefix.
        trimmed = list(tokens)
        while trimmed and trimmed[-1].lower_ in AGENCY_WORDS:
            trimmed.pop()
        agency = 0 < len(trimmed) < len(tokens)
        tokens = trimmed if agency else tokens
        if not any(t.text[:1].isupper() for t in tokens):
            return None  # none left, or "extensive bush combing": a place's name has a capital
        text = surface(tokens)
        if _names_a_street(doc, span, gazetteer) or tokens[-1].lower_ in gazetteer.street_words:
            return None  # "Hickory Street", "Hickory and Pine Streets"
        nxt = doc[span.end] if span.end < len(doc) and not agency else None
        # "the Kharkiv region"; not "Ukrainian territory" (a people's land is no named region),
        # nor a district no table lists ("the Darnytskyi district": a part of its city, which
        # extract.localities names).
        known = gazetteer.lookup(text) is not None
        region = (
            nxt is not None
            and nxt.lower_ in gazetteer.region_words
            and (span.label_ != "NORP" or known)
            and (nxt.lower_ != "district" or known)
        )
        if _before_state(doc, span.end, gazetteer) and not gazetteer.is_us_state(text):
            # "Hope, Ark.": a US town, whatever its size.
            entry = gazetteer.lookup(text)
            name = entry.name if entry and entry.kind == "city" else _tidy(text)
            return PlaceMention(tokens[0].i, span.end, name, "city", "United States")
        found = place_for_name(text, gazetteer, region=nxt.text if region and nxt else None)
        if (
            tokens[-1].lower_ in REGION_NOUNS
            and span.start > 0
            and doc[span.start - 1].pos_ == "PROPN"
        ):
            return None  # the tail of a longer name: "Islamic State West Africa Province"
        if (
            found is None
            and span.label_ == "GPE"
            and len(tokens) > 1
            and tokens[-1].lower_ in REGION_NOUNS
        ):
            # "Plateau State", "Ugbaji Province" tagged whole: a region no table lists (a district
            # or an area is a part of a town: extract.localities).
            found = place_for_name(surface(tokens[:-1]), gazetteer, region=tokens[-1].text)
        called = _called(span)  # "the province of Kandahar", "the town of X"
        # The words say region where the table knows a town: "the state of Chiapas" (not
        # "the Qadimah district of Mosul": that district is Qadimah).
        if called in gazetteer.region_words and (
            found is None or (found[1] == "city" and called in REGION_NOUNS and _calls_it(span))
        ):
            found = place_for_name(text, gazetteer, region=called)
        if (
            found is None
            # "a strike on Kfar Tala", "the town of X": a place, whatever the model says.
            and (span.label_ in {"GPE", "LOC"} or _hit(span) or called is not None)
            and not region
            and all(t.pos_ == "PROPN" or t.text in "-–" for t in tokens)  # "Deir el-Balah"
            and not (text.isupper() and len(text) <= 3)  # "BB": initials, not a place
        ):
            found = (_tidy(text), "place", None)
        if found is None:
            return None
        if span.label_ in {"ORG", "FAC", "NORP"} and not (
            agency
            or gazetteer.is_notable(text)
            or found[0] in named_elsewhere
            or (span.label_ == "ORG" and (_struck(span) or called is not None))
        ):
            return None  # "the White House" is not the town of White House
        end = span.end + 1 if region else tokens[-1].i + 1
        return PlaceMention(tokens[0].i, end, *found)

    def _add_untagged(
        self, doc: Doc, gazetteer: Gazetteer, people: PeopleIndex, named_elsewhere: frozenset[str]
    ) -> None:
        """Place names the model left untagged ("Russia pounded Kyiv"): proper nouns the
        gazetteer knows as a big place, or that this article names as a place elsewhere."""
        known = {m.name for m in self.mentions} | named_elsewhere
        for tok in doc:
            # The model tags "Odesa overnight" as TIME: other entity types may hide a place,
            # but not a date ("Independence Day") or a named thing.
            if (
                tok.pos_ != "PROPN"
                or (tok.ent_type_ in _NOT_HIDING_PLACES and not _mistagged_country(tok, gazetteer))
                or tok.i in self._by_token
            ):
                continue
            if people.person_at(tok) is not None or not tok.text[:1].isupper():
                continue
            if _in_hyphenated_word(tok):
                continue  # "BEDFORD" of BEDFORD-STUYVESANT is not Bedford, England
            if _ends_a_longer_name(tok, gazetteer, self._by_token):
                continue  # "Area" of "Kankara Local Government Area" is no town
            if _names_a_street(doc, doc[tok.i : tok.i + 1], gazetteer):
                continue  # "Prospect" of "New Prospect Church Road"
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if is_first_name(tok.text) and nxt is not None and nxt.pos_ == "PROPN":
                continue  # "Mary Bridge Hospital" is not in Turkmenistan; "Jordan" alone is
            # A region word makes a region only of a name the gazetteer knows: not "Russian
            # state media", not "the Walmart area".
            region = (
                nxt is not None
                and nxt.lower_ in gazetteer.region_words
                and (
                    gazetteer.lookup(tok.text) is not None
                    or gazetteer.named_region(f"{tok.text} {nxt.text}") is not None  # "Kebbi State"
                )
            )
            found = place_for_name(tok.text, gazetteer, region=nxt.text if region and nxt else None)
            stated = _before_state(doc, tok.i + 1, gazetteer) and not gazetteer.is_us_state(
                tok.text
            )
            if stated:
                found = (found[0] if found else tok.text, "city", "United States")
            if found is None:
                continue
            # A capitalised first word ("Mobile phones ring") is no evidence of a name.
            # (but "Kharkiv Mayor Ihor Terekhov said" is: a role is of a place)
            big = gazetteer.is_notable(tok.text) and (
                not tok.is_sent_start or (nxt is not None and nxt.lower_ in ROLE_NOUNS)
            )
            # A town of any size where the words say place: "in DeBary", "Vicksburg police".
            placed = found[1] == "city" and (
                (tok.dep_ == "pobj" and tok.head.lower_ in {"in", "near", "outside"})
                # "the post at Djibo" (not "at Mercy Hospital")
                or (
                    tok.dep_ == "pobj"
                    and doc[tok.i - 1].lower_ == "at"
                    and (nxt is None or nxt.pos_ != "PROPN")
                )
                # (not "Police Department": Police is a town in Poland)
                or (
                    nxt is not None
                    and nxt.lower_ in AGENCY_WORDS
                    and tok.lower_ not in AGENCY_WORDS
                )
                or names_an_event(tok)  # "the Mayfield tornado"
            )
            if not (region or stated or found[0] in known or big or placed):
                continue
            self._add(PlaceMention(tok.i, tok.i + 2 if region else tok.i + 1, *found))

    def at(self, token_index: int) -> PlaceMention | None:
        """The place mention covering a token, if any."""
        return self._by_token.get(token_index)

    def in_span(self, start: int, end: int) -> list[PlaceMention]:
        """The place mentions that start in tokens [start, end)."""
        return [m for m in self.mentions if start <= m.start < end]

    @functools.cached_property
    def _folded_text(self) -> str:
        return self.doc.text.casefold()

    def written(self, name: str) -> str | None:
        """How the story writes a place it never calls by its canonical name ("Nikolayev"
        for GeoNames' Mykolayiv, "Kiev" for Kyiv); None when it does, or never names it."""
        if name.casefold() in self._folded_text:
            return None
        first = next((m for m in self.mentions if m.name == name), None)
        return _tidy(surface(self.doc[first.start : first.end])) if first else None

    def places(self) -> list[Place]:
        """One Place per canonical name, in order of first mention, with mention counts."""
        out: dict[str, Place] = {}
        for m in self.mentions:
            place = out.get(m.name)
            if place is None:
                ev = evidence_for(self.doc, m.start, m.end)
                out[m.name] = Place(m.name, m.kind, m.country, 1, ev)
            else:
                place.mentions += 1
        return list(out.values())
