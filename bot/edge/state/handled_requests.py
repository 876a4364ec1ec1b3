"""Slack requests already handled, shared by every web process so a retry is answered
once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete

from bot.edge.state.db import handled_requests
from bot.edge.state.rows import StateTable, insert_ignoring_duplicates


class HandledRequests(StateTable):
    def first_time_handled(self, key: str, *, now: dt.datetime) -> bool:
        """Record ``key`` (an event id or a request signature); True if no process had
        recorded it before."""
        with self.engine.begin() as conn:
            return bool(
                insert_ignoring_duplicates(
                    conn, handled_requests, [{"key": key[:200], "seen_at": now}]
                )
            )

    def forget_handled_before(self, cutoff: dt.datetime) -> int:
        """Drop records older than ``cutoff`` (Slack stops retrying within minutes)."""
        with self.engine.begin() as conn:
            return int(
                conn.execute(
                    delete(handled_requests).where(handled_requests.c.seen_at < cutoff)
                ).rowcount
                or 0
            )
