"""chat watches and their notes

A chat can watch places and people (issue 17): `chatwatch` keeps what each chat follows, and
`watchnote` is the outbox of the notes a new story brings them, one per chat and story (never
noted twice), kept until sent so that a restart loses none. A note goes with its story when the
story is deleted.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 03:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chatwatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "kind", "key"),
    )
    op.create_table(
        "watchnote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "article_id"),
    )
    with op.batch_alter_table("watchnote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watchnote_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_watchnote_sent_at"), ["sent_at"], unique=False)


def downgrade() -> None:
    op.drop_table("watchnote")
    op.drop_table("chatwatch")
