"""Casualties: the tolls an article reports, each tied to the event's place and date.

A count is a toll when the parse links it to a casualty word: the object of "killing", the
subject of "were wounded" or "died", a number "dead", "the death toll rose to 15". Singular
victims count one ("a man was shot and killed"). Counts that are rates ("5000 a week"), running
totals ("since 2022"), subgroups ("three of them children"), ages, dates and weapons are not
tolls. Reports of one event (same place and date) merge: an explicit update ("rose to") wins,
else the highest figure the article gives.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from extract.evidence import evidence_for
from extract.facts import Casualty
from extract.gazetteer import Gazetteer
from extract.incidents import related_records
from extract.numbers import MAX_COUNT, VAGUE_COUNTS, Count, parse_count
from extract.places import PlaceIndex, PlaceMention
from extract.toll_places import HOSPITAL_VERBS, TollPlaces, most_named

KILLED, INJURED, MISSING = "killed", "injured", "missing"
# Victims of an attack whose fate the phrase leaves open (shot, stabbed, taken to hospital):
# the dead among them are counted elsewhere, the rest are the injured.
HARMED = "harmed"

_VERB_CATEGORY = {
    "kill": KILLED,
    "die": KILLED,
    "succumb": KILLED,  # "succumbed to his injuries"
    "slay": KILLED,
    "murder": KILLED,
    "behead": KILLED,
    "massacre": KILLED,
    "injure": INJURED,
    "wound": INJURED,
    "hurt": INJURED,
    "hospitalize": INJURED,
    "hospitalise": INJURED,
    "maim": INJURED,
    "shoot": HARMED,
    "stab": HARMED,
}
_ADJ_CATEGORY = {
    "dead": KILLED,
    "deceased": KILLED,
    "killed": KILLED,
    "injured": INJURED,
    "wounded": INJURED,
    "hurt": INJURED,
    "missing": MISSING,
    "unaccounted": MISSING,
}
_NOUN_CATEGORY = {"death": KILLED, "deaths": KILLED, "fatalities": KILLED, "injuries": INJURED}
# Nouns that are counted as deaths: "5 killings", "two deaths".
_DEATH_NOUNS = frozenset({"deaths", "fatalities", "killings", "homicides", "murders"})
# "the killing of X", "the fatal shooting of X": X was killed.
_KILLING_OF = frozenset({"killing", "murder", "death", "homicide", "slaying", "execution"})
_HARM_OF = frozenset({"shooting", "stabbing", "wounding", "beating"})
_FATAL_ADJECTIVES = frozenset({"fatal", "deadly", "lethal"})
TOLL_NOUNS = frozenset({"toll", "tally", "count"})
_ZERO_NOUNS = {
    "casualties": (KILLED, INJURED),
    "deaths": (KILLED,),
    "fatalities": (KILLED,),
    "injuries": (INJURED,),
    "victims": (KILLED, INJURED),
}
_PERSON_NOUNS = frozenset(
    """man woman boy girl child teen teenager person baby toddler infant student
        officer driver victim resident civilian soldier worker journalist pedestrian
        passenger mother father son daughter brother sister wife husband suspect gunman
        policeman deputy trooper guard cyclist motorist bystander patient employee
        customer juvenile homeowner clerk shopkeeper neighbor neighbour friend cousin
        nephew niece uncle aunt relative grandmother grandfather""".split()
)
_SINGLE_DETERMINERS = frozenset({"a", "an", "the", "another", "his", "her", "their", "one"})
# Things counted near toll words that are not victims: "12 drones", "3 of 4 suspects", and
# attackers ("five gunmen were killed": the domain notes keep them out of the toll).
_NOT_VICTIMS = frozenset(
    """drone missile rocket shell bomb building home house car vehicle year day hour minute
    time incident shooting attack shot round bullet region site fire suspect defendant dollar
    percent point tank aircraft plane ship weapon gun block mile
    gunman attacker assailant bomber militant insurgent terrorist jihadist bandit""".split()
)
_TIME_NOUNS = frozenset({"day", "week", "month", "year", "night", "hour"})
# "in one week", "over two months": a total over a period, not one event's toll.
_PERIOD_NOUNS = frozenset({"week", "weeks", "month", "months", "year", "years", "days"})
# ("since" is read by _counted_since: "since Friday" is a storm's toll, "since 2022" a total.)
_TOTAL_WORDS = frozenset({"per", "annually", "daily", "weekly", "monthly", "altogether"})
_FATAL_ADVERBS = frozenset({"fatally", "mortally", "dead"})
_CATEGORIES = (KILLED, INJURED, MISSING, HARMED)


# Operators that make numbers an expression: "10^100", "10 ^ 6", "2 * 10", "3 × 10".
_OPERATORS = frozenset({"^", "**", "*", "×"})


def _in_expression(number: Token) -> bool:
    """Whether a number is an operand ("10" and "100" of "10^100"), not a count of its own;
    an operator needs a number on its other side ("* 12 people were killed" is a list item)."""
    doc, i = number.doc, number.i
    before = doc[max(i - 2, 0) : i]  # (operand, operator)
    after = doc[i + 1 : i + 3]  # (operator, operand)
    return (len(before) == 2 and before[1].text in _OPERATORS and before[0].like_num) or (
        len(after) == 2 and after[0].text in _OPERATORS and after[1].like_num
    )


_TRANSITIVE = frozenset(
    "kill shoot injure wound hurt murder stab slay behead massacre maim hospitalize".split()
)
_REFLEXIVE = frozenset({"himself", "herself", "themselves", "itself", "myself", "ourselves"})


def _is_agent(subject: Token) -> bool:
    """The subject of an active toll verb with an object ("killed three") is the attacker,
    unless the object is reflexive ("shot herself")."""
    verb = subject.head
    if verb.lemma_.lower() not in _TRANSITIVE:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return bool(objects) and not any(o.lower_ in _REFLEXIVE for o in objects)


_EVENT_NOUNS = frozenset(
    """shooting attack strike explosion blast bombing raid shelling incident stabbing
    homicide murder crash fire killing ambush""".split()
)


def _within_week(date: str | None, day: str | None) -> str | None:
    """A week ("last week's attack") narrowed to the story's day of violence when it falls in
    that week."""
    if date is None or "W" not in date or day is None or "W" in day:
        return date
    try:
        iso = datetime.date.fromisoformat(day).isocalendar()
    except ValueError:
        return date
    return day if f"{iso.year:04d}-W{iso.week:02d}" == date else date


def _starts_paragraph(sent: Span) -> bool:
    """Whether a line break comes before the sentence (the text is one paragraph a line)."""
    doc = sent.doc
    if sent.start == 0:
        return True
    before = doc[sent.start - 1]
    return "\n" in before.whitespace_ or "\n" in before.text or "\n" in sent[0].text


def _mentions_violence(sent: Span) -> bool:
    return any(
        t.lemma_.lower() in _VERB_CATEGORY
        or t.lower_ in _ADJ_CATEGORY
        or t.lemma_.lower() in _EVENT_NOUNS
        for t in sent
    )


def _to_hospital(verb: Token) -> bool:
    """'taken to hospital', 'sent ... to the hospital'."""
    return verb.lemma_.lower() in HOSPITAL_VERBS and any(
        prep.dep_ == "prep"
        and prep.lower_ in {"to", "into"}
        and any(o.lemma_.lower() == "hospital" for o in prep.children)
        for prep in verb.children
    )


def _attached(anchors: set[Token]) -> list[Token]:
    """What hangs on these tokens: their children and the objects of their prepositions."""
    out: list[Token] = []
    for anchor in anchors:
        for child in anchor.children:
            out.append(child)
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday weekend yesterday".split()
)


def _counted_since(victim: Token) -> bool:
    """Whether the clause of a count counts it since a time long past: "900 dead in the
    region since March 2023", "20,000 killings, most blamed on gangs, since the start of the
    gang war". Not "since Friday" (a storm's toll over its days), "since the blast" or "the
    worst attack since 2022" (an event)."""
    clause = victim
    while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
        clause = clause.head
    for tok in clause.subtree:
        if tok.lower_ != "since" or tok.dep_ != "prep":
            continue
        objects = [c for c in tok.children if c.dep_ == "pobj"]
        if not objects or objects[0].lower_ in _WEEKDAYS:
            continue
        if objects[0].lemma_.lower() in _EVENT_NOUNS:
            continue  # "a day since the blast": the count is the blast's
        if any(c.tag_ == "JJS" or c.lower_ in {"first", "last"} for c in tok.head.children):
            continue  # "the deadliest attack since 2022"
        return True
    return False


