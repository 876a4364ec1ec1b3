"""The store as served: ``Store``, an immutable snapshot of the developments, indexed by id
(``LiveStore``, in ``live``, keeps the newest one).

A snapshot made from another by ``apply`` costs what the deltas change, not the store's
size: each changed development is put in its place in the date order by bisection (no
sort), the views already made (``published``) are carried over the same way, and the new
snapshot remembers which ids changed since the one it came from (``basis``), so a search
index can be updated for those ids instead of built again."""

from __future__ import annotations

import logging
import weakref
from bisect import bisect_left
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

BASIS_KEPT = 8
"""How many earlier snapshots a snapshot names as its basis (see ``Store.basis``)."""


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
    _keeps: dict[str, Callable[[Development], bool]] = field(
        default_factory=dict, compare=False, repr=False
    )
    basis: tuple[tuple[weakref.ref[Store], frozenset[str]], ...] = field(
        default=(), compare=False, repr=False
    )
    """The snapshots this one was made from by ``apply``, newest first (the last
    ``BASIS_KEPT`` while they are alive), each with the ids of the developments that differ
    between it and this one."""

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
        self._keeps[name] = keep
        return view

    @classmethod
    def load(cls, path: Path | None = None) -> Store:
        """The store file at ``path`` (default: ``default_store_path()``) and its change log."""
        knowledge, digest = FileBackend(path or default_store_path()).load()
        return cls.from_knowledge(knowledge, digest=digest)

    def apply(self, deltas: Sequence[Delta], *, digest: str | None) -> Store:
        """This snapshot with ``deltas`` applied: only the records they name are replaced,
        each moved to its place in the order (the rest are the same objects, in place)."""
        if not deltas:
            return self
        changed: dict[str, Development | None] = {}
        newsletters_changed = any(d.newsletters or d.removed_newsletters for d in deltas)
        newsletters_by_id = (
            dict(self.newsletters_by_id) if newsletters_changed else self.newsletters_by_id
        )
        for delta in deltas:
            for dev in delta.developments:
                changed[dev.id] = dev
            for gone in delta.removed:
                changed[gone] = None
            for newsletter in delta.newsletters:
                newsletters_by_id[newsletter.id] = newsletter
            for gone in delta.removed_newsletters:
                newsletters_by_id.pop(gone, None)
        fresh = self._with(
            changed,
            newsletters=tuple(newsletters_by_id.values()) if newsletters_changed else None,
            newsletters_by_id=newsletters_by_id,
            digest=digest,
            revision=deltas[-1].revision,
        )
        for name, view in self._views.items():
            keep = self._keeps[name]
            kept = {i: (d if d is not None and keep(d) else None) for i, d in changed.items()}
            fresh._keeps[name] = keep
            if view is self and all(d is not None for d in kept.values()):
                fresh._views[name] = fresh  # it still keeps them all
                continue
            fresh._views[name] = view._with(
                kept,
                newsletters=fresh.newsletters,
                newsletters_by_id=fresh.newsletters_by_id,
                digest=None if digest is None else f"{digest}:{name}",
                revision=fresh.revision,
            )
        return fresh

    def _with(
        self,
        changed: dict[str, Development | None],
        *,
        newsletters: tuple[Newsletter, ...] | None,
        newsletters_by_id: dict[str, Newsletter],
        digest: str | None,
        revision: int,
    ) -> Store:
        """This snapshot with the developments ``changed`` put in (``None``: taken out)."""
        devs = list(self.developments)
        by_id = dict(self.by_id)
        differ: set[str] = set()
        for dev_id, dev in changed.items():
            old = by_id.get(dev_id)
            if old is dev:
                continue
            differ.add(dev_id)
            if old is not None:
                del devs[_position(devs, old)]
                del by_id[dev_id]
            if dev is not None:
                devs.insert(bisect_left(devs, order_key(dev), key=order_key), dev)
                by_id[dev_id] = dev
        return Store(
            developments=tuple(devs),
            newsletters=self.newsletters if newsletters is None else newsletters,
            by_id=by_id,
            newsletters_by_id=newsletters_by_id,
            digest=digest,
            revision=revision,
            basis=(
                (weakref.ref(self), frozenset(differ)),
                *((ref, ids | differ) for ref, ids in self.basis[: BASIS_KEPT - 1] if ref()),
            ),
        )

    def get(self, dev_id: str) -> Development | None:
        return self.by_id.get(dev_id)

    def __len__(self) -> int:
        return len(self.developments)


def order_key(dev: Development) -> tuple[int, str]:
    """Where ``dev`` stands in a snapshot: newest first, then by id."""
    return (-dev.date.toordinal(), dev.id)


def _position(devs: Sequence[Development], dev: Development) -> int:
    at = bisect_left(devs, order_key(dev), key=order_key)
    if at < len(devs) and devs[at] is dev:
        return at
    return next(i for i, d in enumerate(devs) if d is dev)  # never: the order is kept
