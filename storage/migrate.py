"""The schema's history (Alembic migrations in `storage/migrations`): bring a database up to
date, and tell whether one is. A new, empty database is created at the latest revision; one
that is behind must be upgraded on purpose (`newsroom-bot db upgrade`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
UPGRADE_COMMAND = "newsroom-bot db upgrade"
VERSION_TABLE = "alembic_version"


class SchemaOutOfDate(RuntimeError):
    """The database's schema is older (or other) than the code's."""


def _config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:  # ("%" is configparser's interpolation mark)
        url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
        config.set_main_option("sqlalchemy.url", url)
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
    config = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    config = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def ensure_current(engine: Engine) -> None:
    """At start-up: an empty database gets the whole schema; one at the latest revision is
    used as it is; anything else raises SchemaOutOfDate saying what to run."""
    if not set(inspect(engine).get_table_names()) - {VERSION_TABLE}:
        upgrade(engine)
        return
    found, needed = current(engine), head()
    if found == needed:
        return
    if found is None:
        raise SchemaOutOfDate(
            "the database has tables but no schema revision (it was made before migrations, "
            "or by something else): point DATABASE_URL at a new database"
        )
    raise SchemaOutOfDate(
        f"the database schema is at revision {found}, this version needs {needed}: "
        f"run `{UPGRADE_COMMAND}` (back up the database first)"
    )
