"""People: who is named in an article, with the title the article gives them and every alias.

spaCy's PERSON entities are the start, corrected by in-article reasoning: a surname (or first
name) seen once in a full name is that person everywhere, even where the model tags it ORG; a
one-word "person" that is a well-known place is a place; roles ("the US president") and pronouns
("he") are resolved to the person the article means.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

import gender_guesser.detector
from spacy.tokens import Doc, Span, Token

from extract.cues import is_cue_word
from extract.gazetteer import AGENCY_WORDS, Gazetteer
from extract.tokens import surface
from extract.toll_words import ATTACKERS, DISASTER_NOUNS, EVENT_NOUNS, PLACE_NOUNS

# Honorifics the model sometimes puts inside the PERSON span ("Mr. Obama", "President Obama").
HONORIFICS = frozenset(
    """mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. gov gov. gen gen. lt lt. col
        col. president senator governor pope king queen prince princess sir dame lord
        lady general judge justice speaker secretary minister chancellor premier mayor""".split()
)
# Head nouns of roles that stand for a person already named: "the US president said".
ROLE_NOUNS = frozenset(
    """president leader minister secretary chancellor premier king queen pope general
        commander governor mayor senator congressman congresswoman lawmaker nominee
        candidate chairman chairwoman chair director chief head spokesman spokeswoman
        spokesperson envoy ambassador ceo founder billionaire businessman businesswoman
        mogul tycoon frontrunner front-runner speaker prosecutor attorney judge official
        adviser advisor aide""".split()
)
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
_PRONOUN_GENDER = {"he": "male", "him": "male", "she": "female", "her": "female"}
# Words that say which pronoun fits a person: honorifics before the name, words in the title.
_GENDER_WORDS = {
    **dict.fromkeys(["mr", "mr.", "sir", "lord", "king", "prince"], "male"),
    **dict.fromkeys(
        ["mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess"], "female"
    ),
    **dict.fromkeys(
        """spokesman congressman chairman businessman father husband son brother""".split(),
        "male",
    ),
    **dict.fromkeys(
        """spokeswoman congresswoman chairwoman businesswoman mother wife daughter
            sister grandmother actress""".split(),
        "female",
    ),
}
_FIRST_NAME_GENDER = {"male": "male", "mostly_male": "male", "female": "female"}
_FIRST_NAME_GENDER["mostly_female"] = "female"
# A place can hide behind a PERSON tag only when it is big enough to be news on its own.
_NATIONALITY_SYNONYMS = {"american": "us", "u.s.": "us", "usa": "us", "america": "us"}


def _name_tokens(span: Span) -> list[Token]:
    """The name proper: no honorifics, no possessive, no punctuation."""
    tokens = [t for t in span if not t.is_punct and t.tag_ != "POS" and t.text not in {"'s", "’s"}]
    while tokens and tokens[0].lower_ in HONORIFICS:
        tokens = tokens[1:]
    # A headline's verb read into a name: "Obama Warns Congress" in "Obama Warns Congress on
    # Budget" is Obama, and "Warns Congress" no one.
    for i, t in enumerate(tokens):
        if len(tokens) > 1 and t.text[:1].isupper() and is_cue_word(t.text):
            return tokens[:i]
    return tokens


# A word of a name: letters, with inner hyphens, apostrophes or dots ("O'Brien", "J.R.").
_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?")


def _is_name(span: Span) -> bool:
    """Whether a PERSON span is made of name words: not "quote;-- Syniehubov" out of a pasted
    SQL string, nor a number."""
    tokens = _name_tokens(span)
    return bool(tokens) and all(_NAME_WORD.fullmatch(t.text) for t in tokens)


def _stem(word: str) -> str:
    word = _NATIONALITY_SYNONYMS.get(word.lower(), word.lower())
    return word[:5]


@dataclass
class PersonCluster:
    name: str
    parts: list[str]
    title: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[int] = field(default_factory=list)  # token indices of the mentions' heads
    first_token: int = 0
    gender: str | None = None  # "male" / "female" when the article or the first name says

    @property
    def surname(self) -> str:
        return self.parts[-1].casefold()

    def add_alias(self, alias: str) -> None:
        if alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)


@dataclass
class _Mention:
    token: int
    person: PersonCluster
    is_subject: bool


class PeopleIndex:
    """The people of one parsed article and where each is mentioned."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.people: list[PersonCluster] = []
        self.token_person: dict[int, PersonCluster] = {}
        self.title_tokens: set[int] = set()
        self.place_like: list[Span] = []  # PERSON spans that are really places
        self._mentions: list[_Mention] = []
        self._build()

    # --- construction -------------------------------------------------------------------
    def _build(self) -> None:
        doc = self.doc
        person_spans = []
        for span in (e for e in doc.ents if e.label_ == "PERSON"):
            if span[-1].lower_ in AGENCY_WORDS | _NAMED_FOR_PEOPLE:
                # "Sanford Police" is an agency, "Jim Hogg County" a county, not a person
                self.place_like.append(span)
            elif _is_name(span):
                person_spans.append(span)
        full = [s for s in person_spans if len(_name_tokens(s)) >= 2]
        single = [s for s in person_spans if len(_name_tokens(s)) == 1]
        for span in full:
            tokens = _name_tokens(span)
            known = self.gazetteer.lookup(surface(tokens)) is not None
            if (
                (known and not is_first_name(tokens[0].text))
                or struck(tokens[0])
                or (span.end < len(doc) and doc[span.end].lower_ in _NAMED_FOR_PEOPLE)
            ):
                # "Khan Younis", "a strike on Kfar Tala", "Jim Hogg" "County"
                self.place_like.append(span)
                continue
            self._add_full(span)
        known_parts = {p.casefold() for c in self.people for p in c.parts}
        # A word the text once puts (or the model tags) as a place ("the Bulgarian capital
        # Sofia") is that place in every mention ("Sofia's main boulevard"), though it is
        # also a given name.
        placed_words = {
            tok.text.casefold()
            for span in single
            if _placed_as_place(tok := _name_tokens(span)[0])
            and self.gazetteer.lookup(tok.text) is not None
        } | {
            e.text.casefold()
            for e in doc.ents
            if e.label_ == "GPE" and len(e) == 1 and self.gazetteer.lookup(e.text) is not None
        }
        for span in single:
            tok = _name_tokens(span)[0]
            cluster = self._cluster_for_word(tok.text, tok.i)
            if cluster is None:
                word = tok.text.casefold()
                if (
                    word not in known_parts
                    and (
                        self.gazetteer.is_notable(tok.text)
                        or (_placed_as_place(tok) and self.gazetteer.lookup(tok.text) is not None)
                        or _called_a_place(tok)
                    )
                    # "Mary" is a woman, not Mary in Turkmenistan; "in Jordan" is the country
                    and (word in placed_words or not is_first_name(tok.text))
                ):
                    self.place_like.append(span)
                    continue
                cluster = PersonCluster(name=tok.text, parts=[tok.text], first_token=tok.i)
                self.people.append(cluster)
            self._mark(span, cluster)
        # The model tags some mentions of known people as ORG, GPE or nothing at all.
        for tok in doc:
            if tok.i in self.token_person or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
                continue
            if tok.ent_type_ in {"GPE", "LOC", "DATE", "NORP"}:
                continue
            cluster = self._cluster_for_word(tok.text, tok.i, surname_only=True)
            if cluster is not None and not self._inside_other_name(tok):
                self._mark(doc[tok.i : tok.i + 1], cluster)
        self._resolve_roles()
        for cluster in self.people:
            if cluster.gender is None:
                cluster.gender = _gender_of(cluster)
        self._mentions.sort(key=lambda m: m.token)
        self._mention_tokens = [m.token for m in self._mentions]

    def _inside_other_name(self, tok: Token) -> bool:
        """True for "Trump" in "Trump Tower"-like compounds that name something else."""
        named_things = {"ORG", "FAC", "PRODUCT", "WORK_OF_ART"}
        return (
            tok.dep_ == "compound"
            and tok.head.pos_ == "PROPN"
            and tok.head.ent_type_ in named_things
        )

    def _add_full(self, span: Span) -> None:
        tokens = _name_tokens(span)
        parts = surface(tokens).split()
        surname = parts[-1].casefold()
        cluster = None
        for c in reversed(self.people):
            if c.surname == surname and _first_names_agree(c.parts, parts):
                cluster = c
                break
        if cluster is None:
            cluster = PersonCluster(name=" ".join(parts), parts=parts, first_token=tokens[0].i)
            self.people.append(cluster)
        elif len(parts) > len(cluster.parts) and "." not in parts[-2]:
            cluster.add_alias(cluster.name)
            cluster.name, cluster.parts = " ".join(parts), parts
        self._mark(span, cluster)

    def _cluster_for_word(
        self, word: str, at: int, surname_only: bool = False
    ) -> PersonCluster | None:
        """The person a lone name refers to: the latest one named in full before `at` (else
        after it) whose surname, or first name, it is."""
        key = word.casefold().removesuffix("'s").removesuffix("’s")
        candidates = [c for c in self.people if len(c.parts) > 1 and c.surname == key]
        if not candidates and not surname_only:
            candidates = [
                c for c in self.people if len(c.parts) > 1 and c.parts[0].casefold() == key
            ]
        if not candidates:
            candidates = [c for c in self.people if len(c.parts) == 1 and c.surname == key]
        if not candidates:
            return None
        before = [c for c in candidates if c.first_token <= at]
        return max(before, key=lambda c: c.first_token) if before else candidates[0]

    def _mark(self, span: Span, cluster: PersonCluster) -> None:
        tokens = _name_tokens(span) or list(span)
        head = tokens[-1]
        for t in span:
            self.token_person[t.i] = cluster
        cluster.mentions.append(head.i)
        before = self.doc[tokens[0].i - 1] if tokens[0].i > 0 else None
        for word in [t.lower_ for t in span if t.i < tokens[0].i] + [
            before.lower_ if before else ""
        ]:
            if word in _GENDER_WORDS and cluster.gender is None:
                cluster.gender = _GENDER_WORDS[word]
        cluster.add_alias(surface(tokens))
        self._mentions.append(_Mention(head.i, cluster, head.dep_ in {"nsubj", "nsubjpass"}))
        if cluster.title is None:
            cluster.title = self._title_of(span, tokens)

    def _title_of(self, span: Span, name: list[Token]) -> str | None:
        doc = self.doc
        # An honorific inside the span ("President Obama").
        inner = [t for t in span if t.i < name[0].i and t.lower_ in HONORIFICS]
        head = name[-1]
        # Pre-modifiers of the name: "US Secretary of State Marco Rubio", "Kyiv resident X".
        left = span.start
        sent_start = head.sent.start
        for child in head.lefts:
            if child.i < span.start and child.dep_ in {"compound", "nmod", "amod", "poss"}:
                left = min(left, max(child.left_edge.i, sent_start))
        if left < span.start:
            words = doc[left : span.start]
            while len(words) and (words[0].dep_ == "det" or not words[0].is_alpha):
                words = words[1:]
            text = words.text.strip(" ,")
            if (
                text
                and len(words) <= 10
                and any(t.pos_ in {"NOUN", "PROPN"} for t in words)
                and not (text.isupper() and len(words) == 1)  # "STOP" in "Vladimir, STOP!"
            ):
                self.title_tokens.update(range(words.start, words.end))
                return text
        if inner:
            return " ".join(t.text for t in inner)
        # An appositive: "Tymur Tkachenko, the head of the Kyiv city military administration,".
        for child in head.rights:
            if child.dep_ == "appos" and child.pos_ == "NOUN" and not child.text.isupper():
                words = doc[child.left_edge.i : child.right_edge.i + 1]
                while len(words) and (words[0].dep_ == "det" or words[0].is_punct):
                    words = words[1:]
                if 0 < len(words) <= 12:
                    self.title_tokens.update(range(words.start, words.end))
                    return words.text.strip(" ,")
        return None

    def _resolve_roles(self) -> None:
        """'the US president', 'the Ukrainian leader': the person the article means."""
        for tok in self.doc:
            if tok.lower_ not in ROLE_NOUNS or tok.pos_ not in {"NOUN", "PROPN"}:
                continue
            if tok.i in self.token_person or tok.i in self.title_tokens:
                continue
            det = [c for c in tok.lefts if c.dep_ == "det"]
            if not det or det[0].lower_ != "the":
                continue
            if any(c.dep_ in {"prep", "relcl"} for c in tok.rights):
                continue  # "the head of X": too open to resolve by role alone
            mods = [c for c in tok.lefts if c.dep_ in {"amod", "compound", "nmod"}]
            person = self._person_for_role(tok, mods)
            if person is None:
                continue
            role = " ".join(t.text for t in [*mods, tok])
            person.add_alias(f"the {role}")
            if person.title is None:
                person.title = role
            self.token_person[tok.i] = person
            self._mentions.append(_Mention(tok.i, person, tok.dep_ in {"nsubj", "nsubjpass"}))

    def _person_for_role(self, tok: Token, mods: list[Token]) -> PersonCluster | None:
        role_stems = {_stem(m.text) for m in mods}
        matching = [
            p
            for p in self.people
            if p.title
            and tok.lower_ in p.title.lower().split()
            and role_stems <= {_stem(w) for w in p.title.replace("'s", "").split()}
        ]
        if len(matching) == 1:
            return matching[0]
        earlier = sorted(
            (m for m in self._mentions if m.token < tok.i), key=lambda m: m.token, reverse=True
        )
        # "the businessman" is no woman, "the spokeswoman" no man.
        gender = _GENDER_WORDS.get(tok.lower_)
        for m in earlier:
            if _title_conflicts(m.person.title, tok.lower_, role_stems):
                continue
            if gender and (m.person.gender or _gender_of(m.person)) not in {None, gender}:
                continue
            return m.person
        return None

    # --- queries ------------------------------------------------------------------------
    def person_at(self, token: Token) -> PersonCluster | None:
        """The person a token names (as part of a name, a role or an alias), if any."""
        return self.token_person.get(token.i)

    def person_named(self, word: str) -> PersonCluster | None:
        """The person whose surname (else first name) is `word`, in any case."""
        key = word.casefold()
        for cluster in reversed(self.people):
            if cluster.surname == key:
                return cluster
        for cluster in reversed(self.people):
            if cluster.parts[0].casefold() == key:
                return cluster
        return None

    def person_in(self, tokens: list[Token] | Span) -> PersonCluster | None:
        """The first person named among `tokens`, if any."""
        for t in tokens:
            if t.i in self.token_person:
                return self.token_person[t.i]
        return None

    def resolve_pronoun(
        self, pronoun: Token, skip: set[int] | frozenset[int] = frozenset()
    ) -> PersonCluster | None:
        """The person a third-person singular pronoun most likely stands for: the latest subject
        named before it (in its sentence, else before), else the latest person named."""
        end = bisect_left(self._mention_tokens, pronoun.i)
        wanted = _PRONOUN_GENDER.get(pronoun.lower_)
        # Names inside quotes are what the speaker talks about, not who is speaking: `skip`.
        earlier = [
            m
            for m in self._mentions[:end]
            if (wanted is None or m.person.gender in (None, wanted)) and m.token not in skip
        ]
        if not earlier:
            return None
        sent_start = pronoun.sent.start
        in_sentence = [m for m in earlier if m.token >= sent_start]
        if in_sentence:
            subjects = [m for m in in_sentence if m.is_subject]
            return (subjects or in_sentence)[-1].person
        subjects = [m for m in earlier if m.is_subject]
        recent = earlier[-1]
        if subjects and recent.token - subjects[-1].token < 80:
            return subjects[-1].person
        return recent.person


