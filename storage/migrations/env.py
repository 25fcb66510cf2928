"""Alembic's entry point: runs the migrations on the connection `storage.migrate` hands it.
Batch mode lets one history serve SQLite, which cannot alter most of a table in place."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from storage import models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    """On the connection `storage.migrate` puts in the config: the one way in."""
    connection = config.attributes["connection"]
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
