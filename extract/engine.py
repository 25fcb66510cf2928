"""The extraction engine: one spaCy parse per article, then each recognizer reads the parse.

extractor = Extractor()    # loads the pipeline and the gazetteer once
facts = extractor.extract(Article(text, title, published))
for facts in extractor.extract_many(articles):    # batches through nlp.pipe
    ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.casualties import CasualtyRecognizer, ParsedText
from extract.dateline import Dateline, find_dateline
from extract.dates import precision, resolve_span
from extract.evidence import evidence_for
from extract.facts import Article, DateMention, Evidence, Facts, Person, Place
from extract.gazetteer import Gazetteer, default_gazetteer
from extract.localities import LocalityFinder
from extract.organizations import organizations
from extract.people import PeopleIndex
from extract.pipeline import load_pipeline
from extract.places import PlaceIndex, PlaceMention, place_for_name
from extract.quotes import QuoteRecognizer
from extract.tokens import is_latin, text_of
from extract.toll_words import TOLL_NOUNS

# "Posted: Sunday, August 17, 2014": a stamp word shortly before the date, same line.
_PAGE_STAMP = re.compile(r"\b(published|posted|updated|modified)\b[^.\n]{0,20}$", re.I)


class Extractor:
    """Turns articles into Facts. Reusable and cheap per call once constructed."""

    def __init__(
        self,
        model: str | None = None,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.nlp = nlp or load_pipeline(model)
        self.gazetteer = gazetteer or default_gazetteer()
        self.localities = LocalityFinder(self.nlp.vocab)

    def extract(self, article: Article) -> Facts:
        """The facts of one article."""
        return self.facts_of(self.nlp(article.text), article)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Facts]:
        """Facts for each article, in order, parsed in batches with `nlp.pipe`, the headlines
        of a batch in one batch of their own (one `nlp` call each costs more)."""
        stream = iter(articles)
        while chunk := list(islice(stream, batch_size)):
            headlines = [a.title for a in chunk if _has_title(a)]
            headline_docs = iter(self.nlp.pipe(headlines, batch_size=batch_size))
            docs = self.nlp.pipe([a.text for a in chunk], batch_size=batch_size)
            for doc, article in zip(docs, chunk, strict=True):
                headline = next(headline_docs) if _has_title(article) else None
                yield self.facts_of(doc, article, headline)

    def facts_of(self, doc: Doc, article: Article, headline: Doc | None = None) -> Facts:
        """The facts of one parsed article (`headline`: its title, parsed; else parsed here)."""
        _latin_entities(doc)
        published = article.published.isoformat() if article.published else None
        dateline = find_dateline(text_of(doc))
        skip = (dateline.start, dateline.end) if dateline else None
        title = self._parsed_title(article, headline)
        dateline_places = self._dateline_places(dateline, text_of(doc))
        named = {m.name for m in dateline_places}
        named |= {m.name for m in title.places.mentions} if title else set()
        people = PeopleIndex(doc, self.gazetteer)
        places = PlaceIndex(
            doc, self.gazetteer, people, frozenset(named), self.localities.localities(doc)
        )
        dates = _dates(doc, article.published, skip)

        casualties = CasualtyRecognizer(
            ParsedText(doc, places, _days_by_sentence(dates, doc)),
            title,
            dateline_places[0] if dateline_places else None,
            published,
            self.gazetteer,
        ).casualties()

        place_list = places.places()
        known = {p.name for p in place_list}
        if dateline is not None:
            ev = Evidence(text_of(doc)[dateline.start : dateline.end], dateline.start, dateline.end)
            for m in reversed(dateline_places):
                if m.name not in known:
                    place_list.insert(0, Place(m.name, m.kind, m.country, 1, ev))

        return Facts(
            source=dateline.source if dateline else None,
            dateline=[m.name for m in dateline_places],
            title=article.title,
            published=published,
            people=[
                Person(
                    c.name,
                    c.title,
                    list(c.aliases),
                    len(c.mentions),
                    evidence_for(doc, c.first_token, c.first_token + 1),
                )
                for c in people.people
            ],
            places=place_list,
            organizations=organizations(doc, people, places, skip),
            dates=dates,
            quotes=QuoteRecognizer(doc, people).quotes(),
            casualties=casualties,
        )

    def _dateline_places(self, dateline: Dateline | None, text: str) -> list[PlaceMention]:
        """KYIV/WASHINGTON: the gazetteer's Kyiv and Washington (a place it lacks as written);
        "PARIS, Texas": a US town, whatever the gazetteer's Paris."""
        if dateline is None:
            return []
        parts = [p.strip(" .-–—") for p in text[dateline.start : dateline.end].split(",")]
        in_state = any(
            self.gazetteer.is_us_state(p) or self.gazetteer.is_us_state(f"{p}.") for p in parts[1:]
        )
        out = []
        for written in dateline.places:
            name, kind, country = place_for_name(written, self.gazetteer) or (
                written.title(),
                "place",
                None,
            )
            if in_state and len(dateline.places) == 1 and kind != "region":
                name, kind, country = (
                    written.title() if kind == "place" else name,
                    "city",
                    "United States",
                )
            out.append(PlaceMention(-1, -1, name, kind, country))
        return out

    def _parsed_title(self, article: Article, doc: Doc | None) -> ParsedText | None:
        """The headline, parsed on its own: headlines often carry the toll."""
        if not _has_title(article):
            return None
        doc = _latin_entities(doc if doc is not None else self.nlp(article.title or ""))
        places = PlaceIndex(
            doc,
            self.gazetteer,
            PeopleIndex(doc, self.gazetteer),
            localities=self.localities.localities(doc),
        )
        dates = _dates(doc, article.published, None, part="title")
        return ParsedText(doc, places, _days_by_sentence(dates, doc), "title")


