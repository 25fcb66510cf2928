"""Finding the counts of a sentence: which numbers (and singular victims) are tolls, of which
kind, and which are not (rates, running totals, subgroups, weapons, attackers).

A count is a toll when the parse links it to a casualty word (extract.toll_kinds says which):
the object of "killing", the subject of "were wounded" or "died", a number "dead", "the death
toll rose to 15". Singular victims count one ("a man was shot and killed"); figures in a list
count what its first does ("six deaths, one in X, two in Y").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from extract.not_tolls import excluded
from extract.numbers import MAX_COUNT, VAGUE_COUNTS, Count, parse_count
from extract.toll_kinds import (
    categories_for,
    counted_by_bodies,
    either_or,
    said_after,
    said_before,
    verb_category,
    zero_tolls,
)
from extract.toll_tables import tabled_category
from extract.toll_words import (
    MISSING,
    NOT_VICTIMS,
    OPERATORS,
    PERSON_NOUNS,
    REFLEXIVE,
    SINGLE_DETERMINERS,
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
    zero = zero_tolls(tok)
    if zero:
        return [Toll(c, Count(0, None), False, tok) for c in zero]
    count = _count(tok)
    if count is not None and (tabled := tabled_category(tok)) is not None:
        return [Toll(tabled, count, False, tok)]  # "Deaths by state:" / "Iowa: 9"
    if count is not None:
        victim = tok.head if tok.dep_ == "nummod" else tok
        if excluded(tok, victim) or not _could_be_victims(tok, victim):
            return []
        verb = victim.head.head if victim.head.dep_ == "conj" else victim.head
        if victim.dep_ in {"nsubjpass", "nsubj", "dobj"} and either_or(verb):
            return []  # "25 were killed or injured": how many of each, it does not say
        categories = categories_for(victim)
        # The toll word right after a figure is its own ("two dead, four wounded and body parts"
        # reads "two" as dead whatever noun the parse hangs both on).
        said = said_after(tok)
        if said and said[0][0] == MISSING and counted_by_bodies(victim):
            said = []  # "the bodies of two missing fishermen": found dead
        if said:  # (keeping "rose to 15 dead" an update)
            categories = [(c, update) for c, update in categories if c == said[0][0]] or said
        categories = categories or _listed_after(tok) or said_before(tok)
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
        category = verb_category(tok.head)
        return [Toll(category, Count(1, None), False, tok)] if category else []
    if _single_victim(tok, headline):
        return [
            Toll(category, Count(1, None), update, tok)
            for category, update in categories_for(tok)
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
            category = verb_category(node)
            if category is None:
                # "Five were killed in X, the ministry said, and four in Y": the list runs on
                # past the verb of saying that the parse hangs it on.
                told = [c for c in node.children if c.dep_ == "ccomp" and c.i < number.i]
                category = verb_category(told[0]) if told else None
            return [(category, False)] if category else []
        if node.like_num or node.pos_ == "NOUN":
            victim = node.head if node.dep_ == "nummod" else node
            categories = categories_for(victim, shared=True) or said_after(node)
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
        if categories_for(member, shared=True):
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
    """ "wounded eight overnight", "injured 70, according to": the model tags a toll word's
    object as part of a TIME or DATE (but "killed in 2019" is a year)."""
    year = len(tok.text) == 4 and tok.text.startswith(("19", "20"))
    return (
        tok.ent_type_ in {"DATE", "TIME"}
        and tok.dep_ == "dobj"
        and (tok.is_alpha or (tok.is_digit and not year))
        and verb_category(tok.head) is not None
    )
