"""The verbs that attribute speech ("say", "tell", "warn"), for quotes and for names."""

from __future__ import annotations

from spacy.tokens import Token

CUE_LEMMAS = frozenset(
    """say tell add ask write note explain continue insist argue claim declare state
        warn announce acknowledge admit recall reply respond answer tweet post remark
        suggest conclude complain quip joke call describe dub label refer predict
        promise vow pledge boast concede contend assert maintain observe stress
        emphasize emphasise urge testify confirm deny report yell shout scream exclaim
        mutter whisper cry repeat reiterate counter retort lament tout brag charge
        allege accuse praise criticize criticise blast slam mock deride muse recount
        describe characterize characterise term brand hail decry dismiss caution
        proclaim concur speak quote accord rate rule seethe laud condemn liken compare
        agree chant sing applaud recommend propose demand lambast read title cite
        encourage""".split()
)


def is_cue_word(word: str) -> bool:
    """Whether a word is a cue verb as a headline writes one: "Says", "Warns", "Urges"
    ("Obama Says Museum ..." tags "Obama Says" as a person). Past forms are left out: "Said",
    "Sang" and "Read" are also names."""
    w = word.lower()
    return w.endswith("s") and (w[:-1] in CUE_LEMMAS or (w.endswith("es") and w[:-2] in CUE_LEMMAS))


def is_cue(tok: Token) -> bool:
    """Whether a token is a cue verb in the parse ("said", "told"), or the "according" of
    "according to"."""
    if tok.lemma_.lower() == "accord":
        return tok.lower_ == "according"
    return tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in CUE_LEMMAS


def cue_text(cue: Token) -> str:
    """A cue as a quote records it: its lemma ("say"), or "according to"."""
    if cue.lower_ == "according":
        return "according to"
    return cue.lemma_.lower()
