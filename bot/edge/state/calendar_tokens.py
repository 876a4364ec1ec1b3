"""Each workspace's secret calendar-feed token."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from bot.edge.state.db import calendar_tokens
from bot.edge.state.rows import StateTable, insert_ignoring_duplicates


class CalendarTokens(StateTable):
    def calendar_token(
        self, team_id: str, *, new_token: str, user_id: str, now: dt.datetime, rotate: bool
    ) -> str:
        """The workspace's calendar token: the existing one, or ``new_token`` when there is
        none yet or ``rotate`` (the old address then stops working)."""
        c = calendar_tokens.c
        row = {"team_id": team_id, "token": new_token, "created_by": user_id, "created_at": now}
        with self.engine.begin() as conn:
            if insert_ignoring_duplicates(conn, calendar_tokens, [row]):
                return new_token
            if rotate:
                conn.execute(
                    update(calendar_tokens)
                    .where(c.team_id == team_id)
                    .values(token=new_token, created_by=user_id, created_at=now)
                )
                return new_token
            return str(conn.execute(select(c.token).where(c.team_id == team_id)).scalar_one())

    def calendar_team(self, token: str) -> str | None:
        """The workspace whose calendar token is ``token``, if any."""
        c = calendar_tokens.c
        with self.engine.begin() as conn:
            found = conn.execute(select(c.team_id).where(c.token == token)).scalar_one_or_none()
        return str(found) if found is not None else None
