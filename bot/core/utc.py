"""The one clock reading of the bot: aware UTC. Everything that needs "now" takes it as a
parameter that defaults to ``utcnow``, so tests and replays pass their own time."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)