_DETECTOR = gender_guesser.detector.Detector(case_sensitive=False)


def _placed_as_place(tok: Token) -> bool:
    """Whether the words around a one-word name put it as a place: "in Mykolaiv" (nobody is
    "in" a person), "strikes on Sumy", "the Bulgarian capital Sofia", "the port city Odesa"."""
    located = tok.dep_ == "pobj" and tok.head.lower_ in {"in", "near", "outside"}
    # "shelling hit Kherson", "Kherson was shelled" (but "the bullet hit Smith": a known place)
    shelled = tok.dep_ in {"dobj", "nsubjpass"} and tok.head.lemma_.lower() in _SHELLED
    return located or shelled or _called_a_place(tok) or names_an_event(tok)


def _called_a_place(tok: Token) -> bool:
    """Whether the words call a one-word name a place whatever tables know of it: "the port
    city X", "the coast of X", "the X region", "a strike on X"."""
    doc = tok.doc
    called = tok.i > 0 and doc[tok.i - 1].lower_ in PLACE_NOUNS
    # "the city of X", "off the coast of Lampedusa", "the outskirts of X"
    called = called or (
        tok.i > 1 and doc[tok.i - 1].lower_ == "of" and doc[tok.i - 2].lower_ in PLACE_NOUNS
    )
    # "the Genoa region", "Kharkiv oblast"
    regional = tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in _REGION_AFTER
    return called or regional or struck(tok)


