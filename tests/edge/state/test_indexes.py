"""The state database's indexes (version 6): on a new database and on one migrated from
version 5, on SQLite and PostgreSQL; the queries that scan by channel, kind and status use
them."""

from __future__ import annotations

from sqlalchemy import inspect, text

from bot.edge.state import SCHEMA_VERSION, connect, init_schema
from bot.edge.state.db import STATE_INDEXES, schema_version


def _index_names(engine: object) -> set[str]:
    inspector = inspect(engine)
    return {
        ix["name"]
        for table in ("subscriptions", "deliveries", "handled_requests")
        for ix in inspector.get_indexes(table)
        if ix["name"]
    }


def test_a_new_database_has_the_indexes(db_url: str) -> None:
    engine = connect(db_url)
    assert {ix.name for ix in STATE_INDEXES} <= _index_names(engine)
    engine.dispose()


def test_a_version_5_database_gets_them(db_url: str) -> None:
    engine = connect(db_url)
    with engine.begin() as conn:
        for index in STATE_INDEXES:
            index.drop(conn)
        conn.execute(schema_version.update().values(version=5))
    assert not ({ix.name for ix in STATE_INDEXES} & _index_names(engine))
    assert init_schema(engine) == SCHEMA_VERSION == 7
    assert {ix.name for ix in STATE_INDEXES} <= _index_names(engine)
    engine.dispose()


def test_settled_deliveries_are_found_through_an_index(sqlite_url: str) -> None:
    engine = connect(sqlite_url)
    with engine.connect() as conn:
        plan = " ".join(
            str(row[-1])
            for row in conn.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT channel_id, key FROM deliveries "
                    "WHERE kind = 'digest' AND status = 'sent'"
                )
            )
        )
    assert "ix_deliveries_kind_status" in plan
    engine.dispose()