# Words between a figure and the toll word after it: "three dead and 12 wounded", "40 people
# reported dead and 75 injured", "four others hurt".
_COUNTED = frozenset({"people", "others", "more", "persons", "civilians"})


def _said_after(number: Token) -> list[tuple[str, bool]]:
    """The category of a toll word right after a figure the parse did not tie to one ("three
    dead and 12 wounded": the model hangs "12" on the verb and "wounded" elsewhere)."""
    doc, j = number.doc, number.i + 1
    if j < len(doc) and doc[j].lower_ in _COUNTED:
        j += 1
    category = _ADJ_CATEGORY.get(doc[j].lower_) if j < len(doc) else None
    return [(category, False)] if category else []


def _a_period(tok: Token) -> bool:
    """Whether a token is a span of time a total is counted over: "in one week", "over three
    months"."""
    return (
        tok.lower_ in _PERIOD_NOUNS
        and tok.head.lower_ in {"in", "over", "during", "within"}
        and any(c.dep_ == "nummod" for c in tok.children)
    )


def _to_death(verb: Token) -> bool:
    return any(
        c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
        for c in verb.children
    )


@dataclass
class _Mention:
    category: str
    count: Count
    sentence: Span
    update: bool = False
    part: str = "text"


@dataclass
class _Event:
    place: PlaceMention | None
    date: str | None
    mentions: list[_Mention] = field(default_factory=list)


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

    def casualties(self) -> list[Casualty]:
        """One record per event (place and date), in the order the events are first reported."""
        events: dict[tuple[str | None, str | None], _Event] = {}
        body = self.body
        fallback_date = self._fallback_date()
        main_date: str | None = None
        places = TollPlaces(body.places, self.dateline_place, self.gazetteer)
        main_place = places.main()
        if main_place is None and self.title is not None:
            main_place = most_named(self.title.places)  # "... after Durham drive-by"
        carried: PlaceMention | None = None  # the paragraph's place so far
        for sent in body.doc.sents:
            if _starts_paragraph(sent):
                carried = None
            setting = places.own(sent, strict=True)
            mentions = self._mentions(sent, body)
            if not mentions:
                carried = setting or carried
                continue
            # "In Kharkiv, a missile hit a school. Another five people were injured": the
            # paragraph goes on about the place it named (not about an attacker it named).
            own_place = places.narrowed(places.own(sent) or carried, main_place)
            carried = setting or carried
            date = _within_week(body.sentence_dates.get(sent.start), fallback_date)
            if main_date is None and date:
                main_date = date
            if own_place is None and date is None and events:
                # A sentence that names neither place nor day goes on about the story's main
                # event ("The girl was shot by another 5-year-old"): the one at the story's
                # main place, else the first reported.
                main = [e for e in events.values() if main_place and e.place == main_place]
                (main or list(events.values()))[0].mentions.extend(mentions)
                continue
            place = own_place or main_place
            key_date = date or main_date or fallback_date
            key = (place.name if place else None, key_date)
            event = events.setdefault(key, _Event(place, key_date))
            event.mentions.extend(mentions)
        if self.title is not None:
            self._add_headline(self.title, events, main_place, main_date or fallback_date)
        records = [r for e in events.values() if (r := self._record(e)) is not None]
        return related_records(records, self.gazetteer)

    def _named_days(self) -> set[str]:
        """The days the article's text names (its headline's included)."""
        days = set(self.body.sentence_dates.values())
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
            if not self.published or d <= self.published
        ]
        about_event = [d for start, d in days if _mentions_violence(body.doc[start].sent)]
        return (about_event or [d for _, d in days] or [self.published])[0]

    def _add_headline(
        self,
        title: ParsedText,
        events: dict[tuple[str | None, str | None], _Event],
        main_place: PlaceMention | None,
        date: str | None,
    ) -> None:
        """A headline sums the story up: it belongs to its own place if it names one, else to
        the story's main event (the one reported most)."""
        places = TollPlaces(title.places, self.dateline_place, self.gazetteer)
        for sent in title.doc.sents:
            mentions = self._mentions(sent, title)
            if not mentions:
                continue
            place = places.own(sent)
            if place is None and events:
                key = max(events, key=lambda k: len(events[k].mentions))
            else:
                place = place or main_place
                key = (place.name if place else None, date)
            events.setdefault(key, _Event(place, key[1])).mentions.extend(mentions)

    # --- one sentence -------------------------------------------------------------------
    def _mentions(self, sent: Span, text: ParsedText) -> list[_Mention]:
        found: dict[int, _Mention] = {}
        for tok in sent:
            for category, count, update in self._counts_at(tok, text.part == "title"):
                key = tok.i * 10 + _CATEGORIES.index(category)
                found.setdefault(key, _Mention(category, count, sent, update, text.part))
        # One figure per category and sentence: the highest (a sentence repeats, not adds).
        best: dict[str, _Mention] = {}
        for m in found.values():
            old = best.get(m.category)
            if old is None or (m.update, m.count.value) > (old.update, old.count.value):
                best[m.category] = m
        return list(best.values())

    def _counts_at(self, tok: Token, headline: bool = False) -> list[tuple[str, Count, bool]]:
        out: list[tuple[str, Count, bool]] = []
        zero = self._zero(tok)
        if zero:
            return [(c, Count(0, None), False) for c in zero]
        count = self._count(tok)
        if count is not None:
            victim = tok.head if tok.dep_ == "nummod" else tok
            if self._excluded(tok, victim) or not self._could_be_victims(tok, victim):
                return []
            categories = self._categories_for(victim) or _said_after(tok)
            if categories:
                # "two adults, two children killed", "two men and a woman were killed".
                count = Count(count.value + self._listed_with(victim), count.qualifier)
                if count.value > MAX_COUNT:
                    return []  # each figure passed `parse_count`'s bound; their sum does not
            for category, update in categories:
                out.append((category, count, update))
            return out
        # "shot herself", "killed himself": one victim, the subject.
        if tok.lower_ in _REFLEXIVE and tok.dep_ == "dobj":
            category = self._verb_category(tok.head)
            return [(category, Count(1, None), False)] if category else []
        if self._single_victim(tok, headline):
            for category, update in self._categories_for(tok):
                if not self._excluded(tok, tok):
                    out.append((category, Count(1, None), update))
        return out

    def _listed_with(self, victim: Token) -> int:
        """People counted alongside a victim noun in a list that has no toll word of its own."""
        members: list[Token] = [c for c in victim.children if c.dep_ in {"conj", "appos"}]
        if victim.dep_ in {"conj", "appos"}:
            members.append(victim.head)
        # Headlines parse badly: read "2 adults, 2 children killed" off the words too.
        doc = victim.doc
        j = victim.left_edge.i
        while j >= 2 and doc[j - 1].text in {",", "and"} and doc[j - 2].pos_ == "NOUN":
            noun = doc[j - 2]
            if noun in members or not any(c.dep_ == "nummod" for c in noun.children):
                break
            members.append(noun)
            j = noun.left_edge.i
        extra = 0
        for member in members:
            if self._categories_for(member, shared=True):
                continue  # "1 dead, 3 injured": a count of another toll
            numbers = [c for c in member.children if c.dep_ == "nummod"]
            if numbers:
                count = self._count(numbers[0])
                extra += count.value if count else 0
            elif self._single_victim(member):
                extra += 1
        return extra

    @classmethod
    def _could_be_victims(cls, number: Token, victim: Token) -> bool:
        """Not "Channel 4", "K-9", "12 drones" or "3 of 4 suspects"."""
        doc = number.doc
        if number.i > 0 and doc[number.i - 1].text == "-" and not doc[number.i - 1].whitespace_:
            return False
        if number.ent_type_ not in {"", "CARDINAL"} and not cls._mistagged_time(number):
            return False
        if victim is not number and victim.pos_ == "PROPN" and victim.ent_type_ != "NORP":
            return False  # "Channel 4"; but "25 Palestinians" are people
        noun = victim
        for child in number.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                noun = objs[0] if objs else noun
        # "Torch 300 Homes": a headline's capitals keep the model from the singular.
        lemma = noun.lemma_.lower()
        return lemma not in _NOT_VICTIMS and lemma.removesuffix("s") not in _NOT_VICTIMS

    @classmethod
    def _single_victim(cls, tok: Token, headline: bool = False) -> bool:
        """One person: "a man", "the girl", "he", "a 17-year-old", a named person ("Bobo was
        pronounced dead"), "a man who shot himself". Headlines drop the article: "Boy dies"."""
        if tok.lower_ in {"he", "she"}:
            return True
        if tok.lower_ in {"who", "that"} and tok.head.dep_ == "relcl":
            return cls._single_victim(tok.head.head, headline)
        if tok.lower_ == "old" and tok.i >= 2 and tok.doc[tok.i - 2].lower_ == "year":
            dets = [c.lower_ for c in tok.children if c.dep_ in {"det", "poss"}]
            return headline or (bool(dets) and dets[0] in _SINGLE_DETERMINERS)
        if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN":
            return (
                tok.ent_iob_ == "B"
                or tok.i + 1 == tok.sent.end
                or tok.doc[tok.i + 1].ent_iob_ != "I"
            )
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in _PERSON_NOUNS or tok.tag_ != "NN":
            return False
        if any(c.dep_ == "nummod" for c in tok.children):
            return False
        dets = [c.lower_ for c in tok.children if c.dep_ in {"det", "poss"}]
        if not dets:
            return headline
        return dets[0] in _SINGLE_DETERMINERS

    def _count(self, tok: Token) -> Count | None:
        # Cheapest test first: this runs on every token of every story.
        if not (tok.like_num or tok.lower_ in VAGUE_COUNTS):
            return None
        if _in_expression(tok):
            return None
        if tok.ent_type_ in {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"} and not (
            self._mistagged_time(tok)
        ):
            return None
        if tok.dep_ in {"nummod", "quantmod", "compound"} and tok.head.like_num:
            return None  # part of a larger number; read at its head
        words = [c for c in tok.lefts if c.dep_ in {"advmod", "quantmod", "amod", "compound"}]
        start = min([tok.i, *(w.left_edge.i for w in words)])
        text = tok.doc[start : tok.i + 1].text
        return parse_count(text) or parse_count(tok.text)

    @classmethod
    def _mistagged_time(cls, tok: Token) -> bool:
        """ "wounded eight overnight": the model tags a toll word's object as part of a TIME."""
        return (
            tok.ent_type_ in {"DATE", "TIME"}
            and tok.dep_ == "dobj"
            and tok.is_alpha
            and cls._verb_category(tok.head) is not None
        )

    def _zero(self, tok: Token) -> tuple[str, ...]:
        if tok.lower_ in _ZERO_NOUNS and any(
            c.dep_ == "det" and c.lower_ == "no" for c in tok.children
        ):
            return _ZERO_NOUNS[tok.lower_]
        if tok.lower_ in {"nobody", "one"} and (
            tok.lower_ == "nobody" or (tok.i > 0 and tok.doc[tok.i - 1].lower_ == "no")
        ):
            category = _VERB_CATEGORY.get(tok.head.lemma_.lower())
            if tok.dep_ in {"nsubjpass", "nsubj"} and category in {KILLED, INJURED}:
                return (category,)
        return ()

    def _categories_for(self, victim: Token, shared: bool = False) -> list[tuple[str, bool]]:
        """Which tolls a victim noun (or bare number) is the count of."""
        out: list[tuple[str, bool]] = []
        head = victim.head
        # "1 dead", "3 wounded", "5 killings": the toll word is the noun itself.
        if victim.lower_ in _ADJ_CATEGORY and victim.pos_ in {"NOUN", "ADJ", "VERB"}:
            out.append((_ADJ_CATEGORY[victim.lower_], False))
        if victim.lower_ in _DEATH_NOUNS:
            out.append((KILLED, False))
        # "the death of George Carrington", "the fatal shooting of a 13-year-old".
        if victim.dep_ == "pobj" and head.lower_ == "of":
            event = head.head
            fatal = any(c.lower_ in _FATAL_ADJECTIVES for c in event.children)
            if event.lemma_.lower() in _KILLING_OF or (
                fatal and event.lemma_.lower() in _EVENT_NOUNS
            ):
                out.append((KILLED, False))
            elif event.lemma_.lower() in _HARM_OF:
                out.append((HARMED, False))  # "the shooting of a young girl"
        # "killing twelve people", "12 people were killed", "three died".
        if victim.dep_ in {"dobj", "nsubjpass", "nsubj", "npadvmod", "attr"}:
            category = self._verb_category(head)
            if category and victim.dep_ == "nsubj" and _is_agent(victim):
                category = None  # "a gunman killed three": the subject did the killing
            if category:
                out.append((category, False))
                # "shot and killed": a conjoined verb with no subject of its own shares it.
                # Not "killed three and wounded eight": that verb has its own object.
                for conj in head.children:
                    if conj.dep_ == "conj" and not any(
                        c.dep_ in {"nsubj", "nsubjpass", "dobj"} for c in conj.children
                    ):
                        extra = self._verb_category(conj, shared=True)
                        if extra and extra != category:
                            out.append((extra, False))
            # "a boy suffered minor injuries".
            if head.lemma_.lower() in {"suffer", "sustain", "receive"} and any(
                c.dep_ == "dobj" and c.lemma_.lower() in {"injury", "wound"} for c in head.children
            ):
                out.append((INJURED, False))
        # "sent four people to the hospital", "five were taken to hospital".
        if victim.dep_ in {"dobj", "nsubjpass"} and _to_hospital(head):
            out.append((HARMED, False))
        # "claimed the lives of three people".
        if (
            victim.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.lemma_.lower() == "life"
            and head.head.head.lemma_.lower() in {"claim", "take"}
        ):
            out.append((KILLED, False))
        # "two children killed in ...": a reduced relative clause.
        for child in victim.children:
            if child.dep_ in {"acl", "relcl"} and child.tag_ == "VBN":
                cat = self._verb_category(child, shared=True)
                if cat:
                    out.append((cat, False))
        if shared:
            return out
        # "twelve dead", "two people dead", "one fatally".
        for child in victim.children:
            if child.dep_ in {"amod", "acomp", "oprd", "acl", "advmod"}:
                cat = _ADJ_CATEGORY.get(child.lower_)
                if child.lower_ in _FATAL_ADVERBS:
                    cat = KILLED
                if cat:
                    out.append((cat, False))
        # "left two dead", "left 20 people wounded", "was pronounced dead".
        if victim.dep_ in {"dobj", "nsubjpass", "nsubj"}:
            for sib in head.children:
                if sib.dep_ not in {"oprd", "acomp", "xcomp", "ccomp"} or sib.i < victim.i:
                    continue
                if any(c.dep_ in {"nsubj", "nsubjpass"} for c in sib.children):
                    continue  # "he said many were missing": the complement has its own subject
                cat = _ADJ_CATEGORY.get(sib.lower_) or self._verb_category(sib)
                if cat:
                    out.append((cat, False))
        # "Dozens of people were injured": the count is the head, "people" its object.
        # "the death toll rose to 15", "a toll of 15".
        if victim.dep_ == "pobj" and head.lower_ in {"to", "at", "of"}:
            verb = head.head
            nouns = [verb] if verb.lower_ in TOLL_NOUNS else []
            nouns += [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
            for noun in nouns:
                if noun.lower_ in TOLL_NOUNS:
                    mods = {c.lower_ for c in noun.children}
                    kind = INJURED if mods & {"injury", "injured", "wounded"} else KILLED
                    # "the toll rose to 15" updates a toll; "a toll of 15" just gives one.
                    out.append((kind, noun is not verb))
        if victim.dep_ == "attr" and any(c.lower_ in TOLL_NOUNS for c in head.children):
            out.append((KILLED, False))
        return out

    @staticmethod
    def _verb_category(tok: Token, shared: bool = False) -> str | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"VERB", "AUX"} or (tok.pos_ == "ADJ" and tok.tag_ == "VBN"):
            category = _VERB_CATEGORY.get(lemma) or _ADJ_CATEGORY.get(tok.lower_)
            if _to_death(tok):  # "shot to death", "beaten to death"
                return KILLED
            if category == HARMED and any(
                c.lower_ in _FATAL_ADVERBS or c.lemma_.lower() == "kill" for c in tok.children
            ):
                return KILLED
            return category
        if tok.pos_ == "ADJ":
            return _ADJ_CATEGORY.get(tok.lower_)
        if tok.pos_ == "NOUN" and not shared:
            return _NOUN_CATEGORY.get(tok.lower_)
        return None

    def _excluded(self, number: Token, victim: Token) -> bool:
        """Rates, running totals and subgroups are not the toll of an event."""
        if _counted_since(victim):
            return True
        # "including two children" counts a subgroup of a toll given elsewhere. ("one of them
        # has died" stays: there the subgroup is the argument of the toll word itself.)
        if victim.head.lower_ in {"including", "among"} or number.head.lower_ in {
            "including",
            "among",
        }:
            return True
        # Only what hangs on the figure, its noun or its verb counts: "killing 12 in the
        # biggest attack this year" is an event, "12 killed this year" a running total.
        attached = _attached({number, victim, victim.head})
        # A period on a verb conjoined with the toll's own counts a total too: "hurt and killed
        # ... in one week" ("killed five and injured eight after a week of rain" stays).
        verbs = {c for c in victim.head.children if c.dep_ == "conj" and c.pos_ == "VERB"}
        if any(_a_period(tok) for tok in attached + _attached(verbs)):
            return True
        for tok in attached:
            lower = tok.lower_
            if lower in _TOTAL_WORDS:
                return True
            dets = {c.lower_ for c in tok.children}
            # "5000 a week", "12 killed this year"; not "after a week of rain".
            after = tok.dep_ == "pobj" and tok.head.lower_ in {"after", "before"}
            if (
                lower in _TIME_NOUNS
                and not after
                and dets & {"a", "an", "each", "every", "this", "last", "per"}
            ):
                return True
            if (lower == "far" and "so" in dets) or (
                lower in {"date", "total"} and tok.head.lower_ in {"to", "in"}
            ):
                return True
        return False

    # --- record -----------------------------------------------------------------------
    def _record(self, event: _Event) -> Casualty | None:
        values: dict[str, _Mention] = {}
        for category in _CATEGORIES:
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
        )