def struck(first: Token) -> bool:
    """Whether a name follows "strikes on", "an attack on": what an attack hit is a place. Read
    off the words: headlines parse badly."""
    doc = first.doc
    return (
        first.i >= 2
        and doc[first.i - 1].lower_ == "on"
        and doc[first.i - 2].lemma_.lower() in ATTACKERS
    )


def names_an_event(tok: Token) -> bool:
    """Whether a name is that of an attack's or a disaster's place: "the Sylhet flood
    disaster", "the Hatay earthquake" (a person gives no name to a flood)."""
    head = tok
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    return head is not tok and head.lemma_.lower() in EVENT_NOUNS | DISASTER_NOUNS


def is_first_name(word: str) -> bool:
    """Whether `word` is a known given name ("Mary", "Vladimir")."""
    return _DETECTOR.get_gender(word) != "unknown"


def _gender_of(cluster: PersonCluster) -> str | None:
    for word in (cluster.title or "").lower().split():
        if word in _GENDER_WORDS:
            return _GENDER_WORDS[word]
    if len(cluster.parts) < 2:
        return None
    return _FIRST_NAME_GENDER.get(_DETECTOR.get_gender(cluster.parts[0]))


# Verbs whose object is a place: "pounded Kharkiv".
_SHELLED = frozenset({"hit", "shell", "pound", "bomb", "bombard"})
# Words after a name that make it a region's: "the Genoa region".
_REGION_AFTER = frozenset({"region", "oblast", "province", "governorate", "prefecture"})
# Regions often named after a person: "Jim Hogg County", "St. John the Baptist Parish".
_NAMED_FOR_PEOPLE = frozenset({"county", "parish", "township"})

_GENERIC_ROLES = frozenset({"leader", "official", "chief", "head"})


def _title_conflicts(title: str | None, role: str, role_stems: set[str]) -> bool:
    """Whether a person's known title rules out a role: a US president is no Russian one."""
    if title is None:
        return False
    words = title.lower().replace("'s", "").split()
    if role not in _GENERIC_ROLES and role not in words:
        return True
    return bool(role_stems) and not role_stems & {_stem(w) for w in words}


def _first_names_agree(a: list[str], b: list[str]) -> bool:
    """'Donald Trump' and 'Donald J. Trump' agree; 'Hillary Clinton' and 'Bill Clinton' do not."""
    if len(a) < 2 or len(b) < 2:
        return True
    x, y = a[0].rstrip(".").casefold(), b[0].rstrip(".").casefold()
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
