"""The subscription admins and editors of each workspace."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select

from bot.edge.state.db import workspace_roles
from bot.edge.state.rows import StateTable, insert_ignoring_duplicates


class RoleRecords(StateTable):
    def add_role(
        self, team_id: str, role: str, user_id: str, *, added_by: str, now: dt.datetime
    ) -> bool:
        """Give ``user_id`` ``role`` in workspace ``team_id``; False if it already had it."""
        row = {
            "team_id": team_id,
            "role": role,
            "user_id": user_id,
            "added_by": added_by,
            "added_at": now,
        }
        with self.engine.begin() as conn:
            return bool(insert_ignoring_duplicates(conn, workspace_roles, [row]))

    def remove_role(self, team_id: str, role: str, user_id: str) -> bool:
        c = workspace_roles.c
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    delete(workspace_roles).where(
                        c.team_id == team_id, c.role == role, c.user_id == user_id
                    )
                ).rowcount
            )

    def role_holders(self, team_id: str, role: str) -> list[str]:
        c = workspace_roles.c
        query = select(c.user_id).where(c.team_id == team_id, c.role == role).order_by(c.user_id)
        with self.engine.begin() as conn:
            return list(conn.execute(query).scalars())
