"""What each channel chose for itself: its time zone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.edge.state.db import channel_settings
from bot.edge.state.rows import StateTable, upsert


class ChannelSettings(StateTable):
    def set_timezone(
        self, channel_id: str, timezone: str | None, *, user_id: str, now: dt.datetime
    ) -> None:
        """Set (or with None, reset to the default) the channel's time zone."""
        values = {"timezone": timezone, "updated_by": user_id, "updated_at": now}
        with self.engine.begin() as conn:
            upsert(conn, channel_settings, {"channel_id": channel_id}, values)

    def timezones(self) -> dict[str, str]:
        """Channel -> the time zone it chose (channels on the default are absent)."""
        c = channel_settings.c
        with self.engine.begin() as conn:
            rows = conn.execute(select(c.channel_id, c.timezone).where(c.timezone.is_not(None)))
            return {row.channel_id: row.timezone for row in rows}
