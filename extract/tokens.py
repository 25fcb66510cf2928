"""Small helpers over spaCy tokens shared by the recognizers."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from spacy.tokens import Doc, Token

_TEXT_KEY = "newsroom_text"


def text_of(doc: Doc) -> str:
    """The doc's text, built once: spaCy's `Doc.text` rebuilds it from every token per call."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def surface(tokens: Sequence[Token]) -> str:
    """The words as the article wrote them, hyphens kept: "Ban Ki-moon", "Winston-Salem"."""
    text = text_of(tokens[0].doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
    return " ".join(text.split())


def is_latin(text: str) -> bool:
    """Whether every letter of `text` is a Latin one: "Zełenski" is, "Київ" and "بيروت" are not."""
    return all("LATIN" in unicodedata.name(c, "") for c in text if c.isalpha())
