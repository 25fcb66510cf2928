"""The schema's history: an empty database upgraded from zero matches the models on each
database, a new database gets the schema at start-up, and one that is behind is refused with
what to run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from storage import migrate, queries
from storage.db import make_engine, reading
from tests.databases import BACKENDS, database_url


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
