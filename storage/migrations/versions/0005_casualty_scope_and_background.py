"""casualty scope and background

A story's casualty records say how they relate (issue 15): a total over several incidents
("across Ukraine") is an aggregate that `covers` them and is never added to them; an earlier
incident cited for context is `background`; each record keeps its place's `kind`. Rows stored
before are incidents, not background, of no known kind.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 21:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: on SQLite a batch copies the table, and the copy would
    # lose the expression index ix_casualty_country_day (batch mode cannot reflect it).
    op.add_column("casualty", sa.Column("kind", sa.String(), nullable=True))
    op.add_column(
        "casualty", sa.Column("scope", sa.String(), server_default="incident", nullable=False)
    )
    op.add_column("casualty", sa.Column("covers", sa.JSON(), nullable=True))
    op.add_column(
        "casualty",
        sa.Column("background", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    for column in ("background", "covers", "scope", "kind"):
        op.drop_column("casualty", column)  # SQLite has DROP COLUMN since 3.35
