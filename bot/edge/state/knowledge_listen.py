"""Waking a process when another one changed the knowledge store: ``LISTEN pi_knowledge`` on
a connection of its own (``NOTIFY`` is sent by every write, in its transaction)."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from sqlalchemy import Engine

from bot.edge.state.knowledge_rows import NOTIFY_CHANNEL

log = logging.getLogger(__name__)


class Listener:
    """One listening connection, opened on first use and again after it fails."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._conn: Any = None

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a notification. ``False`` (at once) when this
        process cannot listen now; the caller then waits on its own."""
        try:
            if self._conn is None:
                self._conn = self._connect()
            for _ in self._conn.notifies(timeout=timeout, stop_after=1):
                pass
            return True
        except Exception as exc:  # the database went away: poll until it is back
            log.debug("not listening for store changes: %s: %s", type(exc).__name__, exc)
            self.close()
            return False

    def _connect(self) -> Any:
        raw = self.engine.raw_connection()
        conn: Any = raw.driver_connection
        raw.detach()  # this connection is the listener's alone, out of the pool
        conn.autocommit = True
        conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        return conn

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = None
