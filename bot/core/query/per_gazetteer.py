"""Tables derived from a gazetteer, kept for the few gazetteers most recently used.

A ``Gazetteer`` is a mutable dataclass (unhashable), so derived tables cannot be keyed by it;
keying by ``id()`` would keep every table ever built and could hand a new gazetteer the
table of a dead one that had the same id. ``PerGazetteer`` compares gazetteers by identity
and keeps at most ``size`` of them, most recently used first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from bot.core.knowledge.gazetteer import Gazetteer

T = TypeVar("T")


class PerGazetteer(Generic[T]):
    def __init__(self, build: Callable[[Gazetteer], T], size: int = 4) -> None:
        self._build = build
        self._size = size
        self._entries: list[tuple[Gazetteer, T]] = []
        self._lock = threading.Lock()

    def __call__(self, gazetteer: Gazetteer) -> T:
        with self._lock:
            for i, (known, value) in enumerate(self._entries):
                if known is gazetteer:
                    if i:
                        self._entries.insert(0, self._entries.pop(i))
                    return value
        value = self._build(gazetteer)
        with self._lock:
            self._entries.insert(0, (gazetteer, value))
            del self._entries[self._size :]
        return value

    def __len__(self) -> int:
        return len(self._entries)
