"""Figures that are no incident's toll: running totals ("since March 2023", "in the war",
"after six years of violence", "thousands have been killed"), rates ("5000 a week"), counts over
a period, superseded figures ("rose from 95") and subgroups ("including two children")."""

from __future__ import annotations

from spacy.tokens import Token

from extract.toll_words import (
    CAMPAIGNS,
    EVENT_NOUNS,
    PERIOD_NOUNS,
    TIME_NOUNS,
    TOTAL_WORDS,
    WARS,
    WEEKDAYS,
)


def _attached(anchors: set[Token]) -> list[Token]:
    """What hangs on these tokens: their children and the objects of their prepositions."""
    out: list[Token] = []
    for anchor in anchors:
        for child in anchor.children:
            out.append(child)
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def _counted_since(victim: Token) -> bool:
    """Whether the clause of a count counts it since a time long past: "900 dead in the
    region since March 2023", "20,000 killings, most blamed on gangs, since the start of the
    gang war". Not "since Friday" (a storm's toll over its days), "since the blast" or "the
    worst attack since 2022" (an event)."""
    clause = victim
    while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
        clause = clause.head
    for tok in clause.subtree:
        if tok.lower_ == "since" and tok.dep_ == "mark":
            # "since the war began", "since fighting broke out"
            if any(
                c.dep_ == "nsubj" and c.lemma_.lower() in WARS | CAMPAIGNS
                for c in tok.head.children
            ):
                return True
            continue
        if tok.lower_ != "since" or tok.dep_ != "prep":
            continue
        objects = [c for c in tok.children if c.dep_ == "pobj"]
        if not objects or objects[0].lower_ in WEEKDAYS:
            continue
        if objects[0].lemma_.lower() in EVENT_NOUNS:
            continue  # "a day since the blast": the count is the blast's
        if any(
            c.dep_ == "amod" and (c.tag_ == "JJS" or c.lower_ in {"first", "last"})
            for c in tok.head.children
        ):
            continue  # "the deadliest attack since 2022"
        return True
    return False


def _a_period(tok: Token) -> bool:
    """Whether a token is a span of time a total is counted over: "in one week", "over three
    months", "after six years of violence" (not "after a week of rain": an event's cause), or
    a war ("killed in the conflict", "during the war")."""
    if tok.dep_ == "pobj" and tok.lemma_.lower() in WARS:
        return tok.head.lower_ in {"in", "during", "throughout", "since", "over", "of"}
    preps = {"in", "over", "during", "within"}
    if tok.lower_ in {"years", "months"}:
        preps.add("after")
    return (
        tok.lower_ in PERIOD_NOUNS
        and tok.head.lower_ in preps
        and any(c.dep_ == "nummod" for c in tok.children)
    )


def _thousands_so_far(number: Token, victim: Token) -> bool:
    """ "Thousands have been killed", "the offensive has already killed thousands": a vague
    count in the thousands told as what has happened so far is a war's, not an incident's."""
    if number.lower_ not in {"thousands", "millions"}:
        return False
    verb = victim if victim.pos_ in {"VERB", "AUX"} else victim.head
    return any(
        (c.dep_ in {"aux", "auxpass"} and c.lemma_ == "have") or c.lower_ in {"already", "far"}
        for c in verb.children
    )


def excluded(number: Token, victim: Token) -> bool:
    """Rates, running totals, superseded figures and subgroups are not the toll of an event."""
    if _counted_since(victim) or _thousands_so_far(number, victim):
        return True
    # "the toll rose from 95 to 158": the figure it rose from is no longer the toll.
    if any(
        t.dep_ == "pobj" and t.head.lower_ == "from" and t.head.head.pos_ == "VERB"
        for t in (number, victim)
    ):
        return True
    # "including two children" counts a subgroup of a toll given elsewhere. ("one of them
    # has died" stays: there the subgroup is the argument of the toll word it)
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
    if any(_a_period(tok) for tok in [*attached, victim.head, *_attached(verbs)]):
        return True
    for tok in attached:
        lower = tok.lower_
        if lower in TOTAL_WORDS:
            return True
        dets = {c.lower_ for c in tok.children}
        # "5000 a week", "12 killed this year"; not "after a week of rain", nor "a week after
        # 11 were killed" (a distance in time).
        after = (tok.dep_ == "pobj" and tok.head.lower_ in {"after", "before"}) or (
            tok.dep_ == "npadvmod"
            and (
                tok.head.lower_ in {"after", "before"}
                or any(
                    c.dep_ == "mark" and c.lower_ in {"after", "before"} for c in tok.head.children
                )
            )
        )
        # "Last month, an air attack killed 11": the time dates an attack, counts no total.
        by_an_attack = any(
            c.dep_ == "nsubj" and c.lemma_.lower() in EVENT_NOUNS for c in victim.head.children
        )
        periods = {"a", "an", "each", "every", "per"} | (
            set() if by_an_attack else {"this", "last"}
        )
        if lower in TIME_NOUNS and not after and dets & periods:
            return True
        if (lower == "far" and "so" in dets) or (
            lower in {"date", "total"} and tok.head.lower_ in {"to", "in"}
        ):
            return True
        if lower == "between" and sum(t.ent_type_ == "DATE" for t in tok.subtree) >= 2:
            return True  # "2,115 homicides between January and August"
    return False
