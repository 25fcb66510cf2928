"""Article ids are what journalists type (`/article 3`, `/forget 3`): one is never handed out
again after its article is deleted, on either database, so a stale `/forget 3` cannot delete a
different story."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, func, select

from service.articles import Deleter, forget
from storage import queries
from storage.db import reading, transaction
from storage.models import ArticleRow, PersonRow, QuoteRow

OPERATOR = Deleter(user_id=None, chat_id=0, admin=True)  # may delete any story


def _store(engine: Engine, key: str, *facts: SQLModel) -> int:
    article = ArticleRow(text=f"Story {key}.", text_key=key, source="Reuters")
    with transaction(engine) as session:
        queries.add_article(session, article, facts)
    assert article.id is not None
    return article.id


def _facts(key: str) -> tuple[PersonRow, QuoteRow]:
    return (
        PersonRow(name=f"Person {key}", name_key=f"person {key}"),
        QuoteRow(speaker=f"Person {key}", speaker_key=f"person {key}", text=key, kind="direct"),
    )


def _stored(engine: Engine) -> tuple[list[tuple[int, str]], dict[str, list[int]]]:
    """The articles (id, key), and the article ids each fact table refers to."""
    with reading(engine) as session:
        articles = [
            (a.id, a.text_key) for a in session.exec(select(ArticleRow).order_by(ArticleRow.id))
        ]
        facts = {
            t.__tablename__: sorted(session.exec(select(t.article_id)).all())  # type: ignore[attr-defined]
            for t in (PersonRow, QuoteRow)
        }
    return articles, facts  # type: ignore[return-value]


def test_the_newest_articles_id_is_not_reused_after_it_is_deleted(engine: Engine) -> None:
    assert [_store(engine, key) for key in ("a", "b", "c")] == [1, 2, 3]
    with transaction(engine) as session:
        assert queries.delete_article(session, 3)
    assert _store(engine, "d") == 4  # SQLite without AUTOINCREMENT said 3 again
    with transaction(engine) as session:
        assert queries.delete_article(session, 4)
        assert queries.delete_article(session, 1)  # the oldest: its id is not reused either
    assert _store(engine, "e") == 5
    with reading(engine) as session:
        count = session.exec(select(func.count()).select_from(ArticleRow)).one()
    assert count == 2


def test_a_stale_forget_does_not_delete_the_next_story(engine: Engine) -> None:
    for key in ("a", "b", "c"):
        _store(engine, key, *_facts(key))
    assert forget(engine, 3, OPERATOR)[0].startswith("Deleted article #3 ")
    new = _store(engine, "d", *_facts("d"))
    assert new == 4
    # `/forget 3` sent again (a retry, a second journalist): nothing left to delete.
    assert forget(engine, 3, OPERATOR) == ["No article #3. /sources lists the latest."]
    assert _stored(engine) == (
        [(1, "a"), (2, "b"), (4, "d")],
        {"person": [1, 2, 4], "quote": [1, 2, 4]},
    )
    # `/forget 4` deletes the new story and its facts, nothing else.
    assert forget(engine, new, OPERATOR)[0].startswith("Deleted article #4 ")
    assert _stored(engine) == ([(1, "a"), (2, "b")], {"person": [1, 2], "quote": [1, 2]})
