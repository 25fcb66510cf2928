"""The schema's history: an empty database upgraded from zero matches the models on each
database, a new database gets the schema at start-up, and one that is behind is refused with
what to run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from storage import migrate, queries
from storage.db import make_engine, reading, transaction
from storage.models import ArticleRow
from testkit.databases import BACKENDS, database_url


def _index_names(engine: Engine, table: str) -> set[str]:
    if engine.dialect.name == "sqlite":  # its reflection leaves out expression indexes
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"),
                {"t": table},
            )
            return {name for (name,) in rows}
    return {i["name"] for i in inspect(engine).get_indexes(table) if i["name"]}


# (SQLite's reflection cannot read the expression index: said in a warning, checked above)
@pytest.mark.filterwarnings("ignore:.*expression-based index")
@pytest.mark.parametrize("backend", BACKENDS)
def test_an_empty_database_upgraded_from_zero_matches_the_models(
    backend: str, tmp_path: Path
) -> None:
    with database_url(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            assert migrate.current(engine) is None
            migrate.upgrade(engine)
            assert migrate.current(engine) == migrate.head()
            with engine.connect() as connection:
                differences = compare_metadata(
                    MigrationContext.configure(connection), SQLModel.metadata
                )
            assert differences == []
            # Every table and every index is there (autogenerate cannot compare the
            # expression indexes).
            tables = set(inspect(engine).get_table_names())
            assert set(SQLModel.metadata.tables) <= tables
            for name, table in SQLModel.metadata.tables.items():
                assert {i.name for i in table.indexes} <= _index_names(engine, name)
            # The history runs back down to nothing and up again.
            migrate.downgrade(engine, "base")
            assert set(inspect(engine).get_table_names()) <= {migrate.VERSION_TABLE}
            migrate.upgrade(engine)
            assert migrate.current(engine) == migrate.head()
        finally:
            engine.dispose()


def test_a_new_database_gets_the_schema_and_one_behind_is_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'newsroom.db'}")
    try:
        migrate.ensure_current(engine)  # new: created at the latest revision
        assert migrate.current(engine) == migrate.head()
        migrate.ensure_current(engine)  # at the latest: used as it is
        with engine.begin() as connection:  # as if made by an older version of the bot
            connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))
        with pytest.raises(migrate.SchemaOutOfDate) as refused:
            migrate.ensure_current(engine)
        assert "newsroom-bot db upgrade" in str(refused.value)
        assert "0000" in str(refused.value)
    finally:
        engine.dispose()


def test_tables_without_a_revision_are_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'newsroom.db'}")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE article (id INTEGER PRIMARY KEY)"))
        with pytest.raises(migrate.SchemaOutOfDate, match="no schema revision"):
            migrate.ensure_current(engine)
        with pytest.raises(migrate.SchemaOutOfDate, match="no schema revision"):
            migrate.upgrade(engine)  # `db upgrade` does not write over them either
    finally:
        engine.dispose()


@pytest.mark.filterwarnings("ignore:.*expression-based index")
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_store_of_the_first_schema_upgraded_answers_like_a_new_one(
    backend: str, tmp_path: Path
) -> None:
    """Rows stored before the surname keys and report times existed are filled in by the
    upgrade, so "/quotes rutte" finds them, newest first."""
    with database_url(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine, "0001")
            old = MetaData()
            old.reflect(engine, only=["article", "person", "quote"])
            article, person, quote = (old.tables[t] for t in ("article", "person", "quote"))
            received = dt.datetime(2025, 5, 1, 8, tzinfo=dt.UTC)
            with engine.begin() as connection:
                for i, published in ((1, dt.datetime(2025, 4, 24, 9, tzinfo=dt.UTC)), (2, None)):
                    connection.execute(
                        article.insert().values(
                            id=i, text=f"Story {i}.", text_key=f"k{i}", dateline=[],
                            published_at=published, received_at=received,
                        )
                    )  # fmt: skip
                    connection.execute(
                        person.insert().values(
                            article_id=i, name="Mark Rutte", name_key="mark rutte",
                            title=f"title {i}", aliases=[], mentions=1, sentence="",
                        )
                    )  # fmt: skip
                    connection.execute(
                        quote.insert().values(
                            article_id=i, speaker="Mark Rutte", speaker_key="mark rutte",
                            text=f"quote {i}", kind="direct", sentence="",
                        )
                    )  # fmt: skip
            with pytest.raises(migrate.SchemaOutOfDate, match="0001"):
                migrate.ensure_current(engine)
            migrate.upgrade(engine)
            migrate.ensure_current(engine)
            with reading(engine) as session:
                assert queries.names_matching(session, "RUTTE") == ["Mark Rutte"]
                rows = queries.quotes_of(session, ["Mark Rutte"], 5)
                assert [(q.text, q.reported_at) for q, _ in rows] == [
                    ("quote 2", received),  # no publication time: when it came
                    ("quote 1", dt.datetime(2025, 4, 24, 9, tzinfo=dt.UTC)),
                ]
                assert queries.person_titles(session, "mark rutte", 4) == ["title 2", "title 1"]
        finally:
            engine.dispose()


# Article ids (revision 0003) ---------------------------------------------------------------------

FACT_TABLES = ("casualty", "datemention", "organization", "person", "place", "quote")
# The columns a fact row needs at revision 0002, beyond its article.
FACT_VALUES: dict[str, dict[str, object]] = {
    "casualty": {"location": "Kyiv", "killed": 12, "dated": False},
    "datemention": {"text": "Thursday"},
    "organization": {"name": "NATO", "mentions": 1},
    "person": {"name": "Mark Rutte", "name_key": "mark rutte", "aliases": [], "mentions": 1},
    "place": {"name": "Kyiv", "name_key": "kyiv", "kind": "city", "mentions": 1},
    "quote": {"text": "A quote.", "kind": "direct"},
}


def _autoincrement_tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'"
            )
        )
        return {name for (name,) in rows}


def _snapshot(engine: Engine, like: dict[str, object] | None = None) -> dict[str, object]:
    """Every row of the article and fact tables, with their indexes, unique constraints and
    foreign keys as the database reports them; with `like`, an earlier snapshot, only the
    columns that one had (a later revision may add some)."""
    found: dict[str, object] = {}
    inspector = inspect(engine)
    with engine.connect() as connection:
        for table in ("article", *FACT_TABLES):
            columns = [c["name"] for c in inspector.get_columns(table)]
            if like is not None:
                columns = like[f"{table} columns"]  # type: ignore[assignment]
            found[f"{table} columns"] = columns
            quoted = ", ".join(f'"{c}"' for c in columns)  # "end" is a keyword
            rows = connection.execute(text(f"SELECT {quoted} FROM {table} ORDER BY id")).all()
            found[f"{table} rows"] = [tuple(row) for row in rows]
            found[f"{table} indexes"] = _index_names(engine, table)
            found[f"{table} foreign keys"] = inspector.get_foreign_keys(table)
    found["article unique"] = sorted(
        tuple(u["column_names"]) for u in inspector.get_unique_constraints("article")
    )
    return found


def _store_new(engine: Engine, key: str) -> int:
    with transaction(engine) as session:
        article = queries.add_article(session, ArticleRow(text=f"{key}.", text_key=key), [])
    assert article.id is not None
    return article.id


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_new_sqlite_databases_from_the_models_and_the_migrations_agree_on_autoincrement(
    tmp_path: Path,
) -> None:
    # (autogenerate does not compare table options such as sqlite_autoincrement)
    migrated = make_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    created = make_engine(f"sqlite:///{tmp_path / 'created.db'}")
    try:
        migrate.upgrade(migrated)
        SQLModel.metadata.create_all(created)
        assert _autoincrement_tables(migrated) == _autoincrement_tables(created) == {"article"}
    finally:
        migrated.dispose()
        created.dispose()


@pytest.mark.filterwarnings("ignore:.*expression-based index")
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_store_upgraded_to_ids_never_reused_keeps_rows_ids_facts_and_keys(
    backend: str, tmp_path: Path
) -> None:
    with database_url(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine, "0002")
            old = MetaData()
            old.reflect(engine, only=["article", *FACT_TABLES])
            received = dt.datetime(2025, 5, 1, 8, tzinfo=dt.UTC)
            with engine.begin() as connection:
                for i in range(1, 5):
                    connection.execute(
                        old.tables["article"].insert().values(
                            id=i, text=f"Story {i}.", text_key=f"k{i}", url=f"https://x/{i}",
                            origin_chat_id=-100, origin_message_id=i, dateline=["KYIV"],
                            received_at=received,
                        )
                    )  # fmt: skip
                    for table in FACT_TABLES:
                        connection.execute(
                            old.tables[table]
                            .insert()
                            .values(article_id=i, sentence=f"s{i}", **FACT_VALUES[table])
                        )
                # Deleted before the upgrade (their facts with them): one in the middle and the
                # newest, whose id leaves no trace on SQLite.
                connection.execute(text("DELETE FROM article WHERE id IN (2, 4)"))
            if backend == "postgresql":  # as the bot's own inserts would have left it
                with engine.begin() as connection:
                    connection.execute(
                        text("SELECT setval(pg_get_serial_sequence('article', 'id'), 4)")
                    )
            before = _snapshot(engine)
            assert before["person rows"] and before["article rows"]
            migrate.upgrade(engine)
            assert migrate.current(engine) == migrate.head()
            assert _snapshot(engine, like=before) == before
            if backend == "sqlite":
                assert _autoincrement_tables(engine) == {"article"}
                with engine.connect() as connection:  # back on for the bot's connections
                    assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
                    assert connection.execute(text("PRAGMA foreign_key_check")).all() == []

            # New ids start above the largest at the upgrade (on SQLite 4, deleted before it,
            # could not be known: it comes back once) and never go back after a deletion.
            first = _store_new(engine, "new")
            assert first == (4 if backend == "sqlite" else 5)
            with transaction(engine) as session:
                assert queries.delete_article(session, first)
            assert _store_new(engine, "newer") == first + 1

            # Deleting an article still takes its facts; a fact still needs its article.
            with engine.begin() as connection:
                connection.execute(text("DELETE FROM article WHERE id = 1"))
                for table in FACT_TABLES:
                    left = connection.execute(text(f"SELECT article_id FROM {table}")).all()
                    assert left == [(3,)], table
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(
                    old.tables["person"]
                    .insert()
                    .values(article_id=999, sentence="", **FACT_VALUES["person"])
                )

            # Down again: the rows stay, the ids may be reused again (SQLite).
            migrate.downgrade(engine, "0002")
            with engine.connect() as connection:
                ids = connection.execute(text("SELECT id FROM article ORDER BY id")).all()
                assert ids == [(3,), (first + 1,)]
                assert connection.execute(text("SELECT count(*) FROM quote")).scalar() == 1
            if backend == "sqlite":
                assert _autoincrement_tables(engine) == set()
        finally:
            engine.dispose()


def test_the_article_rebuild_is_refused_with_foreign_keys_on(tmp_path: Path) -> None:
    """Dropping the old article table with foreign keys on would cascade to every fact: run
    other than through storage.migrate, the migration refuses."""
    engine = make_engine(f"sqlite:///{tmp_path / 'newsroom.db'}")
    try:
        migrate.upgrade(engine, "0002")
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS))
        with pytest.raises(RuntimeError, match="foreign keys off"), engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0003")
        assert migrate.current(engine) == "0002"
    finally:
        engine.dispose()


def test_an_upgrade_that_would_break_a_reference_is_undone(tmp_path: Path) -> None:
    """The foreign keys are off while migrations run and checked before the commit: a store
    with a fact whose article is gone (written with the keys off) is left as it was, DDL
    included."""
    engine = make_engine(f"sqlite:///{tmp_path / 'newsroom.db'}")
    try:
        migrate.upgrade(engine, "0002")
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.execute(
                text(
                    "INSERT INTO person (article_id, sentence, name, name_key, aliases, mentions)"
                    " VALUES (7, '', 'Nobody', 'nobody', '[]', 0)"
                )
            )
            connection.commit()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        with pytest.raises(migrate.SchemaOutOfDate, match="1 rows of person"):
            migrate.upgrade(engine)
        assert migrate.current(engine) == "0002"
        assert _autoincrement_tables(engine) == set()
        assert "_alembic_tmp_article" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


@pytest.mark.filterwarnings("ignore:.*expression-based index")
@pytest.mark.parametrize("backend", BACKENDS)
def test_casualties_stored_before_scopes_are_incidents_after_the_upgrade(
    backend: str, tmp_path: Path
) -> None:
    with database_url(backend, tmp_path) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine, "0004")
            indexes = _index_names(engine, "casualty")
            old = MetaData()
            old.reflect(engine, only=["article", "casualty"])
            with engine.begin() as connection:
                connection.execute(
                    old.tables["article"].insert().values(
                        id=1, text="Story.", text_key="k1", dateline=[],
                        received_at=dt.datetime(2025, 5, 1, 8, tzinfo=dt.UTC),
                    )
                )  # fmt: skip
                connection.execute(
                    old.tables["casualty"]
                    .insert()
                    .values(article_id=1, sentence="s", location="Kyiv", killed=12, dated=False)
                )
            migrate.upgrade(engine)
            with engine.connect() as connection:
                row = connection.execute(
                    text("SELECT scope, background, covers, kind, part_of, region FROM casualty")
                ).one()
            assert tuple(row) == ("incident", False, None, None, None, None)
            # The expression index on the country survives (a batch copy on SQLite loses it).
            assert _index_names(engine, "casualty") == indexes
        finally:
            engine.dispose()
