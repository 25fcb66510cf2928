"""surname keys, report times and indexes for the commands

Person and Quote get a surname key and their article's report time, so that "/quotes Rutte"
and "latest first" come off indexes instead of reading every name; casualty reports are indexed
by place (or country) and day. Rows already stored are filled in.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 13:42:46.845045
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5000
_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("casualty", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casualty_location_key"))
        batch_op.create_index("ix_casualty_place_day", ["location_key", "day"], unique=False)
    op.drop_index("ix_casualty_country_lower", table_name="casualty")
    op.create_index("ix_casualty_country_day", "casualty", [sa.text("lower(country)"), "day"])

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reported_at", _TIME(), nullable=True))
        batch_op.add_column(
            sa.Column("surname_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reported_at", _TIME(), nullable=True))
        batch_op.add_column(
            sa.Column("speaker_surname_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    _fill_in()

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_name_key"))
        batch_op.create_index(
            "ix_person_name_time", ["name_key", "reported_at", "article_id"], unique=False
        )
        batch_op.create_index(
            "ix_person_name_title", ["name_key", "title", "reported_at"], unique=False
        )
        batch_op.create_index(
            "ix_person_surname", ["surname_key", "name_key", "name", "mentions"], unique=False
        )
    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_speaker_key"))
        batch_op.create_index(
            "ix_quote_speaker_surname", ["speaker_surname_key", "speaker"], unique=False
        )
        batch_op.create_index(
            "ix_quote_speaker_time",
            ["speaker_key", "reported_at", "article_id", sa.text("id DESC")],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.drop_index("ix_quote_speaker_time")
        batch_op.drop_index("ix_quote_speaker_surname")
        batch_op.create_index(batch_op.f("ix_quote_speaker_key"), ["speaker_key"], unique=False)
        batch_op.drop_column("speaker_surname_key")
        batch_op.drop_column("reported_at")

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_surname")
        batch_op.drop_index("ix_person_name_title")
        batch_op.drop_index("ix_person_name_time")
        batch_op.create_index(batch_op.f("ix_person_name_key"), ["name_key"], unique=False)
        batch_op.drop_column("surname_key")
        batch_op.drop_column("reported_at")

    op.drop_index("ix_casualty_country_day", table_name="casualty")
    op.create_index("ix_casualty_country_lower", "casualty", [sa.text("lower(country)")])
    with op.batch_alter_table("casualty", schema=None) as batch_op:
        batch_op.drop_index("ix_casualty_place_day")
        batch_op.create_index(
            batch_op.f("ix_casualty_location_key"), ["location_key"], unique=False
        )


# The fill-in works on the tables as this revision leaves them (not on the models, which
# move on), with the rules as they were when it was written.
_article = sa.table(
    "article",
    sa.column("id", sa.Integer),
    sa.column("published_at", _TIME()),
    sa.column("published", sa.Date),
    sa.column("received_at", _TIME()),
)
_person = sa.table(
    "person",
    sa.column("id", sa.Integer),
    sa.column("article_id", sa.Integer),
    sa.column("name_key", sa.String),
    sa.column("surname_key", sa.String),
    sa.column("reported_at", _TIME()),
)
_quote = sa.table(
    "quote",
    sa.column("id", sa.Integer),
    sa.column("article_id", sa.Integer),
    sa.column("speaker_key", sa.String),
    sa.column("speaker_surname_key", sa.String),
    sa.column("reported_at", _TIME()),
)


def _surname(key: str | None) -> str | None:
    words = (key or "").split()
    return words[-1] if words else None


def _report_time(
    published_at: dt.datetime | None, published: dt.date | None, received_at: dt.datetime
) -> dt.datetime:
    if published_at is not None:
        return published_at
    if published is not None:
        return dt.datetime.combine(published, dt.time(), tzinfo=dt.UTC)
    return received_at


def _batches(rows: Sequence[sa.Row]) -> Iterator[Sequence[sa.Row]]:
    for first in range(0, len(rows), _BATCH):
        yield rows[first : first + _BATCH]


def _fill_in() -> None:
    bind = op.get_bind()
    articles = bind.execute(
        sa.select(
            _article.c.id, _article.c.published_at, _article.c.published, _article.c.received_at
        )
    ).all()
    for batch in _batches(articles):
        times = [{"a": a.id, "t": _report_time(*a[1:])} for a in batch]
        for table in (_person, _quote):
            bind.execute(
                table.update()
                .where(table.c.article_id == sa.bindparam("a"))
                .values(reported_at=sa.bindparam("t")),
                times,
            )
    for table, key, surname in (
        (_person, _person.c.name_key, "surname_key"),
        (_quote, _quote.c.speaker_key, "speaker_surname_key"),
    ):
        rows = bind.execute(sa.select(table.c.id, key).where(key.is_not(None))).all()
        for batch in _batches(rows):
            bind.execute(
                table.update()
                .where(table.c.id == sa.bindparam("i"))
                .values({surname: sa.bindparam("s")}),
                [{"i": r[0], "s": _surname(r[1])} for r in batch],
            )
