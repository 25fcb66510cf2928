"""article ids are never reused on SQLite

Journalists name articles by id (`/article 3`, `/forget 3`). SQLite hands an INTEGER PRIMARY
KEY's highest id out again once its row is deleted, so a stale `/forget 3` could delete the
next story stored; with AUTOINCREMENT it never does. SQLite cannot add AUTOINCREMENT to a
table in place: the article table is rebuilt (batch mode: a copy, every row with its id, the
indexes and unique constraints) and sqlite_sequence is seeded with the largest id, so no id
present at the upgrade is handed out again. (An id already deleted from the top before the
upgrade left no trace: it can still come back once.) The fact tables' references to article.id
are by name and survive the rebuild; storage.migrate runs migrations with SQLite's foreign keys
off and checks them before committing. Downgrading rebuilds it without AUTOINCREMENT.

The fact tables keep their ids as they are: no reply shows one and nothing refers to one, and
a reused id is still above every stored one, so "in stored order" holds.

PostgreSQL draws ids from a sequence (SERIAL), which never goes back: nothing to do there.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _rebuild_article(autoincrement=True)


def downgrade() -> None:
    _rebuild_article(autoincrement=False)


def _rebuild_article(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # With foreign keys on, dropping the old table would first delete its rows, and ON DELETE
    # CASCADE every fact with them.
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "rebuilding the article table needs SQLite's foreign keys off: run the migrations "
            "through storage.migrate (`newsroom-bot db upgrade`)"
        )
    with op.batch_alter_table(
        "article", recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass
    if autoincrement:
        # The copy's inserts already set the sequence to max(id); said here so that the floor
        # does not rest on how the copy is made.
        bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'article'"))
        bind.execute(
            sa.text(
                "INSERT INTO sqlite_sequence (name, seq) "
                "SELECT 'article', coalesce(max(id), 0) FROM article"
            )
        )
