"""The clock's bookkeeping: named values it keeps between runs, and the developments
the alert poll has already seen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select

from bot.edge.state.db import clock_state, seen_developments
from bot.edge.state.rows import CHUNK, StateTable, insert_ignoring_duplicates, upsert


class ClockRecords(StateTable):
    def seen(self) -> dict[str, dt.datetime]:
        with self.engine.begin() as conn:
            rows = conn.execute(select(seen_developments))
            return {row.development_id: row.first_seen_at for row in rows}

    def add_seen(self, first_seen: Mapping[str, dt.datetime]) -> int:
        """Record developments not seen before; those already recorded keep their time."""
        rows = [{"development_id": k, "first_seen_at": v} for k, v in first_seen.items()]
        inserted = 0
        with self.engine.begin() as conn:
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start : start + CHUNK]
                inserted += insert_ignoring_duplicates(conn, seen_developments, chunk)
        return inserted

    def get_state(self, name: str) -> str | None:
        with self.engine.begin() as conn:
            return conn.execute(
                select(clock_state.c.value).where(clock_state.c.name == name)
            ).scalar_one_or_none()

    def set_state(self, name: str, value: str, *, now: dt.datetime) -> None:
        with self.engine.begin() as conn:
            upsert(conn, clock_state, {"name": name}, {"value": value, "updated_at": now})

    def set_state_if_absent(self, name: str, value: str, *, now: dt.datetime) -> bool:
        with self.engine.begin() as conn:
            return bool(
                insert_ignoring_duplicates(
                    conn, clock_state, [{"name": name, "value": value, "updated_at": now}]
                )
            )
