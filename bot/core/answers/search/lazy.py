"""A search index built facet by facet, when a query first needs one.

Building every structure of a 100k-development index takes about four seconds of CPU:
the filters (category, region, penalties, dates) half a second, the named things two, the
words two. A query for "latest fines" needs only the filters, so a new process answering
it does not wait for the rest. ``LazyIndex`` is a ``SearchIndex`` whose structures are
filled on first read, one facet (``FILLS``) at a time, each by the same pass over the
documents as ``SearchIndex.build`` (so the answers are the same); ``complete`` fills them
all (a server's forked builder does, ``bot.edge.slack.preload``). Facets may be filled
from different threads: each has its own lock, and a reader never sees a facet half built.

``on_built(facet, values)`` is told of each facet built here (``snapshot`` keeps it on disk,
packed, and serves the packed copy); ``adopt`` takes a facet read from such a snapshot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from bot.core.answers.search.index import FACETS, SearchIndex, _idf
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.store import Store

FILLS: dict[str, tuple[str, ...]] = {
    "filters": (
        "by_category",
        "by_status",
        "by_region",
        "with_penalty",
        "by_penalty_kind",
        "penalty_total",
        "by_top_amount",
        "by_low_amount",
        "neg_ordinal",
        "by_month",
        "by_day",
        "month_precision",
        "with_effective",
    ),
    "concepts": ("by_concept",),
    "text": ("postings", "idf", "vocabulary", "surface"),
}
"""The structures each facet's pass (``SearchIndex.build_facet``) fills."""
_FACET_OF = {name: facet for facet, names in FILLS.items() for name in names}

Values = dict[str, Any]


class LazyIndex(SearchIndex):
    @classmethod
    def start(
        cls,
        store: Store,
        gazetteer: Gazetteer,
        on_built: Callable[[str, Values], Values] | None = None,
    ) -> LazyIndex:
        """An index of ``store`` with no facet built yet."""
        index = cls(store=store, gazetteer=gazetteer, docs=store.developments)
        index.max_idf = _idf(len(index.docs), 1)
        state = index.__dict__
        for name in _FACET_OF:
            del state[name]
        state["_locks"] = {facet: threading.Lock() for facet in FACETS}
        state["_on_built"] = on_built
        return index

    def __getattr__(self, name: str) -> Any:
        """A facet's structure not built yet: build its facet (only called for attributes
        the instance does not have)."""
        facet = _FACET_OF.get(name)
        if facet is None:
            raise AttributeError(name)
        self.ensure(facet)
        return self.__dict__[name]

    def has(self, facet: str) -> bool:
        return all(name in self.__dict__ for name in FILLS[facet])

    def ensure(self, facet: str) -> None:
        """Build ``facet`` unless it is built (waiting for another thread building it)."""
        with self.__dict__["_locks"][facet]:
            if self.has(facet):
                return
            scratch = SearchIndex(store=self.store, gazetteer=self.gazetteer, docs=self.docs)
            scratch.build_facet(facet)
            values = {name: getattr(scratch, name) for name in FILLS[facet]}
            on_built = self.__dict__["_on_built"]
            if on_built is not None:
                values = on_built(facet, values)
            self.__dict__.update(values)  # one step: a reader sees all of it or none

    def adopt(self, facet: str, values: Values) -> None:
        """Take ``facet``'s structures as given (read from a snapshot of the same store)."""
        with self.__dict__["_locks"][facet]:
            self.__dict__.update({name: values[name] for name in FILLS[facet]})

    def missing(self) -> list[str]:
        """The facets not built yet."""
        return [facet for facet in FACETS if not self.has(facet)]

    @property
    def is_complete(self) -> bool:
        return all(self.has(facet) for facet in FACETS)

    def complete(self) -> None:
        """Build every facet not built yet."""
        for facet in FACETS:
            self.ensure(facet)
