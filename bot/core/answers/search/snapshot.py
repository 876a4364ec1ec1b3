"""One search index per store snapshot: kept in memory for the few newest snapshots, and on
disk (packed) for large stores so a restart reads it instead of rebuilding it."""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from bot.core.answers.search.incremental import updated_index
from bot.core.answers.search.index import FACETS, SearchIndex
from bot.core.answers.search.lazy import LazyIndex
from bot.core.answers.search.packed import pack_all, pack_sets, unpack_sets
from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.store import (
    Store,
    can_keep_snapshots,
    is_cached,
    read_cached,
    write_cached,
)
from bot.core.query.per_gazetteer import PerGazetteer

# --- the cache of indexes, one per store snapshot -------------------------------------------

_CACHE: list[tuple[Store, Gazetteer, SearchIndex]] = []
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def index_for(store: Store, gazetteer: Gazetteer | None = None) -> SearchIndex:
    """The index of ``store`` (built once per snapshot object and gazetteer)."""
    gaz = gazetteer or default_gazetteer()
    made = built_index(store, gaz)
    if made is not None:
        return made
    index = _updated(store, gaz) or _snapshot_or_build(store, gaz)
    with _CACHE_LOCK:
        _CACHE.insert(0, (store, gaz, index))
        del _CACHE[_CACHE_SIZE:]
    return index


def _updated(store: Store, gaz: Gazetteer) -> SearchIndex | None:
    """The index of ``store`` updated from the cached index of a snapshot it was made from
    (``Store.basis``) for the developments that differ; ``None`` when there is none."""
    for ref, changed in store.basis:
        earlier = ref()
        if earlier is None:
            continue
        with _CACHE_LOCK:
            base = next((ix for s, g, ix in _CACHE if s is earlier and g is gaz), None)
        if isinstance(base, LazyIndex) and not base.is_complete:
            return None  # the new store's facets are built as its queries need them
        if base is not None:
            return updated_index(base, store, changed)
    return None


INDEX_SNAPSHOT_MIN = 5_000
"""Stores of this many developments or more get a ``LazyIndex`` (each facet built when a
query first needs it) and keep each facet in a snapshot (``bot.core.knowledge.store``
snapshots: keyed by the store's digest and the gazetteer, valid for this code only), packed;
building all of them for 100k developments takes seconds, reading them well under one."""


def _gazetteer_digest(gaz: Gazetteer) -> str:
    return hashlib.sha256(gaz.data.model_dump_json().encode()).hexdigest()


_gazetteer_key = PerGazetteer(_gazetteer_digest)
_PACKED = ("postings", "by_concept")


def _index_key(store: Store, gaz: Gazetteer) -> str:
    return hashlib.sha256(f"{store.digest} {_gazetteer_key(gaz)}".encode()).hexdigest()


def _snapshot_or_build(store: Store, gaz: Gazetteer) -> SearchIndex:
    if store.digest is None or len(store) < INDEX_SNAPSHOT_MIN:
        return SearchIndex.build(store, gaz)
    key = _index_key(store, gaz)
    size = len(store)

    def built(facet: str, values: dict[str, Any]) -> dict[str, Any]:
        # kept and served packed: a fraction of the memory of dicts, equal answers
        values = {k: pack_all(v) if k in _PACKED else v for k, v in values.items()}
        write_cached(f"index-{facet}", key, {**pack_sets(values), "size": size})
        return values

    index = LazyIndex.start(store, gaz, on_built=built)
    adopt_kept(index)
    return index


def built_index(store: Store, gazetteer: Gazetteer | None = None) -> SearchIndex | None:
    """The index of ``store`` if one was made in this process (``index_for``), without
    making one."""
    gaz = gazetteer or default_gazetteer()
    with _CACHE_LOCK:
        return next((ix for s, g, ix in _CACHE if s is store and g is gaz), None)


def index_state(store: Store, gazetteer: Gazetteer | None = None) -> str:
    """How far the index of ``store`` is built in this process: "complete", "partial" (a
    ``LazyIndex`` still lacking facets) or "not built"."""
    index = built_index(store, gazetteer)
    if index is None:
        return "not built"
    return "partial" if isinstance(index, LazyIndex) and not index.is_complete else "complete"


def can_keep_facets(index: LazyIndex) -> bool:
    """Whether the facets ``index`` builds are kept on disk for another process to adopt."""
    return index.store.digest is not None and can_keep_snapshots()


def facets_kept(index: LazyIndex) -> bool:
    """Whether every facet of ``index`` is on disk (``adopt_kept`` would complete it)."""
    key = _index_key(index.store, index.gazetteer)
    return all(is_cached(f"index-{facet}", key) for facet in FACETS)


def adopt_kept(index: LazyIndex) -> bool:
    """Take every facet ``index`` lacks from the snapshots on disk that have it (built by
    another process from the same store); whether ``index`` is complete now."""
    key = _index_key(index.store, index.gazetteer)
    for facet in FACETS:
        if index.has(facet):
            continue
        state = read_cached(f"index-{facet}", key)
        size = len(index.store)
        if isinstance(state, dict) and state.get("size") == size:
            index.adopt(facet, unpack_sets(state, size))
    return index.is_complete
