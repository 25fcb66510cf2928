"""What a place named near a toll is to it when it is not where the toll happened: where the
wounded were taken, a point of reference ("north of Lviv"), who acted or speaks ("US strikes",
"Odesa's emergency service", "Russia pounded Kyiv"), an organisation's name ("a Geneva-based
group"), or a place in a clause about another killing or another time."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extract.cues import CUE_LEMMAS
from extract.places import PlaceIndex, PlaceMention
from extract.toll_words import (
    ATTACKERS,
    AUTHORITIES,
    COMPASS,
    EVENT_NOUNS,
    HOSPITAL_VERBS,
    PLACE_NOUNS,
    VERB_CATEGORY,
)

_DISTANCES = frozenset("km kilometres kilometers kilometre kilometer miles mile metres".split())


def care_destination(place: Token) -> bool:
    """Whether a place is where victims were taken or pronounced dead: "transported to a
    hospital in Greenville", "airlifted to Lviv", "pronounced dead at a clinic in Dnipro"."""
    tok, via_prep = place, False
    for _ in range(6):
        if tok.dep_ == "ROOT" or tok.head.i == tok.i:
            return False
        if tok.dep_ == "prep" and tok.lower_ in {"to", "in", "at", "into"}:
            via_prep = True
        tok = tok.head
        if tok.pos_ in {"VERB", "AUX"}:
            lemma = tok.lemma_.lower()
            if any(c.dep_ == "dobj" and c.lower_ == "place" for c in tok.children):
                return False  # "the attack took place in X" is where it happened
            return via_prep and (lemma in HOSPITAL_VERBS or lemma == "pronounce")
    return False


def reference_point(place: Token) -> bool:
    """Whether a place only locates another: "north of Lviv", "15 kilometres from Kherson",
    "15 kilometres from the town of Izium", "south of the capital". (Not "near Kherson": that
    is where it happened.)"""
    prep = place.head
    if place.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in PLACE_NOUNS:
        place, prep = prep.head, prep.head.head  # "the town of Izium": read from "town"
    if place.dep_ != "pobj" or prep.lower_ not in {"of", "from"}:
        return False
    anchor = prep.head
    if prep.lower_ == "of":
        return anchor.lower_ in COMPASS
    # "15 kilometres (9 miles) from": the distance hangs on the preposition or its head.
    return anchor.lower_ in _DISTANCES or any(
        c.lower_ in _DISTANCES for c in [*anchor.children, *prep.children]
    )


def actor(mention: PlaceMention, places: PlaceIndex) -> bool:
    """Whether a place names who acted or who speaks, not where: a country owning or modifying
    a noun that is no place ("Russia's army", "US strikes", "a London-based monitor"), any place
    owning an authority ("Odesa's emergency service", "Kharkiv's mayor"), or the agent of a
    passive ("shelled by Russia")."""
    doc = places.doc
    tok = doc[mention.end - 1]
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return True
    # "United States airstrikes": the model may take the noun for a verb; the words still say.
    after = doc[mention.end] if mention.end < len(doc) else None
    if mention.kind == "country" and after is not None and after.lemma_.lower() in ATTACKERS:
        return True
    if tok.dep_ not in {"poss", "compound", "amod", "npadvmod"} or places.at(tok.head.i):
        return False
    return mention.kind == "country" or _names_authority(tok.head)


def _names_authority(noun: Token) -> bool:
    """ "civil defence agency", "health ministry", "mayor": who speaks for a place."""
    words = [noun, *(c for c in noun.children if c.dep_ == "compound")]
    return any(w.lemma_.lower() in AUTHORITIES for w in words)


def names_a_body(mention: PlaceMention, doc: Doc) -> bool:
    """Whether a place only names an organisation: "a Geneva-based group", "RADIO POLAND"."""
    after = doc[mention.end : mention.end + 2]
    if len(after) == 2 and after[0].text == "-" and after[1].lower_ == "based":
        return True
    tok = doc[mention.start]
    if tok.ent_type_ != "ORG":
        return False
    entity = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
    return entity is not None and (entity.start < mention.start or entity.end > mention.end)


_SUBORDINATE = frozenset({"advcl", "relcl", "acl", "ccomp", "parataxis", "csubj"})


def in_figure_s_clauses(tok: Token, figure: Token) -> bool:
    """Whether a place token is told of the figure's event: not inside a clause about another
    killing ("a general killed in Kabul in 2019") or another time ("after the army said it had
    shelled the border"). A clause that tells the event itself ("a strike targeting a house in
    Bakhmut", "when gunmen attacked a village in Kaduna") is the event's."""
    while tok.head.i != tok.i:
        if tok.dep_ in _SUBORDINATE:
            if figure in tok.subtree:
                return True
            if (
                tok.dep_ in {"acl", "relcl"}
                and tok.head.lemma_.lower() not in EVENT_NOUNS
                and tok.lemma_.lower() in VERB_CATEGORY  # a killing of its own
            ):
                return False
            if tok.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in {"after", "before", "since"} for c in tok.children
            ):
                return False
        tok = tok.head
    return True


def agent_subject(tok: Token) -> bool:
    """Whether a place is a subject that acts or speaks ("Russia pounded Kyiv", "Kyiv says"),
    not one that undergoes ("Sumy came under attack")."""
    if tok.dep_ != "nsubj":
        return False
    verb = tok.head
    return verb.lemma_.lower() in CUE_LEMMAS or any(c.dep_ == "dobj" for c in verb.children)
