"""The one upsert helper every state table writes through."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.edge.state import connect
from bot.edge.state.db import clock_state
from bot.edge.state.rows import insert_ignoring_duplicates, upsert

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_upsert_inserts_then_updates_the_same_row(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'state.db'}")
    with engine.begin() as conn:
        assert upsert(conn, clock_state, {"name": "a"}, {"value": "1", "updated_at": NOW})
        assert not upsert(conn, clock_state, {"name": "a"}, {"value": "2", "updated_at": NOW})
        assert upsert(conn, clock_state, {"name": "b"}, {"value": "3", "updated_at": NOW})
        rows = conn.execute(select(clock_state.c.name, clock_state.c.value)).all()
    assert sorted(tuple(row) for row in rows) == [("a", "2"), ("b", "3")]


def test_insert_ignoring_duplicates_counts_only_new_rows(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'state.db'}")
    row = {"name": "a", "value": "1", "updated_at": NOW}
    with engine.begin() as conn:
        assert insert_ignoring_duplicates(conn, clock_state, [row]) == 1
        assert insert_ignoring_duplicates(conn, clock_state, [row, {**row, "name": "b"}]) == 1
        assert insert_ignoring_duplicates(conn, clock_state, []) == 0
