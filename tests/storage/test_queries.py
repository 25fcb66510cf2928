"""The store: articles with their facts, the queries the commands run, chats and bot state."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, func, select

from storage import queries
from storage.db import make_engine, reading, transaction
from storage.migrate import ensure_current, upgrade
from storage.models import (
    ArticleRow,
    CasualtyRow,
    ChatSettings,
    DateMentionRow,
    OrganizationRow,
    PersonRow,
    PlaceRow,
    QuoteRow,
)
from testkit.databases import postgres_base_url, postgres_problem

UTC = dt.UTC
FACT_TABLES = (PersonRow, PlaceRow, OrganizationRow, DateMentionRow, QuoteRow, CasualtyRow)


def _article(key: str, **fields: object) -> ArticleRow:
    fields.setdefault("source", "Reuters")
    return ArticleRow(text=f"Story {key}.", text_key=key, **fields)


def _person(
    name: str, mentions: int = 1, title: str | None = None, aliases: list[str] | None = None
) -> PersonRow:
    return PersonRow(
        name=name, name_key=name.lower(), mentions=mentions, title=title, aliases=aliases or []
    )


def _quote(speaker: str | None, text_: str) -> QuoteRow:
    return QuoteRow(
        speaker=speaker, speaker_key=speaker.lower() if speaker else None, text=text_, kind="direct"
    )


def _casualty(place: str, day: str, country: str | None = "Ukraine", **toll: object) -> CasualtyRow:
    return CasualtyRow(
        location=place,
        location_key=place.lower(),
        country=country,
        day=dt.date.fromisoformat(day),
        dated=True,
        **toll,
    )


def _store(engine: Engine, article: ArticleRow, *facts: SQLModel) -> int:
    with transaction(engine) as session:
        queries.add_article(session, article, facts)
    assert article.id is not None
    return article.id


def _count(engine: Engine, table: type[SQLModel]) -> int:
    with reading(engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


# The database itself --------------------------------------------------------------------------


def test_a_sqlite_file_store_is_created_with_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "data" / "newsroom.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_current(engine)
    ensure_current(engine)  # again at the next start: nothing breaks
    try:
        assert path.exists()
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        engine.dispose()


def test_times_come_back_as_utc(engine: Engine) -> None:
    published = dt.datetime(2025, 4, 24, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    article_id = _store(engine, _article("a", published_at=published))
    with reading(engine) as session:
        article = queries.article_by_id(session, article_id)
    assert article is not None
    assert article.published_at == dt.datetime(2025, 4, 24, 9, 0, tzinfo=UTC)
    assert article.published_at.utcoffset() == dt.timedelta(0)
    assert article.received_at.tzinfo is not None
    assert abs(dt.datetime.now(UTC) - article.received_at) < dt.timedelta(minutes=5)


# Articles and their facts ---------------------------------------------------------------------


def test_an_article_and_its_facts_are_stored_together(engine: Engine) -> None:
    article_id = _store(
        engine,
        _article("seed", published=dt.date(2025, 4, 24)),
        _person("Mark Rutte", 2, "NATO Secretary-General"),
        _quote("Mark Rutte", "The ball is in the Russian court"),
        _casualty("Kyiv", "2025-04-24", killed=12, injured=90),
        PlaceRow(name="Kyiv", name_key="kyiv", kind="city", country="Ukraine", mentions=5),
    )
    with reading(engine) as session:
        people = queries.rows_of_articles(session, PersonRow, [article_id])
        casualties = queries.rows_of_articles(session, CasualtyRow, [article_id])
        assert queries.rows_of_articles(session, QuoteRow, []) == []
    assert [(p.name, p.title, p.article_id) for p in people] == [
        ("Mark Rutte", "NATO Secretary-General", article_id)
    ]
    assert [(c.location, c.killed, c.injured) for c in casualties] == [("Kyiv", 12, 90)]


def test_facts_keep_their_order_and_get_their_keys(engine: Engine) -> None:
    # The order of an article's quotes is the story's order; one with its surname key given
    # and the others computed.
    second = _quote("Mark Rutte", "Second")
    second.speaker_surname_key = "rutte"
    article_id = _store(
        engine,
        _article("order"),
        _quote("Mark Rutte", "First"),
        _person("Mark Rutte", aliases=["Rutte"]),
        second,
        _quote("Kaja Kallas", "Third"),
        _quote(None, "Fourth"),
    )
    with reading(engine) as session:
        quotes = queries.rows_of_articles(session, QuoteRow, [article_id])
        people = queries.rows_of_articles(session, PersonRow, [article_id])
    assert [(q.text, q.speaker_surname_key) for q in quotes] == [
        ("First", "rutte"),
        ("Second", "rutte"),
        ("Third", "kallas"),
        ("Fourth", None),
    ]
    assert [(p.surname_key, p.aliases, p.reported_at is not None) for p in people] == [
        ("rutte", ["Rutte"], True)
    ]


def test_the_same_text_key_is_refused_and_leaves_nothing_behind(engine: Engine) -> None:
    _store(engine, _article("same"), _person("Mark Rutte"))
    with pytest.raises(IntegrityError), transaction(engine) as session:
        queries.add_article(session, _article("same"), [_person("Donald Trump")])
    assert _count(engine, ArticleRow) == 1
    assert _count(engine, PersonRow) == 1


def test_the_same_channel_post_is_refused(engine: Engine) -> None:
    _store(engine, _article("a", origin_chat_id=-100777, origin_message_id=5))
    _store(engine, _article("b"))  # no origin: pasted text
    _store(engine, _article("c"))
    _store(engine, _article("d", origin_chat_id=-100777, origin_message_id=6))
    with pytest.raises(IntegrityError):
        _store(engine, _article("e", origin_chat_id=-100777, origin_message_id=5))
    with reading(engine) as session:
        found = queries.article_from_origin(session, -100777, 5)
        assert found is not None
        assert found.text_key == "a"
        assert queries.article_from_origin(session, -100777, 7) is None
        assert queries.article_with_key(session, "c") is not None
    assert _count(engine, ArticleRow) == 4


def test_a_fact_needs_its_article(engine: Engine) -> None:
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.add(PersonRow(name="Nobody", name_key="nobody", article_id=999))
    assert _count(engine, PersonRow) == 0


def test_delete_article_removes_only_its_facts(engine: Engine) -> None:
    first = _store(
        engine,
        _article("one"),
        _person("Donald Trump"),
        _quote("Donald Trump", "Vladimir, STOP!"),
        _casualty("Kyiv", "2025-04-24", killed=12),
        OrganizationRow(name="NATO"),
        DateMentionRow(text="Thursday", date="2025-04-24"),
        PlaceRow(name="Kyiv", name_key="kyiv", kind="city"),
    )
    second = _store(engine, _article("two"), _casualty("Kyiv", "2025-04-24", killed=16))
    with transaction(engine) as session:
        assert queries.delete_article(session, first) is True
    with transaction(engine) as session:
        assert queries.delete_article(session, first) is False
    with reading(engine) as session:
        assert queries.article_by_id(session, first) is None
        for table in FACT_TABLES:
            assert queries.rows_of_articles(session, table, [first]) == [], table.__name__
        assert [c.killed for c in queries.rows_of_articles(session, CasualtyRow, [second])] == [16]


def test_deleting_an_article_row_cascades_to_its_facts(engine: Engine) -> None:
    article_id = _store(engine, _article("x"), _person("Donald Trump"), _quote(None, "Hello"))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM article WHERE id = :id"), {"id": article_id})
    assert _count(engine, PersonRow) == 0
    assert _count(engine, QuoteRow) == 0


def test_latest_articles_by_arrival(engine: Engine) -> None:
    base = dt.datetime(2025, 5, 1, 9, tzinfo=UTC)
    for i, key in enumerate(["a", "b", "c"]):
        _store(engine, _article(key, received_at=base + dt.timedelta(hours=i)))
    _store(engine, _article("old", received_at=base - dt.timedelta(days=30)))
    with reading(engine) as session:
        assert [a.text_key for a in queries.latest_articles(session, 3)] == ["c", "b", "a"]


def test_articles_received_between_includes_start_excludes_end(engine: Engine) -> None:
    end = dt.datetime(2025, 5, 11, 8, tzinfo=UTC)
    start = end - dt.timedelta(hours=24)
    arrivals = {
        "at start": start,
        "inside": start + dt.timedelta(hours=5),
        "just before start": start - dt.timedelta(seconds=1),
        "at end": end,
    }
    for key, at in arrivals.items():
        _store(engine, _article(key, received_at=at))
    with reading(engine) as session:
        found = queries.articles_received_between(session, start, end)
        assert [a.text_key for a in found] == ["at start", "inside"]
        # The same instant written in Kyiv time selects the same articles.
        kyiv = dt.timezone(dt.timedelta(hours=3))
        again = queries.articles_received_between(
            session, start.astimezone(kyiv), end.astimezone(kyiv)
        )
        assert [a.text_key for a in again] == ["at start", "inside"]


def test_mention_totals_add_up_the_chosen_articles_only(engine: Engine) -> None:
    first = _store(engine, _article("a"), _person("Mark Rutte", 3), _person("Kaja Kallas", 0))
    second = _store(engine, _article("b"), _person("Mark Rutte", 2))
    third = _store(engine, _article("c"), _person("Mark Rutte", 7), _person("Kaja Kallas", 9))
    with reading(engine) as session:
        # A person stored with no counted mention was still named once.
        assert queries.mention_totals(session, PersonRow, [first, second]) == {
            "Mark Rutte": 5,
            "Kaja Kallas": 1,
        }
        assert queries.mention_totals(session, PersonRow, [third]) == {
            "Mark Rutte": 7,
            "Kaja Kallas": 9,
        }
        assert queries.mention_totals(session, PlaceRow, [first]) == {}
        assert queries.mention_totals(session, PersonRow, []) == {}


# Casualties -----------------------------------------------------------------------------------


@pytest.fixture
def tolls(engine: Engine) -> Engine:
    _store(
        engine,
        _article("kyiv"),
        _casualty("Kyiv", "2025-04-24", killed=12, injured=90),
        _casualty("Kharkiv", "2025-04-24", killed=1),
    )
    _store(engine, _article("kyiv-update"), _casualty("Kyiv", "2025-04-24", killed=16))
    _store(engine, _article("kharkiv"), _casualty("Kharkiv", "2025-05-10", killed=3, injured=21))
    _store(engine, _article("gaza"), _casualty("Gaza", "2025-05-10", country="Palestine", killed=9))
    _store(
        engine, _article("nowhere"), CasualtyRow(location=None, killed=2, day=dt.date(2025, 5, 1))
    )
    return engine


def _reports(engine: Engine, **query: object) -> list[tuple[str | None, int | None]]:
    with reading(engine) as session:
        rows = queries.casualty_reports(session, **query)  # type: ignore[arg-type]
        return [(c.location, c.killed) for c, _ in rows]


def test_casualty_reports_at_a_place(tolls: Engine) -> None:
    assert _reports(tolls, location_keys={"kyiv"}) == [("Kyiv", 12), ("Kyiv", 16)]


def test_casualty_reports_in_a_country_any_case(tolls: Engine) -> None:
    assert sorted(_reports(tolls, country="UKRAINE")) == [
        ("Kharkiv", 1),
        ("Kharkiv", 3),
        ("Kyiv", 12),
        ("Kyiv", 16),
    ]


def test_casualty_reports_in_a_period_include_both_ends(tolls: Engine) -> None:
    day = dt.date(2025, 5, 10)
    assert sorted(_reports(tolls, country="Ukraine", since=day, until=day)) == [("Kharkiv", 3)]
    april = {"since": dt.date(2025, 4, 1), "until": dt.date(2025, 4, 24)}
    assert len(_reports(tolls, location_keys={"kyiv", "kharkiv"}, **april)) == 3


def test_casualty_reports_need_a_place(tolls: Engine) -> None:
    assert _reports(tolls) == []


def test_places_with_reports_most_first(tolls: Engine) -> None:
    with reading(tolls) as session:
        assert queries.places_with_reports(session) == ["Kharkiv", "Kyiv", "Gaza"]
        assert queries.places_with_reports(session, limit=1) == ["Kharkiv"]
        assert sorted(queries.reported_locations(session)) == ["Gaza", "Kharkiv", "Kyiv"]


# People and quotes ----------------------------------------------------------------------------


@pytest.fixture
def people(engine: Engine) -> Engine:
    _store(
        engine,
        _article("seed", published_at=dt.datetime(2025, 4, 24, 9, tzinfo=UTC)),
        _person("Donald Trump", 12, "US President"),
        _person("Mark Rutte", 2, "NATO Secretary-General"),
        _quote("Donald Trump", "Vladimir, STOP!"),
        _quote("Donald Trump", "a lot of pressure"),
        _quote("Mark Rutte", "the ball is clearly in the Russian court"),
        _quote("Viktoria Bakal", "One blast came after the other"),
    )
    _store(
        engine,
        _article("later", published_at=dt.datetime(2025, 4, 26, 18, tzinfo=UTC)),
        _person("Donald Trump", 2, "President"),
        _person("Melania Trump", 1),
        _quote("Donald Trump", "We had a very good meeting"),
    )
    return engine


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("rutte", ["Mark Rutte"]),
        ("RUTTE", ["Mark Rutte"]),
        ("Mark Rutte", ["Mark Rutte"]),
        ("  mark rutte ", ["Mark Rutte"]),
        ("trump", ["Donald Trump", "Melania Trump"]),  # most mentioned first
        ("bakal", ["Viktoria Bakal"]),  # quoted, never listed as a person
        ("utte", []),  # a surname is a whole word
        ("ark rutte", []),
        ("rutt", []),
        ("", []),
    ],
)
def test_names_matching(people: Engine, query: str, names: list[str]) -> None:
    with reading(people) as session:
        assert queries.names_matching(session, query) == names


def test_names_matching_takes_the_spellings_of_a_transliterated_surname(engine: Engine) -> None:
    _store(
        engine,
        _article("wires"),
        _person("Volodymyr Zelenskiy", 3),
        _person("Volodymyr Zelenskyy", 1),
        _person("Dmitry Peskov", 1),
        _quote("Olena Zelenska", "We are at home"),
        _quote("Volodymyr Zelensky", "We will not give up"),
    )
    everyone = ["Volodymyr Zelenskiy", "Volodymyr Zelenskyy", "Volodymyr Zelensky"]
    with reading(engine) as session:
        for query in ("zelensky", "Zelenskiy", "ZELENSKYY", "Volodymyr Zelenski"):
            assert queries.names_matching(session, query) == everyone, query
        assert queries.names_matching(session, "zelenska") == ["Olena Zelenska"]
        assert queries.names_matching(session, "Oleksandr Zelensky") == []
        assert queries.names_matching(session, "peskov") == ["Dmitry Peskov"]


def test_names_matching_takes_the_query_literally(people: Engine) -> None:
    """`/who %` is not a wildcard listing everyone, nor `/who _rump` a pattern."""
    with reading(people) as session:
        found = {q: queries.names_matching(session, q) for q in ("%", "_rump", "%utte")}
    assert found == {"%": [], "_rump": [], "%utte": []}


def test_quotes_of_newest_article_first_then_in_story_order(people: Engine) -> None:
    with reading(people) as session:
        rows = queries.quotes_of(session, ["Donald Trump"], 10)
        assert [q.text for q, _ in rows] == [
            "We had a very good meeting",
            "Vladimir, STOP!",
            "a lot of pressure",
        ]
        assert [a.text_key for _, a in rows] == ["later", "seed", "seed"]
        assert len(queries.quotes_of(session, ["Donald Trump"], 2)) == 2
        both = queries.quotes_of(session, ["Donald Trump", "Mark Rutte"], 10)
        assert {q.speaker for q, _ in both} == {"Donald Trump", "Mark Rutte"}


def test_quotes_of_a_pasted_story_sort_by_when_it_came(people: Engine) -> None:
    """A story with no publication time (a paste) counts from when it reached the bot: today's
    paste is newer than a forward from last year."""
    _store(people, _article("pasted"), _quote("Donald Trump", "Pasted today"))
    _store(
        people,
        _article("dated", published=dt.date(2025, 4, 25)),
        _quote("Donald Trump", "Said on the 25th"),
    )
    with reading(people) as session:
        texts = [q.text for q, _ in queries.quotes_of(session, ["Donald Trump"], 3)]
    assert texts == ["Pasted today", "We had a very good meeting", "Said on the 25th"]


def test_quotes_of_a_long_story_cut_at_the_limit_keep_its_first(people: Engine) -> None:
    with reading(people) as session:
        rows = queries.quotes_of(session, ["Donald Trump", "Mark Rutte"], 3)
    assert [q.text for q, _ in rows] == [
        "We had a very good meeting",
        "Vladimir, STOP!",
        "a lot of pressure",
    ]


def test_facts_know_their_surname_and_report_time(people: Engine) -> None:
    with reading(people) as session:
        rutte = session.exec(select(PersonRow).where(PersonRow.name == "Mark Rutte")).one()
        stop = session.exec(select(QuoteRow).where(QuoteRow.text == "Vladimir, STOP!")).one()
    assert rutte.surname_key == "rutte"
    assert rutte.reported_at == dt.datetime(2025, 4, 24, 9, tzinfo=UTC)
    assert stop.speaker_surname_key == "trump"
    assert stop.reported_at == dt.datetime(2025, 4, 24, 9, tzinfo=UTC)


def test_person_titles_articles_and_quote_count(people: Engine) -> None:
    with reading(people) as session:
        assert queries.person_titles(session, "donald trump", 4) == ["President", "US President"]
        assert queries.person_titles(session, "Donald Trump", 1) == ["President"]
        assert queries.person_titles(session, "Melania Trump", 4) == []
        assert queries.person_article_count(session, "Donald Trump") == 2
        cited = queries.person_articles(session, "Donald Trump", 5)
        assert [a.text_key for a in cited] == ["later", "seed"]
        assert [a.text_key for a in queries.person_articles(session, "Donald Trump", 1)] == [
            "later"
        ]
        assert queries.quote_count(session, "Donald Trump") == 3
        assert queries.quote_count(session, "Melania Trump") == 0


# Chats, digests and state ---------------------------------------------------------------------


def test_scheduled_chats_are_those_with_a_time(engine: Engine) -> None:
    with transaction(engine) as session:
        session.add(ChatSettings(chat_id=-1001, kind="supergroup", digest_time="08:00"))
        session.add(ChatSettings(chat_id=42, kind="private"))
        session.add(
            ChatSettings(chat_id=-1002, kind="group", digest_time="07:30", timezone="Europe/Kyiv")
        )
    with reading(engine) as session:
        chats = queries.scheduled_chats(session)
        assert sorted((c.chat_id, c.digest_time, c.timezone) for c in chats) == [
            (-1002, "07:30", "Europe/Kyiv"),
            (-1001, "08:00", "UTC"),
        ]
        settings = queries.chat_settings(session, 42)
        assert settings is not None
        assert settings.digest_time is None
        assert queries.chat_settings(session, 7) is None


def test_a_digest_is_recorded_once_per_chat_and_local_date(engine: Engine) -> None:
    day = dt.date(2025, 5, 11)
    with transaction(engine) as session:
        assert not queries.digest_was_sent(session, -1001, day)
        queries.record_digest(session, -1001, day)
    with reading(engine) as session:
        assert queries.digest_was_sent(session, -1001, day)
        assert not queries.digest_was_sent(session, -1001, day + dt.timedelta(days=1))
        assert not queries.digest_was_sent(session, -1002, day)
    with pytest.raises(IntegrityError), transaction(engine) as session:
        queries.record_digest(session, -1001, day)


def test_state_values_are_set_and_replaced(engine: Engine) -> None:
    with reading(engine) as session:
        assert queries.state_value(session, "last_alive") is None
    with transaction(engine) as session:
        queries.set_state_value(session, "last_alive", "2025-05-11T08:00:00+00:00")
    with transaction(engine) as session:
        queries.set_state_value(session, "last_alive", "2025-05-11T08:05:00+00:00")
    with reading(engine) as session:
        assert queries.state_value(session, "last_alive") == "2025-05-11T08:05:00+00:00"


def test_a_postgres_database_in_sql_ascii_stores_and_returns_any_script(tmp_path: Path) -> None:
    # initdb without a locale makes SQL_ASCII databases; the bot must start and work on one.
    problem = postgres_problem()
    if problem is not None:
        pytest.skip(problem)
    name = f"test_ascii_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_base_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        created = f"CREATE DATABASE {name} ENCODING 'SQL_ASCII' LOCALE 'C' TEMPLATE template0"
        connection.execute(text(created))
    engine = make_engine(postgres_base_url().set(database=name).render_as_string(False))
    try:
        upgrade(engine)
        _store(engine, _article("Київ"), _person("Володимир Зеленський"), _quote(None, "«Ми»"))
        with reading(engine) as session:
            assert [p.name for p in session.exec(select(PersonRow))] == ["Володимир Зеленський"]
            assert [q.text for q in session.exec(select(QuoteRow))] == ["«Ми»"]
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
