"""``LiveStore``: serves the newest good snapshot of a store and keeps it fresh by applying
the changes made since (a full read only at start, or when the changes cannot be told)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Hashable
from pathlib import Path

from bot.core.knowledge.store.backend import KnowledgeBackend
from bot.core.knowledge.store.file_backend import FileBackend
from bot.core.knowledge.store.paths import default_store_path
from bot.core.knowledge.store.reading import StoreError
from bot.core.knowledge.store.served import Store

log = logging.getLogger(__name__)

MIN_WAIT_SECONDS = 0.05


class LiveStore:
    """Serves the newest good snapshot of a store (a file, or a database via ``backend``).

    ``refresh()`` asks the backend whether the store changed (``signature()``: a file's
    modification time and size; a database's revision) and applies the changes since the
    revision served. A store that fails to load is logged once (per distinct change) and
    the last good snapshot keeps being served; the error stays visible in ``last_error``.

    ``current()`` is what request threads call. Over a file it refreshes first (a ``stat``);
    over a backend that is ``polled_in_background`` (a database, which may not answer) it
    never waits for the backend: it returns the snapshot served, and a daemon thread (started
    at the first call, or by ``refresh_every``) keeps that fresh.
    """

    def __init__(self, path: Path | None = None, *, backend: KnowledgeBackend | None = None):
        if backend is None:
            self.path: Path | None = path or default_store_path()
            backend = FileBackend(self.path)
        else:
            self.path = getattr(backend, "path", None)
        self.backend = backend
        self._background = bool(getattr(backend, "polled_in_background", False))
        self._lock = threading.Lock()
        self._refresher: threading.Thread | None = None
        self._failed_signature: Hashable | None = None
        self.last_error: str | None = None
        self._signature = backend.signature()
        knowledge, digest = backend.load()
        self._store = Store.from_knowledge(knowledge, digest=digest)

    @property
    def revision(self) -> int:
        return self._store.revision

    def refresh_every(self, seconds: float) -> threading.Thread:
        """Keep the served snapshot fresh in a daemon thread (one per store; woken early by
        a backend that can say when the store changed: ``wait_for_change``)."""
        with self._lock:
            if self._refresher is not None:
                return self._refresher
            wait = getattr(self.backend, "wait_for_change", None)
            pause = max(seconds, MIN_WAIT_SECONDS)

            def loop() -> None:
                while True:
                    try:
                        if wait is not None:
                            wait(pause)
                        else:
                            time.sleep(pause)
                        self.refresh()
                    except Exception as exc:  # never let the refresher die; refresh() logs
                        log.error("store refresh failed: %s: %s", type(exc).__name__, exc)
                        time.sleep(pause)

            thread = threading.Thread(target=loop, name="pi-store-refresh", daemon=True)
            thread.start()
            self._refresher = thread
            return thread

    def current(self) -> Store:
        if self._background:
            if self._refresher is None:
                self.refresh_every(float(getattr(self.backend, "poll_seconds", 1.0)))
            return self._store
        return self.refresh()

    def refresh(self) -> Store:
        """Apply what changed since the snapshot served (may wait for the backend)."""
        signature = self.backend.signature()
        if signature is None or signature == self._signature:
            return self._store
        with self._lock:
            if signature == self._signature or signature == self._failed_signature:
                return self._store
            try:
                fresh, whole = self._advance()
            except StoreError as exc:
                self._failed_signature = signature
                self.last_error = str(exc)
                log.error(
                    "knowledge store changed but cannot be loaded; "
                    "still serving the last good copy (%d developments): %s",
                    len(self._store),
                    exc,
                )
                return self._store
            self._store = fresh
            self._signature = signature
            self._failed_signature = None
            self.last_error = None
            (log.info if whole else log.debug)(
                "knowledge store %s: %d developments, revision %d",
                "reloaded" if whole else "updated",
                len(fresh),
                fresh.revision,
            )
            return fresh

    def _advance(self) -> tuple[Store, bool]:
        """The snapshot after the changes since the one served, and whether it took a full
        read."""
        changes = getattr(self.backend, "changes", None)
        found = changes(self._store.revision) if changes is not None else None
        if found is not None:
            deltas, digest = found
            return self._store.apply(deltas, digest=digest), False
        knowledge, digest = self.backend.load()
        return Store.from_knowledge(knowledge, digest=digest), True