def _has_title(article: Article) -> bool:
    return bool(article.title and article.title.strip())


def _latin_entities(doc: Doc) -> Doc:
    """Keep only the entities written in Latin letters: the English model reads the words of a
    Ukrainian, Russian or Arabic text as people, places and organisations at random."""
    kept = [e for e in doc.ents if is_latin(e.text)]
    if len(kept) < len(doc.ents):
        doc.ents = kept
    return doc


def _dates(
    doc: Doc, published: date | None, skip: tuple[int, int] | None, part: str = "text"
) -> list[DateMention]:
    """Every DATE (and TIME) span that resolves, outside the dateline."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        if skip and skip[0] <= ent.start_char < skip[1]:
            continue
        resolved = resolve_span(ent, published)
        if resolved is not None:
            out.append(DateMention(ent.text, resolved, evidence_for(doc, ent.start, ent.end, part)))
    return out


# Verbs of what follows violence: a day hung on them dates the investigation, not the event
# ("the coroner on Friday identified the teenager who was shot").
_RISE_VERBS = frozenset("rise climb reach increase grow jump mount".split())
_AFTERMATH_VERBS = frozenset(
    """identify arrest charge search seek indict sentence plead appear release announce
    investigate file convict arraign""".split()
)


def _dates_the_aftermath(date_span: Span) -> bool:
    """Whether a date hangs on an aftermath verb ("was arrested on Monday") or dates a toll's
    rise ("the death toll rose to 16 on Friday"), not the event."""
    verb = date_span.root.head
    for _ in range(3):
        if verb.pos_ in {"VERB", "AUX"}:
            break
        verb = verb.head
    lemma = verb.lemma_.lower()
    if lemma in _RISE_VERBS:
        # The day must modify the rise itself, not "Thursday's strike" in its subject.
        head = date_span.root.head
        on_verb = head == verb or (head.dep_ == "prep" and head.head == verb)
        return on_verb and any(c.dep_ == "nsubj" and c.lower_ in TOLL_NOUNS for c in verb.children)
    return lemma in _AFTERMATH_VERBS


def _days_by_sentence(dates: list[DateMention], doc: Doc) -> dict[int, str]:
    """The first full day each sentence names (else the week: "last week's attack", else the
    month: "last month", else the year: "in 2019"), keyed by the sentence's first token. Page
    stamps ("Posted: Sunday, August 17, 2014") date the page, not an event: left out."""
    days: dict[int, str] = {}
    weeks: dict[int, str] = {}
    months: dict[int, str] = {}  # "last month's attack": dates an earlier incident
    years: dict[int, str] = {}  # "at his funeral in 2019": so does a year
    for d in dates:
        by_precision = {"day": days, "week": weeks, "month": months, "year": years}
        if not d.date or d.evidence is None or precision(d.date) not in by_precision:
            continue
        at = text_of(doc).find(d.text, d.evidence.start)
        if at >= 0 and _PAGE_STAMP.search(text_of(doc)[max(0, at - 25) : at]):
            continue
        own = doc.char_span(at, at + len(d.text), alignment_mode="expand") if at >= 0 else None
        if own is not None and _dates_the_aftermath(own):
            continue
        span = doc.char_span(d.evidence.start, d.evidence.end, alignment_mode="expand")
        if span is not None:
            by_precision[precision(d.date)].setdefault(span.start, d.date)
    return years | months | weeks | days
