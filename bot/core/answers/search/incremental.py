"""Updating a search index for the few developments that changed, instead of building it
again: the index of a snapshot made by ``Store.apply`` from the index of the snapshot it was
made from.

Each changed document is taken out under its key and put in again under a key between its
new neighbours' (``index``: keys sort like positions), so no other document's key moves.
What a document contributes to each structure is found by indexing it alone (the same code
as a full build), so the updated index holds exactly what a full build would, under other
keys; the word weights (idf) follow the new document count as they are read. The new index
shares every structure the changes do not touch with the old one, which stays as it was
(it may still be serving requests): a touched set or posting is copied first.

``None`` when the keys between two neighbours have run out (the caller builds the index
again; with floating-point keys that takes dozens of inserts at one place).
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections.abc import Iterable
from typing import Any

from bot.core.answers.search.index import SearchIndex, _idf
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Development
from bot.core.knowledge.store import Store
from bot.core.knowledge.store.served import order_key

_NESTED = (
    "postings",
    "by_category",
    "by_status",
    "by_region",
    "by_concept",
    "by_penalty_kind",
    "by_month",
    "by_day",
)
_FLAT = ("with_penalty", "month_precision", "with_effective")
_SORTED = ("by_top_amount", "by_low_amount")
_EMPTY = Store(developments=())
UPDATE_AT_MOST = 2_000
"""More changed documents than this (and than a tenth of the index) are built again."""


class _Idf(dict[str, float]):
    """idf by stem, worked out on first use from the document count and the posting."""

    def __init__(self, postings: dict[str, Any], n: int) -> None:
        super().__init__()
        self._postings = postings
        self._n = n

    def __missing__(self, stem: str) -> float:
        value = self[stem] = _idf(self._n, len(self._postings[stem]))
        return value


class _Surface(dict[str, str]):
    """The first spelling of each stem in index order; a stem whose documents changed is
    looked up again in its newest document when it is asked for."""

    def __init__(self, known: dict[str, str], index: SearchIndex) -> None:
        super().__init__(known)
        self._index = index

    def __missing__(self, stem: str) -> str:
        posting = self._index.postings[stem]
        spellings: dict[str, str] = {}
        _alone(self._index.gazetteer, self._index.doc(min(posting)), spellings)
        value = self[stem] = spellings[stem]
        return value

    def get(self, stem: str, default: Any = None) -> Any:
        if stem in self or stem in self._index.postings:
            return self[stem]
        return default


def _alone(gaz: Gazetteer, dev: Development, spellings: dict[str, str]) -> SearchIndex:
    """``dev`` indexed on its own, under key 0: what it contributes to every structure."""
    scratch = SearchIndex(store=_EMPTY, gazetteer=gaz)
    scratch._add_text(0, dev, spellings)
    scratch._add_filters(0, dev)
    return scratch


class _Updating:
    """The structures of the new index while the changes go in (copy on first write)."""

    def __init__(self, base: SearchIndex) -> None:
        self.gaz = base.gazetteer
        self.keys: list[float] = list(base.order)
        self.by_key: dict[float, Development] = dict(base.items())
        self.neg: list[int] = list(base.neg_ordinal)
        self.penalty: dict[float, Any] = (
            dict(base.penalty_by_key)
            if base.penalty_by_key is not None
            else dict(zip(self.keys, base.penalty_total, strict=True))
        )
        self.nested: dict[str, dict[Any, Any]] = {n: dict(getattr(base, n)) for n in _NESTED}
        self.flat: dict[str, set[float]] = {n: set(getattr(base, n)) for n in _FLAT}
        self.sorted: dict[str, list[Any]] = {n: list(getattr(base, n)) for n in _SORTED}
        self.vocabulary = list(base.vocabulary)
        self.surface = dict(base.surface)
        self._owned: set[int] = set()

    def _own(self, table: dict[Any, Any], key: Any, empty: Any) -> Any:
        inner = table.get(key)
        if inner is None:
            inner = table[key] = empty()
            self._owned.add(id(inner))
        elif id(inner) not in self._owned:
            inner = table[key] = type(empty())(inner)
            self._owned.add(id(inner))
        return inner

    def position(self, dev: Development) -> int:
        return bisect_left(self.keys, order_key(dev), key=lambda k: order_key(self.by_key[k]))

    def remove(self, dev: Development) -> None:
        at = self.position(dev)
        key = self.keys[at]
        assert self.by_key[key] is dev, "the index's order differs from the store's"
        alone = _alone(self.gaz, dev, {})
        for name in _NESTED:
            table = self.nested[name]
            for entry in getattr(alone, name):
                inner = self._own(table, entry, dict if name in ("postings", "by_concept") else set)
                if isinstance(inner, dict):
                    inner.pop(key, None)
                else:
                    inner.discard(key)
                if not inner:
                    del table[entry]
                    if name == "postings":
                        self._forget_stem(entry)
                elif name == "postings":
                    self.surface.pop(entry, None)
        self._move(alone, key, add=False)
        del self.keys[at], self.neg[at], self.by_key[key], self.penalty[key]

    def add(self, dev: Development) -> bool:
        at = self.position(dev)
        key = self._key_at(at)
        if key is None:
            return False
        alone = _alone(self.gaz, dev, {})
        for name in _NESTED:
            table = self.nested[name]
            for entry, inner_alone in getattr(alone, name).items():
                fresh = entry not in table
                inner = self._own(table, entry, dict if name in ("postings", "by_concept") else set)
                if isinstance(inner, dict):
                    inner[key] = inner_alone[0]
                else:
                    inner.add(key)
                if name == "postings":
                    self.surface.pop(entry, None)
                    if fresh and len(entry) >= 4 and entry.isalpha():
                        insort(self.vocabulary, entry)
        self._move(alone, key, add=True)
        self.keys.insert(at, key)
        self.neg.insert(at, alone.neg_ordinal[0])
        self.by_key[key] = dev
        self.penalty[key] = alone.penalty_total[0]
        return True

    def _move(self, alone: SearchIndex, key: float, *, add: bool) -> None:
        for name in _FLAT:
            if 0 in getattr(alone, name):
                (self.flat[name].add if add else self.flat[name].discard)(key)
        for name in _SORTED:
            for amount, _ in getattr(alone, name):
                if add:
                    insort(self.sorted[name], (amount, key))
                else:
                    self.sorted[name].remove((amount, key))

    def _forget_stem(self, stem: str) -> None:
        self.surface.pop(stem, None)
        at = bisect_left(self.vocabulary, stem)
        if at < len(self.vocabulary) and self.vocabulary[at] == stem:
            del self.vocabulary[at]

    def _key_at(self, at: int) -> float | None:
        before = self.keys[at - 1] if at > 0 else None
        after = self.keys[at] if at < len(self.keys) else None
        if before is None and after is None:
            return 0
        if before is None:
            assert after is not None
            return math.floor(after) - 1
        if after is None:
            return math.floor(before) + 1
        middle = (before + after) / 2
        return middle if before < middle < after else None


def updated_index(base: SearchIndex, store: Store, ids: Iterable[str]) -> SearchIndex | None:
    """The index of ``store``, made from ``base`` (the index of the snapshot ``store`` was
    made from) by taking out and putting in the developments ``ids``; ``None`` when it
    cannot be or when so many changed that building it is quicker."""
    changed = sorted(ids)
    if len(changed) > max(UPDATE_AT_MOST, len(base.docs) // 10):
        return None  # an import or a large ingest: building is quicker
    work = _Updating(base)
    for dev_id in changed:
        old, new = base.store.get(dev_id), store.get(dev_id)
        if old is new:
            continue
        if old is not None:
            work.remove(old)
        if new is not None and not work.add(new):
            return None
    n = len(work.keys)
    postings = work.nested["postings"]
    index = SearchIndex(
        store=store,
        gazetteer=base.gazetteer,
        docs=store.developments,
        postings=postings,
        idf=_Idf(postings, n),
        max_idf=_idf(n, 1),
        vocabulary=work.vocabulary,
        by_category=work.nested["by_category"],
        by_status=work.nested["by_status"],
        by_region=work.nested["by_region"],
        by_concept=work.nested["by_concept"],
        with_penalty=work.flat["with_penalty"],
        by_penalty_kind=work.nested["by_penalty_kind"],
        by_top_amount=work.sorted["by_top_amount"],
        by_low_amount=work.sorted["by_low_amount"],
        neg_ordinal=work.neg,
        by_month=work.nested["by_month"],
        by_day=work.nested["by_day"],
        month_precision=work.flat["month_precision"],
        with_effective=work.flat["with_effective"],
        keys=work.keys,
        by_key=work.by_key,
        penalty_by_key=work.penalty,
    )
    index.surface = _Surface(work.surface, index)
    return index
