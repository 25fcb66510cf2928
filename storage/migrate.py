"""The schema's history (Alembic migrations in `storage/migrations`): bring a database up to
date, and tell whether one is. A new, empty database is created at the latest revision; one
that is behind must be upgraded on purpose (`newsroom-bot db upgrade`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
UPGRADE_COMMAND = "newsroom-bot db upgrade"
VERSION_TABLE = "alembic_version"


class SchemaOutOfDate(RuntimeError):
    """The database's schema is older (or other) than the code's."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The latest revision the code knows."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    """The database's revision; None when it has none (empty, or made without migrations)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to `revision` (the latest by default)."""
    if current(engine) is None and _has_tables(engine):
        raise SchemaOutOfDate(
            "the database has tables but no schema revision (it was made before migrations, "
            "or by something else): point DATABASE_URL at a new database"
        )
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, command.downgrade, revision)


def new_revision(engine: Engine, message: str) -> None:
    """Write the migration from the database's schema (at the latest revision) to the
    models' (for developers: `make migration m="..."`)."""
    _run(engine, command.revision, message=message, autogenerate=True)


def _run(engine: Engine, step: Callable[..., object], *args: object, **kwargs: object) -> None:
    config = _config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A migration that rebuilds a table others refer to (batch mode: copy, drop,
            # rename) must not have the drop cascade to the facts: the foreign keys are off
            # while it runs (a pragma that does nothing inside a transaction, so set first)
            # and checked before the commit instead.
            _sqlite_foreign_keys(connection, on=False)
        try:
            with connection.begin():
                if sqlite:
                    # The driver only opens a transaction before a data change: open it now,
                    # so that the DDL is undone too when a migration fails.
                    connection.exec_driver_sql("BEGIN")
                config.attributes["connection"] = connection  # env.py runs on it
                step(config, *args, **kwargs)
                if sqlite:
                    _check_sqlite_foreign_keys(connection)
        finally:
            if sqlite:  # the connection goes back to the pool as storage.db made it
                _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    connection.commit()  # (ends SQLAlchemy's autobegun transaction; no BEGIN was sent)
    if connection.exec_driver_sql("PRAGMA foreign_keys").scalar() != int(on):
        raise RuntimeError(f"could not turn SQLite's foreign keys {'on' if on else 'off'}")
    connection.commit()


def _check_sqlite_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise SchemaOutOfDate(
            f"the migration would leave {len(broken)} rows of {', '.join(tables)} referring to "
            "rows that are not there: it is undone, the schema is as it was"
        )


def _has_tables(engine: Engine) -> bool:
    return bool(set(inspect(engine).get_table_names()) - {VERSION_TABLE})


def ensure_current(engine: Engine) -> None:
    """At start-up: an empty database gets the whole schema; one at the latest revision is
    used as it is; anything else raises SchemaOutOfDate saying what to run."""
    if not _has_tables(engine):
        upgrade(engine)
        return
    found, needed = current(engine), head()
    if found == needed:
        return
    if found is None:
        upgrade(engine)  # raises: tables without a revision
    raise SchemaOutOfDate(
        f"the database schema is at revision {found}, this version needs {needed}: "
        f"run `{UPGRADE_COMMAND}` (back up the database first)"
    )
