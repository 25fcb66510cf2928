"""update attempts and chat migrations

An update that keeps failing (the bot crashes while handling it, and the inbox replays it at
every start) is given up after a few attempts: ReceivedUpdate counts them. A listed group that
became a supergroup stays listed under its new id: ChatMigration remembers the move.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 19:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("receivedupdate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "chatmigration",
        sa.Column("old_id", sa.BigInteger(), nullable=False),
        sa.Column("new_id", sa.BigInteger(), nullable=False),
        sa.Column("migrated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("old_id"),
    )


def downgrade() -> None:
    op.drop_table("chatmigration")
    with op.batch_alter_table("receivedupdate", schema=None) as batch_op:
        batch_op.drop_column("attempts")
