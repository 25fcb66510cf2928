"""Finding the counts of a sentence: which numbers (and singular victims) are tolls, of which
kind, and which are not (rates, running totals, subgroups, weapons, attackers).

A count is a toll when the parse links it to a casualty word: the object of "killing", the
subject of "were wounded" or "died", a number "dead", "the death toll rose to 15". Singular
victims count one ("a man was shot and killed").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from extract.not_tolls import excluded
from extract.numbers import MAX_COUNT, VAGUE_COUNTS, Count, parse_count
from extract.toll_tables import tabled_category
from extract.toll_words import (
    ADJ_CATEGORY,
    BODIES,
    COUNTED,
    DEATH_NOUNS,
    DEATH_WORDS,
    EVENT_NOUNS,
    FATAL_ADJECTIVES,
    FATAL_ADVERBS,
    HARM_OF,
    HARMED,
    HOSPITAL_VERBS,
    INJURED,
    INJURY_WORDS,
    KILLED,
    KILLING_OF,
    NOT_VICTIMS,
    NOUN_CATEGORY,
    OPERATORS,
    PASS_VERBS,
    PERSON_NOUNS,
    REACH_VERBS,
    REFLEXIVE,
    SINGLE_DETERMINERS,
    TOLL_NOUNS,
    TRANSITIVE,
    VERB_CATEGORY,
    ZERO_NOUNS,
    ZERO_VERBS,
)


def _in_expression(number: Token) -> bool:
    """Whether a number is an operand ("10" and "100" of "10^100"), not a count of its own;
    an operator needs a number on its other side ("* 12 people were killed" is a list item)."""
    doc, i = number.doc, number.i
    before = doc[max(i - 2, 0) : i]  # (operand, operator)
    after = doc[i + 1 : i + 3]  # (operator, operand)
    return (len(before) == 2 and before[1].text in OPERATORS and before[0].like_num) or (
        len(after) == 2 and after[0].text in OPERATORS and after[1].like_num
    )


def _is_agent(subject: Token) -> bool:
    """The subject of an active toll verb with an object ("killed three") is the attacker,
    unless the object is reflexive ("shot herself")."""
    verb = subject.head
    if verb.lemma_.lower() not in TRANSITIVE:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return bool(objects) and not any(o.lower_ in REFLEXIVE for o in objects)


def _to_hospital(verb: Token) -> bool:
    """'taken to hospital', 'sent ... to the hospital'."""
    return verb.lemma_.lower() in HOSPITAL_VERBS and any(
        prep.dep_ == "prep"
        and prep.lower_ in {"to", "into"}
        and any(o.lemma_.lower() == "hospital" for o in prep.children)
        for prep in verb.children
    )


def _said_after(number: Token) -> list[tuple[str, bool]]:
    """The category of a toll word right after a figure the parse did not tie to one ("three
    dead and 12 wounded": the model hangs "12" on the verb and "wounded" elsewhere; "40 died
    and 60 more were injured")."""
    doc, j = number.doc, number.i + 1
    if j < len(doc) and doc[j].lower_ in COUNTED:
        j += 1
    while (
        j < len(doc)
        and j <= number.i + 4
        and doc[j].lower_ in {"were", "was", "have", "had", "been"}
    ):
        j += 1
    category = ADJ_CATEGORY.get(doc[j].lower_) if j < len(doc) else None
    return [(category, False)] if category else []


def _said_before(number: Token) -> list[tuple[str, bool]]:
    """The category of a toll verb right before a figure of people the parse did not tie to
    it ("killing at least 21 people including children, a group said": the model makes the
    people the subject of "said")."""
    doc, j = number.doc, number.i - 1
    while j >= 0 and doc[j].lower_ in _QUALIFIER_WORDS:
        j -= 1
    if j < 0 or doc[j].tag_ not in {"VBG", "VBD"}:
        return []
    noun = number.head if number.dep_ == "nummod" else number
    if noun is not number and noun.lemma_.lower() not in PERSON_NOUNS | COUNTED | {"person"}:
        return []
    category = _verb_category(doc[j], shared=True)
    return [(category, False)] if category else []


# "he narrowly escaped being shot": no harm done.
_ESCAPED = frozenset({"escape", "avoid", "evade", "dodge"})
# Words between a verb and its figure: "killing at least 21", "wounding more than 40".
_QUALIFIER_WORDS = frozenset({"at", "least", "more", "than", "some", "about", "nearly", "over"})


def _to_death(verb: Token) -> bool:
    return any(
        c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
        for c in verb.children
    )


@dataclass(frozen=True)
class Toll:
    """One count of one kind in a sentence: "at least 12" killed."""

    category: str
    count: Count
    update: bool  # "the toll rose to 15": a later figure that replaces the earlier
    token: Token  # the figure (or the single victim) in the parse


# Prepositions that give a place of its own to a figure in a list: "one in Nikopol".
_LIST_PREPS = frozenset({"in", "on", "at", "near", "outside"})


def counts_at(tok: Token, headline: bool = False) -> list[Toll]:
    """The tolls a token is the count of."""
    zero = _zero(tok)
    if zero:
        return [Toll(c, Count(0, None), False, tok) for c in zero]
    count = _count(tok)
    if count is not None and (tabled := tabled_category(tok)) is not None:
        return [Toll(tabled, count, False, tok)]  # "Deaths by state:" / "Arkansas: 3"
    if count is not None:
        victim = tok.head if tok.dep_ == "nummod" else tok
        if excluded(tok, victim) or not _could_be_victims(tok, victim):
            return []
        verb = victim.head.head if victim.head.dep_ == "conj" else victim.head
        if victim.dep_ in {"nsubjpass", "nsubj", "dobj"} and _either_or(verb):
            return []  # "25 were killed or injured": how many of each, it does not say
        categories = _categories_for(victim)
        # The toll word right after a figure is its own ("two dead, four wounded and body parts"
        # reads "two" as dead whatever noun the parse hangs both on).
        said = _said_after(tok)
        if said:  # (keeping "rose to 15 dead" an update)
            categories = [(c, update) for c, update in categories if c == said[0][0]] or said
        categories = categories or _listed_after(tok) or _said_before(tok)
        if not categories and partitive(tok) and tok.dep_ in {"appos", "conj", "npadvmod"}:
            categories = _counted_by_list(tok)  # "killed 28, 23 of them in one district"
        if categories and not (said and victim is tok):
            # "two adults, two children killed", "two men and a woman were killed"; not "30
            # men and 20 were wounded", where the bare figure has its own toll word.
            count = Count(count.value + _listed_with(victim), count.qualifier)
            if count.value > MAX_COUNT:
                return []  # each figure passed `parse_count`'s bound; their sum does not
        return [Toll(category, count, update, tok) for category, update in categories]
    # "shot herself", "killed himself": one victim, the subject.
    if tok.lower_ in REFLEXIVE and tok.dep_ == "dobj":
        category = _verb_category(tok.head)
        return [Toll(category, Count(1, None), False, tok)] if category else []
    if _single_victim(tok, headline):
        return [
            Toll(category, Count(1, None), update, tok)
            for category, update in _categories_for(tok)
            if not excluded(tok, tok)
        ]
    return []


def _listed_after(number: Token) -> list[tuple[str, bool]]:
    """A figure listed after a toll with a place of its own counts what the toll counts: "five
    died in Odesa and four in Kherson", "two deaths in X and one in Y", "six deaths, one in X,
    two in Y and three in Z". The parse hangs it on the list's first figure or its verb,
    through the places of the figures before it."""
    if number.dep_ not in {"conj", "appos"} or not any(
        c.dep_ == "prep" and c.lower_ in _LIST_PREPS for c in number.children
    ):
        return []
    if any("\n" in t.text or "\n" in t.whitespace_ for t in number.doc[number.head.i : number.i]):
        return []  # a list runs within its paragraph; past a line break the parse is lost
    return _counted_by_list(number)


def partitive(number: Token) -> bool:
    """Whether a figure counts a part of the figure before it: "28 killed, 23 of them in one
    building", "of whom three are children"."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(o.lower_ in {"them", "whom", "those"} for o in c.children)
        for c in number.children
    )


def _counted_by_list(number: Token) -> list[tuple[str, bool]]:
    """What the toll a figure hangs on counts: the list's first figure or its verb, reached
    through the figures and places between them."""
    node = number.head
    for _ in range(8):
        if node.pos_ in {"VERB", "AUX"}:
            category = _verb_category(node)
            if category is None:
                # "Five were killed in X, the ministry said, and four in Y": the list runs on
                # past the verb of saying that the parse hangs it on.
                told = [c for c in node.children if c.dep_ == "ccomp" and c.i < number.i]
                category = _verb_category(told[0]) if told else None
            return [(category, False)] if category else []
        if node.like_num or node.pos_ == "NOUN":
            victim = node.head if node.dep_ == "nummod" else node
            categories = _categories_for(victim, shared=True) or _said_after(node)
            if categories:
                return [(category, False) for category, _ in categories]
        if node.dep_ not in {"conj", "appos", "pobj", "prep"}:
            return []
        node = node.head
    return []


def _listed_with(victim: Token) -> int:
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
        if _categories_for(member, shared=True):
            continue  # "1 dead, 3 injured": a count of another toll
        if any(c.dep_ in {"relcl", "acl"} for c in member.children):
            continue  # "two bodies and two victims who were wounded": told apart
        numbers = [c for c in member.children if c.dep_ == "nummod"]
        if numbers:
            count = _count(numbers[0])
            extra += count.value if count else 0
        elif _single_victim(member):
            extra += 1
    return extra


def _could_be_victims(number: Token, victim: Token) -> bool:
    """Not "Channel 4", "K-9", "12 drones" or "3 of 4 suspects"."""
    doc = number.doc
    hyphen = number.i > 0 and doc[number.i - 1].text == "-" and not doc[number.i - 1].whitespace_
    if hyphen and not (number.i > 1 and doc[number.i - 2].like_num):
        return False  # "K-9"; but "Twenty-three" is a number
    if number.ent_type_ not in {"", "CARDINAL"} and not _mistagged_time(number):
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
    return lemma not in NOT_VICTIMS and lemma.removesuffix("s") not in NOT_VICTIMS


def _single_victim(tok: Token, headline: bool = False) -> bool:
    """One person: "a man", "the girl", "he", "a 17-year-old", a named person ("Bobo was
    pronounced dead"), "a man who shot himself". Headlines drop the article: "Boy dies"."""
    if tok.lower_ in {"he", "she"}:
        return True
    if tok.lower_ in {"who", "that"} and tok.head.dep_ == "relcl":
        return _single_victim(tok.head.head, headline)
    if tok.lower_ == "old" and tok.i >= 2 and tok.doc[tok.i - 2].lower_ == "year":
        dets = [c.lower_ for c in tok.children if c.dep_ in {"det", "poss"}]
        return headline or (bool(dets) and dets[0] in SINGLE_DETERMINERS)
    if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN":
        return (
            tok.ent_iob_ == "B" or tok.i + 1 == tok.sent.end or tok.doc[tok.i + 1].ent_iob_ != "I"
        )
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in PERSON_NOUNS or tok.tag_ != "NN":
        return False
    if any(c.dep_ == "nummod" for c in tok.children):
        return False
    dets = [c.lower_ for c in tok.children if c.dep_ in {"det", "poss"}]
    if not dets:
        return headline
    return dets[0] in SINGLE_DETERMINERS


def _count(tok: Token) -> Count | None:
    # Cheapest test first: this runs on every token of every story.
    if not (tok.like_num or tok.lower_ in VAGUE_COUNTS):
        return None
    if _in_expression(tok):
        return None
    if tok.ent_type_ in {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"} and not (
        _mistagged_time(tok)
    ):
        return None
    if tok.dep_ in {"nummod", "quantmod", "compound"} and (
        tok.head.like_num or tok.head.lower_ == "dozen"
    ):
        return None  # part of a larger number ("three dozen"); read at its head
    words = [c for c in tok.lefts if c.dep_ in {"advmod", "quantmod", "amod", "compound", "nummod"}]
    start = min([tok.i, *(w.left_edge.i for w in words)])
    text = tok.doc[start : tok.i + 1].text
    return parse_count(text) or parse_count(tok.text)


def _mistagged_time(tok: Token) -> bool:
    """ "wounded eight overnight": the model tags a toll word's object as part of a TIME."""
    return (
        tok.ent_type_ in {"DATE", "TIME"}
        and tok.dep_ == "dobj"
        and tok.is_alpha
        and _verb_category(tok.head) is not None
    )


def _tally(noun: Token) -> str | None:
    """What a tally noun counts: "the death toll" the dead, "the toll of injured" the injured,
    "the number of victims" the dead, "the number of wounded" the injured; a "number" or a
    "total" of anything else is no toll, nor is a "casualty toll" (the dead and the wounded
    together: which is which, it does not say)."""
    lemma = noun.lemma_.lower()
    if lemma not in TOLL_NOUNS and lemma not in {"number", "total"}:
        return None
    words = {c.lower_ for c in noun.children}
    objects = [o for p in noun.children if p.lower_ == "of" for o in p.children]
    words |= {o.lower_ for o in objects}
    # "the number of people killed", "the number of people injured"
    words |= {c.lower_ for o in objects for c in o.children if c.dep_ in {"acl", "amod"}}
    if words & {"casualty", "casualties"}:
        return None
    if words & INJURY_WORDS:
        return INJURED
    if lemma in TOLL_NOUNS or words & DEATH_WORDS:
        return KILLED
    return None


def _zero(tok: Token) -> tuple[str, ...]:
    """The tolls a phrase says are none: "no casualties", "no one was hurt", "without causing
    casualties"."""
    if tok.lower_ in ZERO_NOUNS and (
        # "no casualties were reported", "there were no deaths"; not "no victims remain".
        (
            any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)
            and (tok.dep_ == "attr" or tok.head.lemma_.lower() in ZERO_VERBS)
        )
        or (tok.dep_ == "dobj" and tok.head.head.lower_ == "without")
    ):
        return ZERO_NOUNS[tok.lower_]
    if tok.lower_ in {"nobody", "one"} and (
        tok.lower_ == "nobody" or (tok.i > 0 and tok.doc[tok.i - 1].lower_ == "no")
    ):
        category = VERB_CATEGORY.get(tok.head.lemma_.lower())
        if tok.dep_ in {"nsubjpass", "nsubj"} and category in {KILLED, INJURED}:
            return (category,)
    return ()


def _categories_for(victim: Token, shared: bool = False) -> list[tuple[str, bool]]:
    """Which tolls a victim noun (or bare number) is the count of."""
    out: list[tuple[str, bool]] = []
    head = victim.head
    # "1 dead", "3 wounded", "5 killings": the toll word is the noun it
    if victim.lower_ in ADJ_CATEGORY and victim.pos_ in {"NOUN", "ADJ", "VERB"}:
        out.append((ADJ_CATEGORY[victim.lower_], False))
    if victim.lower_ in DEATH_NOUNS:
        out.append((KILLED, False))
    if victim.lower_ == "injuries" and any(c.dep_ == "nummod" for c in victim.children):
        out.append((INJURED, False))  # "12 injuries"
    if victim.lemma_.lower() == "victim" and any(
        c.lower_ in FATAL_ADJECTIVES for c in victim.children
    ):
        out.append((KILLED, False))  # "twelve fatal victims"
    # "the death of George Carrington", "the fatal shooting of a 13-year-old".
    if victim.dep_ == "pobj" and head.lower_ == "of":
        event = head.head
        fatal = any(c.lower_ in FATAL_ADJECTIVES for c in event.children)
        if event.lemma_.lower() in KILLING_OF or (fatal and event.lemma_.lower() in EVENT_NOUNS):
            out.append((KILLED, False))
        elif event.lemma_.lower() in HARM_OF:
            out.append((HARMED, False))  # "the shooting of a young girl"
    # "killing twelve people", "12 people were killed", "three died".
    if victim.dep_ in {"dobj", "nsubjpass", "nsubj", "npadvmod", "attr"}:
        category = _verb_category(head)
        if category and victim.dep_ == "nsubj" and _is_agent(victim):
            category = None  # "a gunman killed three": the subject did the killing
        if category:
            out.append((category, False))
            # "shot and killed": a conjoined verb with no subject of its own shares it.
            # Not "killed three and wounded eight": that verb has its own object; nor "40
            # died and 60 more were injured", where the parse lost the figure between them.
            for conj in head.children:
                between = victim.doc[head.i + 1 : conj.i]
                if (
                    conj.dep_ == "conj"
                    and not any(c.dep_ in {"nsubj", "nsubjpass", "dobj"} for c in conj.children)
                    and not any(t.like_num for t in between)
                ):
                    extra = _verb_category(conj, shared=True)
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
    # "lost their lives", "claiming 12 lives", "cost 12 lives", "we lost 30 men".
    if (
        victim.dep_ == "dobj"
        and head.lemma_.lower() == "lose"
        and victim.lemma_.lower() in PERSON_NOUNS | COUNTED
    ):
        out.append((KILLED, False))
    if (
        victim.dep_ == "nsubj"
        and head.lemma_.lower() == "lose"
        and any(c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in head.children)
    ) or (
        victim.lemma_.lower() == "life"
        and victim.dep_ == "dobj"
        and head.lemma_.lower() in {"claim", "take", "cost"}
    ):
        out.append((KILLED, False))
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
            cat = _verb_category(child, shared=True)
            if cat:
                out.append((cat, False))
    if shared:
        return out
    # "twelve dead", "two people dead", "one fatally".
    for child in victim.children:
        if child.dep_ in {"amod", "acomp", "oprd", "acl", "advmod"}:
            cat = ADJ_CATEGORY.get(child.lower_)
            if child.lower_ in FATAL_ADVERBS:
                cat = KILLED
            if cat:
                out.append((cat, False))
    # "left two dead", "left 20 people wounded", "was pronounced dead".
    if victim.dep_ in {"dobj", "nsubjpass", "nsubj"} and head.lemma_.lower() not in _ESCAPED:
        for sib in head.children:
            # "were confirmed as injured": the parse makes "as injured" a clause of its own.
            said_as = sib.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ == "as" for c in sib.children
            )
            if (
                sib.dep_ not in {"oprd", "acomp", "xcomp", "ccomp"} and not said_as
            ) or sib.i < victim.i:
                continue
            if any(c.dep_ in {"nsubj", "nsubjpass"} for c in sib.children):
                continue  # "he said many were missing": the complement has its own subject
            cat = ADJ_CATEGORY.get(sib.lower_) or _verb_category(sib)
            if cat:
                out.append((cat, False))
    # "Dozens of people were injured": the count is the head, "people" its object.
    # "the death toll rose to 15", "a toll of 15", "the number of injured to 61".
    if victim.dep_ == "pobj" and head.lower_ in {"to", "at", "of"}:
        verb = head.head
        nouns = [verb] if _tally(verb) else []
        nouns += [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        for noun in nouns:
            kind = _tally(noun)
            if kind:
                # "the toll rose to 15" updates a toll; "a toll of 15" just gives one.
                out.append((kind, noun is not verb))
        # "..., and the number of injured to 61", "..., and injured to 61": the verb of the
        # toll before it is left out.
        if head.lower_ == "to" and verb.dep_ == "pobj" and verb.head.lower_ == "of":
            kind = _tally(verb.head.head)
            if kind:
                out.append((kind, True))
        if head.lower_ == "to" and verb.dep_ == "conj" and verb.lower_ in ADJ_CATEGORY:
            out.append((ADJ_CATEGORY[verb.lower_], True))
    # "the total number of victims reached 28".
    if victim.dep_ == "dobj" and head.lemma_.lower() in REACH_VERBS | PASS_VERBS:
        # "reached 28" is the latest figure; "passed 2,000" only a floor under an exact one.
        latest = head.lemma_.lower() in REACH_VERBS
        out += [
            (kind, latest)
            for c in head.children
            if c.dep_ == "nsubj" and (kind := _tally(c)) is not None
        ]
    # "the body of a woman", "the bodies of five people", "five bodies were found".
    if victim.lemma_.lower() in BODIES or (
        victim.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in BODIES
    ):
        out.append((KILLED, False))
    if victim.dep_ == "attr" and any(c.lower_ in TOLL_NOUNS for c in head.children):
        out.append((KILLED, False))
    return out


def _either_or(verb: Token) -> bool:
    """Whether a toll verb is one of two kinds joined by "or" ("killed or injured")."""
    return any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.children) and any(
        c.dep_ == "conj" and _verb_category(c, shared=True) not in {None, _verb_category(verb)}
        for c in verb.children
    )


def _verb_category(tok: Token, shared: bool = False) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ in {"VERB", "AUX"} or (tok.pos_ == "ADJ" and tok.tag_ == "VBN"):
        category = VERB_CATEGORY.get(lemma) or ADJ_CATEGORY.get(tok.lower_)
        if _to_death(tok):  # "shot to death", "beaten to death"
            return KILLED
        if category == HARMED and any(
            c.lower_ in FATAL_ADVERBS or c.lemma_.lower() == "kill" for c in tok.children
        ):
            return KILLED
        return category
    if tok.pos_ == "ADJ":
        return ADJ_CATEGORY.get(tok.lower_)
    if tok.pos_ == "NOUN" and not shared:
        return NOUN_CATEGORY.get(tok.lower_)
    return None
