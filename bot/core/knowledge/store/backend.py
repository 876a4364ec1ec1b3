"""The store interface: where a deployment's knowledge lives, whatever holds it.

Two implementations: ``FileBackend`` (the JSON file and its change log; one machine) and the
PostgreSQL one in the edge (``bot/edge/state/knowledge.py``; every process of a deployment
on any machine). Both keep ``KnowledgeFile.revision``: every write bumps it, and readers
poll ``signature()`` to notice a change cheaply and apply the ``changes()`` made since
the revision they serve (a full ``load()`` only at start).

``update(change)`` runs ``change`` on the current store under the backend's writer lock
(a lock file; a row lock) and writes what it returns atomically: two writers never lose
each other's changes, and a reader sees the old store or the new one, never half.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from typing import Protocol, TypeVar

from bot.core.knowledge.model import Development, KnowledgeFile
from bot.core.knowledge.store.delta import Delta
from bot.core.knowledge.store.reading import StoreError

T = TypeVar("T")

Change = Callable[[KnowledgeFile], tuple[KnowledgeFile | None, T]]
"""A change: the current store in, (the new store or ``None`` for no write, a result) out."""

RecordsChange = Callable[[Mapping[str, Development]], tuple[Sequence[Development], T]]
"""A change to a few developments: the current ones of the ids asked for (those that exist),
by id, in; (the developments to write, whole, ``()`` for no write; a result) out."""


class StaleRevision(StoreError):
    """The store is not at the revision the caller expected; nothing was written."""


class KnowledgeBackend(Protocol):
    def describe(self) -> str:
        """Where the store is, for messages (never a password)."""
        ...

    def signature(self) -> Hashable | None:
        """Something that changes whenever the store does (cheap; ``None``: unknown)."""
        ...

    def load(self) -> tuple[KnowledgeFile, str | None]:
        """The whole store, validated, and a digest of what it was read from (or ``None``).
        Raises ``StoreError``."""
        ...

    def update(self, change: Change[T], *, expected_revision: int | None = None) -> T:
        """Apply ``change`` under the writer lock; a store returned is written with the
        revision bumped. ``StaleRevision`` if ``expected_revision`` is not the current one."""
        ...

    def update_developments(self, ids: Collection[str], change: RecordsChange[T]) -> T:
        """Apply ``change`` to the developments ``ids`` under the writer lock: only those
        are read, and only what it returns is written, with the revision bumped, in one
        transaction (an editor's action on a card; the rest of the store is not touched)."""
        ...

    def changes(self, since: int) -> tuple[list[Delta], str | None] | None:
        """The writes made after revision ``since``, in order, and the digest of the store
        they lead to; ``None`` when they cannot be told (then ``load`` the whole store)."""
        ...


def bump(current: KnowledgeFile, new: KnowledgeFile) -> KnowledgeFile:
    """``new`` as the revision after ``current``."""
    return new.model_copy(update={"revision": current.revision + 1})


def check_revision(current: KnowledgeFile, expected_revision: int | None) -> None:
    if expected_revision is not None and current.revision != expected_revision:
        raise StaleRevision(
            f"the store is at revision {current.revision}, not {expected_revision}; "
            "it changed meanwhile, nothing was written"
        )
