"""casualty part_of and region

A story's casualty record can be a part of another's toll (issue 15): "14 of them in the
Saltivskyi district" is a subset (`scope` "subset") `part_of` the Kharkiv incident and is never
added to it; each record keeps the place the story puts its place in (`region`: "Kawlin
Township" for a village in it). Rows stored before are parts of nothing, in no known region.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 18:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, as in 0005: a batch copy on SQLite would lose ix_casualty_country_day.
    op.add_column("casualty", sa.Column("part_of", sa.String(), nullable=True))
    op.add_column("casualty", sa.Column("region", sa.String(), nullable=True))


def downgrade() -> None:
    for column in ("region", "part_of"):
        op.drop_column("casualty", column)
