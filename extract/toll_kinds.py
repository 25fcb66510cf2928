"""Which toll a word says: killed, injured, missing, or harmed (shot, stabbed: the dead among
them are counted elsewhere). The verbs, adjectives and tally nouns a figure hangs on in the
parse ("killing twelve", "12 dead", "the death toll rose to 15"), or stands right beside when
the parse goes astray ("killing at least 21 people including children, a group said")."""

from __future__ import annotations

from spacy.tokens import Token

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
    MISSING,
    NOUN_CATEGORY,
    PASS_VERBS,
    PERSON_NOUNS,
    REACH_VERBS,
    REFLEXIVE,
    TOLL_NOUNS,
    TRANSITIVE,
    VERB_CATEGORY,
    ZERO_NOUNS,
    ZERO_VERBS,
)

# "he narrowly escaped being shot": no harm done.
_ESCAPED = frozenset({"escape", "avoid", "evade", "dodge"})


# Words between a verb and its figure: "killing at least 21", "wounding more than 40".
_QUALIFIER_WORDS = frozenset({"at", "least", "more", "than", "some", "about", "nearly", "over"})


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


def said_after(number: Token) -> list[tuple[str, bool]]:
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


def said_before(number: Token) -> list[tuple[str, bool]]:
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
    category = verb_category(doc[j], shared=True)
    return [(category, False)] if category else []


def _to_death(verb: Token) -> bool:
    return any(
        c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
        for c in verb.children
    )


def tally_kind(noun: Token) -> str | None:
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


def zero_tolls(tok: Token) -> tuple[str, ...]:
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


def categories_for(victim: Token, shared: bool = False) -> list[tuple[str, bool]]:
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
        out.append((KILLED, False))  # "seven fatal victims"
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
        category = verb_category(head)
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
                    extra = verb_category(conj, shared=True)
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
            cat = verb_category(child, shared=True)
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
            if cat == MISSING and counted_by_bodies(victim):
                continue  # "the bodies of two missing fishermen": found dead, missing no more
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
            cat = ADJ_CATEGORY.get(sib.lower_) or verb_category(sib)
            if cat:
                out.append((cat, False))
    # "Dozens of people were injured": the count is the head, "people" its object.
    # "the death toll rose to 15", "a toll of 15", "the number of injured to 61".
    if victim.dep_ == "pobj" and head.lower_ in {"to", "at", "of"}:
        verb = head.head
        nouns = [verb] if tally_kind(verb) else []
        nouns += [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        for noun in nouns:
            kind = tally_kind(noun)
            if kind:
                # "the toll rose to 15" updates a toll; "a toll of 15" just gives one.
                out.append((kind, noun is not verb))
        # "..., and the number of injured to 61", "..., and injured to 61": the verb of the
        # toll before it is left out.
        if head.lower_ == "to" and verb.dep_ == "pobj" and verb.head.lower_ == "of":
            kind = tally_kind(verb.head.head)
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
            if c.dep_ == "nsubj" and (kind := tally_kind(c)) is not None
        ]
    if counted_by_bodies(victim):
        out.append((KILLED, False))
    if victim.dep_ == "attr" and any(c.lower_ in TOLL_NOUNS for c in head.children):
        out.append((KILLED, False))
    return out


def counted_by_bodies(victim: Token) -> bool:
    """ "the body of a woman", "the bodies of five people", "five bodies were found"."""
    head = victim.head
    return victim.lemma_.lower() in BODIES or (
        victim.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in BODIES
    )


def either_or(verb: Token) -> bool:
    """Whether a toll verb is one of two kinds joined by "or" ("killed or injured")."""
    return any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.children) and any(
        c.dep_ == "conj" and verb_category(c, shared=True) not in {None, verb_category(verb)}
        for c in verb.children
    )


def verb_category(tok: Token, shared: bool = False) -> str | None:
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
