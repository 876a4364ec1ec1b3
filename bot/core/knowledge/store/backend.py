"""The store interface: where a deployment's knowledge lives, whatever holds it.

Two implementations: ``FileBackend`` (the JSON file, here; one machine) and the
PostgreSQL one in the edge (``bot/edge/state/knowledge.py``; every process of a deployment
on any machine). Both keep ``KnowledgeFile.revision``: every write bumps it, and readers
poll ``signature()`` to notice a change cheaply and reload.

``update(change)`` runs ``change`` on the current store under the backend's writer lock
(a lock file; a row lock) and writes what it returns atomically: two writers never lose
each other's changes, and a reader sees the old store or the new one, never half.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Protocol, TypeVar

from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store.reading import StoreError, _read, read_for_update
from bot.core.knowledge.store.writing import store_write_lock, write_knowledge

T = TypeVar("T")

Change = Callable[[KnowledgeFile], tuple[KnowledgeFile | None, T]]
"""A change: the current store in, (the new store or ``None`` for no write, a result) out."""


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


def bump(current: KnowledgeFile, new: KnowledgeFile) -> KnowledgeFile:
    """``new`` as the revision after ``current``."""
    return new.model_copy(update={"revision": current.revision + 1})


def check_revision(current: KnowledgeFile, expected_revision: int | None) -> None:
    if expected_revision is not None and current.revision != expected_revision:
        raise StaleRevision(
            f"the store is at revision {current.revision}, not {expected_revision}; "
            "it changed meanwhile, nothing was written"
        )


class FileBackend:
    """The JSON file store (``knowledge/developments.json`` or ``$PI_KNOWLEDGE_FILE``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def describe(self) -> str:
        return str(self.path)

    def signature(self) -> Hashable | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def load(self) -> tuple[KnowledgeFile, str | None]:
        return _read(self.path)

    def update(self, change: Change[T], *, expected_revision: int | None = None) -> T:
        with store_write_lock(self.path):
            current = read_for_update(self.path) if self.path.exists() else KnowledgeFile()
            check_revision(current, expected_revision)
            new, result = change(current)
            if new is not None:
                write_knowledge(self.path, bump(current, new))
            return result
