"""PostgreSQL going away and coming back under a running newsroom: while it is away the
failure reads as "the store is unavailable" (the bot says try again), and once it is back the
next command works without a restart (stale pooled connections are replaced)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import URL, make_url

from extract.engine import Extractor
from storage.db import make_engine
from storage.errors import StoreUnavailable
from storage.migrate import upgrade
from testkit.databases import database_url
from tests.service import stories
from tests.service.conftest import new_store
from tests.tcp_proxy import TcpProxy


@pytest.fixture
def postgres_schema(tmp_path: Path) -> Iterator[URL]:
    with database_url("postgresql", tmp_path) as url:
        yield make_url(url)


def test_the_newsroom_rides_out_a_postgres_outage(
    postgres_schema: URL, extractor: Extractor
) -> None:
    target = (postgres_schema.host or "127.0.0.1", postgres_schema.port or 5432)
    with TcpProxy(target) as proxy:
        url = postgres_schema.set(host="127.0.0.1", port=proxy.port)
        engine = make_engine(url.render_as_string(hide_password=False))
        try:
            upgrade(engine)
            store = new_store(engine, extractor)
            assert store.forward("kharkiv", stories.kharkiv_strike()).article_id == 1
            assert "#1" in store.ask("sources")

            proxy.cut()
            with pytest.raises(StoreUnavailable):
                store.ask("sources")
            with pytest.raises(StoreUnavailable):
                store.forward("again", stories.kyiv_follow_up())

            proxy.restore()
            assert "#1" in store.ask("sources")
            assert store.forward("again", stories.kyiv_follow_up()).article_id == 2
        finally:
            engine.dispose()
