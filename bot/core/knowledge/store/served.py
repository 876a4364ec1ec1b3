"""The store as served: ``Store`` (the developments, indexed by id) and ``LiveStore``
(reloads a changed file and keeps serving the last good copy when the new one is broken)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from bot.core.knowledge.model import Development, KnowledgeFile, Newsletter
from bot.core.knowledge.store.paths import default_store_path
from bot.core.knowledge.store.reading import StoreError, _read

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Store:
    """An immutable snapshot of the knowledge store, with lookups."""

    developments: tuple[Development, ...]
    newsletters: tuple[Newsletter, ...] = ()
    by_id: dict[str, Development] = field(default_factory=dict, compare=False, repr=False)
    newsletters_by_id: dict[str, Newsletter] = field(
        default_factory=dict, compare=False, repr=False
    )
    digest: str | None = field(default=None, compare=False)
    """SHA-256 of the file this snapshot was loaded from (``None`` when built in memory);
    derived data (a search index) may be cached under it."""

    @classmethod
    def from_knowledge(cls, knowledge: KnowledgeFile, *, digest: str | None = None) -> Store:
        # newest first, then by id: two stable sorts with C-level keys (fast for 100k)
        by_id = sorted(knowledge.developments, key=attrgetter("id"))
        devs = tuple(sorted(by_id, key=attrgetter("date"), reverse=True))
        return cls(
            developments=devs,
            newsletters=knowledge.newsletters,
            by_id={d.id: d for d in devs},
            newsletters_by_id={n.id: n for n in knowledge.newsletters},
            digest=digest,
        )

    @classmethod
    def load(cls, path: Path | None = None) -> Store:
        knowledge, digest = _read(path or default_store_path())
        return cls.from_knowledge(knowledge, digest=digest)

    def get(self, dev_id: str) -> Development | None:
        return self.by_id.get(dev_id)

    def __len__(self) -> int:
        return len(self.developments)


class LiveStore:
    """Serves the newest good snapshot of a store file.

    ``current()`` reloads when the file's modification time or size changes. A file that
    fails to load is logged once (per distinct change) and the last good snapshot keeps
    being served; the error stays visible in ``last_error``.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_store_path()
        self._lock = threading.Lock()
        self._signature: tuple[int, int] | None = None
        self._failed_signature: tuple[int, int] | None = None
        self.last_error: str | None = None
        self._store = Store.load(self.path)
        self._signature = self._stat()

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def current(self) -> Store:
        signature = self._stat()
        if signature is None or signature == self._signature:
            return self._store
        with self._lock:
            if signature == self._signature or signature == self._failed_signature:
                return self._store
            try:
                fresh = Store.load(self.path)
            except StoreError as exc:
                self._failed_signature = signature
                self.last_error = str(exc)
                log.error(
                    "knowledge store changed on disk but cannot be loaded; "
                    "still serving the last good copy (%d developments): %s",
                    len(self._store),
                    exc,
                )
                return self._store
            self._store = fresh
            self._signature = signature
            self._failed_signature = None
            self.last_error = None
            log.info("knowledge store reloaded: %d developments", len(fresh))
            return fresh
