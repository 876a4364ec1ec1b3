"""The state database of one process: one engine, built by the process's composition root
(``serve``, ``socket``, ``clock``, the console) and handed to everything that keeps state.

It is opened (connected, schema prepared) on first use and tried again after a failure, so
a web process starts while its database server is down (subscriptions come back with it)
and the console creates no database by merely starting. Uses that must answer quickly ask
for a shorter SQLite lock wait on the same engine."""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from bot.edge.state.db import BUSY_TIMEOUT_OPTION, SQLITE_BUSY_TIMEOUT_MS, connect
from bot.edge.state.repository import StateRepository


class StateDatabase:
    def __init__(
        self,
        url: str,
        *,
        busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
        connect_timeout_s: int | None = None,
    ) -> None:
        self._url = url
        self.busy_timeout_ms = busy_timeout_ms
        self.connect_timeout_s = connect_timeout_s
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def engine(self, *, busy_timeout_ms: int | None = None) -> Engine:
        """The engine, opened on first use; raises ``StateError`` while it cannot be opened.
        ``busy_timeout_ms``: how long this use waits for a SQLite lock (default: the
        process's)."""
        with self._lock:
            if self._engine is None:
                self._engine = connect(
                    self._url,
                    busy_timeout_ms=self.busy_timeout_ms,
                    connect_timeout_s=self.connect_timeout_s,
                )
            engine = self._engine
        if busy_timeout_ms is None:
            return engine
        return engine.execution_options(**{BUSY_TIMEOUT_OPTION: busy_timeout_ms})

    def repository(self, *, busy_timeout_ms: int | None = None) -> StateRepository:
        """The state repository on the engine; raises ``StateError`` like ``engine``."""
        return StateRepository(self.engine(busy_timeout_ms=busy_timeout_ms))

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
