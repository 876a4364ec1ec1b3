"""The store as served: ``Store`` (the developments, indexed by id) and ``LiveStore``
(reloads a changed file and keeps serving the last good copy when the new one is broken)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from bot.core.knowledge.model import Development, KnowledgeFile, Newsletter
from bot.core.knowledge.review import is_published
from bot.core.knowledge.store.backend import FileBackend, KnowledgeBackend
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
    revision: int = field(default=0, compare=False)
    """The store's version (``KnowledgeFile.revision``) this snapshot holds."""
    _views: dict[str, Store] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_knowledge(
        cls,
        knowledge: KnowledgeFile,
        *,
        digest: str | None = None,
    ) -> Store:
        # newest first, then by id: two stable sorts with C-level keys (fast for 100k)
        by_id = sorted(knowledge.developments, key=attrgetter("id"))
        devs = tuple(sorted(by_id, key=attrgetter("date"), reverse=True))
        return cls(
            developments=devs,
            newsletters=knowledge.newsletters,
            by_id={d.id: d for d in devs},
            newsletters_by_id={n.id: n for n in knowledge.newsletters},
            digest=digest,
            revision=knowledge.revision,
        )

    @property
    def published(self) -> Store:
        """What ordinary users see: only published developments (``is_published``). The
        same object when everything is published; otherwise built once per snapshot."""
        return self.view("published", is_published)

    def view(self, name: str, keep: Callable[[Development], bool]) -> Store:
        """The developments ``keep`` accepts, as a store; built once per snapshot and name
        (the same object when ``keep`` accepts them all)."""
        view = self._views.get(name)
        if view is not None:
            return view
        if all(keep(d) for d in self.developments):
            view = self
        else:
            devs = tuple(d for d in self.developments if keep(d))
            view = Store(
                developments=devs,
                newsletters=self.newsletters,
                by_id={d.id: d for d in devs},
                newsletters_by_id=self.newsletters_by_id,
                digest=None if self.digest is None else f"{self.digest}:{name}",
                revision=self.revision,
            )
        self._views[name] = view
        return view

    @classmethod
    def load(cls, path: Path | None = None) -> Store:
        knowledge, digest = _read(path or default_store_path())
        return cls.from_knowledge(knowledge, digest=digest)

    def get(self, dev_id: str) -> Development | None:
        return self.by_id.get(dev_id)

    def __len__(self) -> int:
        return len(self.developments)


class LiveStore:
    """Serves the newest good snapshot of a store (a file, or a database via ``backend``).

    ``current()`` reloads when the backend's ``signature()`` changes (a file's modification
    time and size; a database's revision). A store that fails to load is logged once (per
    distinct change) and the last good snapshot keeps being served; the error stays
    visible in ``last_error``, and ``revision`` says which one is served.
    """

    def __init__(self, path: Path | None = None, *, backend: KnowledgeBackend | None = None):
        if backend is None:
            self.path: Path | None = path or default_store_path()
            backend = FileBackend(self.path)
        else:
            self.path = getattr(backend, "path", None)
        self.backend = backend
        self._lock = threading.Lock()
        self._failed_signature: Hashable | None = None
        self.last_error: str | None = None
        self._signature = backend.signature()
        knowledge, digest = backend.load()
        self._store = Store.from_knowledge(knowledge, digest=digest)

    @property
    def revision(self) -> int:
        return self._store.revision

    def refresh_every(self, seconds: float) -> threading.Thread:
        """Keep the served snapshot fresh in a daemon thread, so an idle process does not
        wait for its next request to notice a change (and then load a large store on that
        request's time)."""

        def loop() -> None:
            while True:
                time.sleep(seconds)
                try:
                    self.current()
                except Exception as exc:  # never let the refresher die; current() logs
                    log.error("store refresh failed: %s: %s", type(exc).__name__, exc)

        thread = threading.Thread(target=loop, name="pi-store-refresh", daemon=True)
        thread.start()
        return thread

    def current(self) -> Store:
        signature = self.backend.signature()
        if signature is None or signature == self._signature:
            return self._store
        with self._lock:
            if signature == self._signature or signature == self._failed_signature:
                return self._store
            try:
                knowledge, digest = self.backend.load()
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
            fresh = Store.from_knowledge(knowledge, digest=digest)
            self._store = fresh
            self._signature = signature
            self._failed_signature = None
            self.last_error = None
            log.info(
                "knowledge store reloaded: %d developments, revision %d",
                len(fresh),
                fresh.revision,
            )
            return fresh
