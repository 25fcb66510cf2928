"""casualty revised

A casualty record says whether its figure revises one reported before (issue 17): "the toll
rose to 21" is a later report of an incident, whatever day it is told on, and joins that
incident. Rows stored before revise nothing (they were read before the flag existed).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 03:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, as in 0005: a batch copy on SQLite would lose ix_casualty_country_day.
    op.add_column(
        "casualty",
        sa.Column("revised", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("casualty", "revised")
