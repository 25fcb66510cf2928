"""Organisations: ORG entities that are neither a person nor a place, named without "the"."""

from __future__ import annotations

from spacy.tokens import Doc

from extract.evidence import evidence_for
from extract.facts import Organization
from extract.people import PeopleIndex
from extract.places import PlaceIndex


def organizations(
    doc: Doc, people: PeopleIndex, places: PlaceIndex, skip_chars: tuple[int, int] | None
) -> list[Organization]:
    """One Organization per name, in order of first mention, with mention counts."""
    out: dict[str, Organization] = {}
    for ent in doc.ents:
        if ent.label_ != "ORG" or people.person_in(ent) is not None:
            continue
        if any(places.at(t.i) for t in ent):
            continue
        if skip_chars and skip_chars[0] <= ent.start_char < skip_chars[1]:
            continue  # the dateline
        in_title = all(t.i in people.title_tokens for t in ent)
        if in_title and not (ent.text.isupper() or len(ent) > 1):
            continue  # "Interior" of "Interior Minister"
        tokens = list(ent)
        while tokens and tokens[0].lower_ == "the":
            tokens = tokens[1:]
        while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct):
            tokens = tokens[:-1]
        name = "".join(t.text_with_ws for t in tokens).strip().rstrip("'’")
        if len(name) < 2:
            continue
        org = out.get(name)
        if org is None:
            out[name] = Organization(name, 1, evidence_for(doc, ent.start, ent.end))
        else:
            org.mentions += 1
    return list(out.values())
