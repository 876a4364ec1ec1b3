"""The store as served: ``Store``, an immutable snapshot of the developments, indexed by id
(``LiveStore``, in ``live``, keeps the newest one)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from bot.core.knowledge.model import Development, KnowledgeFile, Newsletter
from bot.core.knowledge.review import is_published
from bot.core.knowledge.store.delta import Delta
from bot.core.knowledge.store.file_backend import FileBackend
from bot.core.knowledge.store.paths import default_store_path

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
        """The store file at ``path`` (default: ``default_store_path()``) and its change log."""
        knowledge, digest = FileBackend(path or default_store_path()).load()
        return cls.from_knowledge(knowledge, digest=digest)

    def apply(self, deltas: Sequence[Delta], *, digest: str | None) -> Store:
        """This snapshot with ``deltas`` applied: only the records they name are replaced
        (the rest are the same objects), then the order is made again."""
        if not deltas:
            return self
        by_id = dict(self.by_id)
        newsletters_by_id = dict(self.newsletters_by_id)
        for delta in deltas:
            for dev in delta.developments:
                by_id[dev.id] = dev
            for gone in delta.removed:
                by_id.pop(gone, None)
            for newsletter in delta.newsletters:
                newsletters_by_id[newsletter.id] = newsletter
            for gone in delta.removed_newsletters:
                newsletters_by_id.pop(gone, None)
        ordered = sorted(by_id.values(), key=attrgetter("id"))
        devs = tuple(sorted(ordered, key=attrgetter("date"), reverse=True))
        return Store(
            developments=devs,
            newsletters=tuple(newsletters_by_id.values()),
            by_id={d.id: d for d in devs},
            newsletters_by_id=newsletters_by_id,
            digest=digest,
            revision=deltas[-1].revision,
        )

    def get(self, dev_id: str) -> Development | None:
        return self.by_id.get(dev_id)

    def __len__(self) -> int:
        return len(self.developments)
