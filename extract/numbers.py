"""Reading counts as news writes them: "twelve", "1,200", "a dozen", "dozens", "at least 12"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

# Vague quantities read conservatively, as ACLED codes them.
VAGUE_COUNTS = {
    "dozen": 12,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "tens": 10,
    "several": 3,
    "a few": 3,
    "few": 3,
    "a handful": 3,
    "handful": 3,
    "a couple": 2,
    "couple": 2,
    "both": 2,
}
QUALIFIERS = (
    "at least",
    "more than",
    "over",
    "about",
    "around",
    "nearly",
    "almost",
    "up to",
    "some",
    "approximately",
    "roughly",
    "as many as",
    "fewer than",
    "less than",
    "at most",
    "an estimated",
    "estimated",
)
# Beyond this a "count" is not a casualty figure of one event ("999999999999 dead").
MAX_COUNT = 10_000_000


@dataclass(frozen=True)
class Count:
    value: int
    qualifier: str | None


def parse_count(text: str) -> Count | None:
    """The count in a short phrase such as 'at least twelve' or '1,200', or None."""
    phrase = " ".join(text.lower().replace("-", " - ").split()).replace(" - ", "-")
    qualifier = None
    for q in sorted(QUALIFIERS, key=len, reverse=True):
        if phrase.startswith(q + " "):
            qualifier = q.removeprefix("an ")
            phrase = phrase[len(q) + 1 :]
            break
    phrase = re.sub(r"^(a|an|the)\s+(?=(dozen|few|handful|couple)\b)", "a ", phrase)
    phrase = phrase.removesuffix(" of").strip()
    value = _value(phrase)
    if value is None or value < 0 or value > MAX_COUNT:
        return None
    return Count(value, qualifier)


def _value(phrase: str) -> int | None:
    if phrase in VAGUE_COUNTS:
        return VAGUE_COUNTS[phrase]
    if phrase in {"a", "an", "one", "a single", "single"}:
        return 1
    # Each run is entered at its start only and read possessively: linear in any search (issue 14).
    # "several dozen", "a few hundred": vague, so read as "dozens", "hundreds".
    m = re.fullmatch(r"(several|a few|few|many) (dozen|hundred|thousand)", phrase)
    if m:
        return VAGUE_COUNTS[m.group(2) + "s"]
    m = re.fullmatch(r"a dozen|(?<!\w)(\w++) dozen", phrase)
    if m:
        inner = _value(m.group(1)) if m.group(1) else 1
        return inner * 12 if inner else None
    digits = phrase.replace(",", "").replace("\u202f", "").replace(" ", "")
    if re.fullmatch(r"\d{1,9}", digits):
        return int(digits)
    m = re.fullmatch(r"(?<!\d)(\d++(?:\.\d++)?+)\s*+(million|thousand|hundred)", phrase)
    if m:
        scale = {"million": 1_000_000, "thousand": 1000, "hundred": 100}[m.group(2)]
        return int(float(m.group(1)) * scale)
    if re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", phrase):
        try:
            return int(text2num(phrase, "en"))
        except ValueError:
            return None
    return None
