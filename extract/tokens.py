"""Small helpers over spaCy tokens shared by the recognizers."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token


def surface(tokens: Sequence[Token]) -> str:
    """The words as the article wrote them, hyphens kept: "Ban Ki-moon", "Winston-Salem"."""
    doc = tokens[0].doc
    text = doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
    return " ".join(text.split())
