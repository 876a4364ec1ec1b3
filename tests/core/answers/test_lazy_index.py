"""A large store's index, built facet by facet when a query first needs one: the same
answers as the index built whole, only the facets a query reads are built, each once even
when two threads want it, and each is kept in a snapshot for the next process."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date
from pathlib import Path

import pytest

from bot.core.answers.engine import answer
from bot.core.answers.search import LazyIndex, SearchIndex, index_for
from bot.core.answers.search import snapshot as search_snapshot
from bot.core.answers.search.index import FACETS
from bot.core.answers.search.lazy import FILLS
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import Delta, Store, default_store_path
from bot.core.knowledge.store import snapshots as store_snapshots

TODAY = date(2022, 6, 15)
QUERIES = [
    "latest fines",
    "fines henan",
    "fines over 1m",
    "crawller",
    "CBIRC drafts",
    "GDPR adequacy decision",
    "人脸识别",
    "courts may 2022",
    "personal information protection law",
    "data export rules effective 2022",
    "apps ordered to rectify",
    "fines not beijing",
    "what was the largest fine in 2022?",
]


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled store as a "large" one (the threshold lowered), snapshots in tmp."""
    monkeypatch.setattr(search_snapshot, "INDEX_SNAPSHOT_MIN", 0)
    monkeypatch.setattr(store_snapshots, "_snapshot_folder", tmp_path / "snapshots")
    path = tmp_path / "developments.json"
    path.write_bytes(default_store_path().read_bytes())
    return path


def _shown(store: Store) -> list[tuple[object, ...]]:
    answers = [answer(q, store, today=TODAY) for q in QUERIES]
    return [(a.kind, a.total, a.headline, [d.id for d in a.results], a.scores) for a in answers]


def test_a_lazy_index_answers_as_the_index_built_whole(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lazy_store = Store.load(bundled)
    lazy = _shown(lazy_store)
    assert isinstance(index_for(lazy_store), LazyIndex)
    monkeypatch.setattr(search_snapshot, "INDEX_SNAPSHOT_MIN", 10**9)
    whole_store = Store.load(bundled)
    assert not isinstance(index_for(whole_store), LazyIndex)
    assert lazy == _shown(whole_store)


def test_a_query_on_filters_alone_builds_only_the_filters(bundled: Path) -> None:
    store = Store.load(bundled)
    result = answer("latest fines", store, today=TODAY)
    assert result.total > 0
    index = index_for(store)
    assert isinstance(index, LazyIndex)
    assert index.has("filters") and not index.has("text") and not index.has("concepts")
    answer("rectify", store, today=TODAY)  # a word, no named thing: the text facet now
    assert index.has("text")
    kept = {p.name.split("-")[1] for p in (bundled.parent / "snapshots").glob("index-*")}
    assert kept == {facet for facet in FACETS if index.has(facet)}


def test_a_facet_wanted_by_two_threads_is_built_once(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    original = SearchIndex.build_facet

    def counted(self: SearchIndex, facet: str) -> None:
        built.append(facet)
        original(self, facet)

    monkeypatch.setattr(SearchIndex, "build_facet", counted)
    index = index_for(Store.load(bundled))
    assert isinstance(index, LazyIndex)
    threads = [threading.Thread(target=index.complete) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(built) == sorted(FACETS)


def test_the_next_process_reads_the_facets_built_before(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Store.load(bundled)
    expected = _shown(first)
    index_for(first).complete()  # type: ignore[attr-defined]

    def no_building(*_: object) -> None:
        raise AssertionError("every facet should come from its snapshot")

    monkeypatch.setattr(SearchIndex, "build_facet", no_building)
    again = Store.load(bundled)  # another snapshot object of the same bytes
    assert index_for(again) is not index_for(first)
    assert _shown(again) == expected


def test_every_facet_filled_lazily_equals_the_index_built_whole(bundled: Path) -> None:
    assert set(FILLS) == set(FACETS)
    store = Store.load(bundled)
    lazy = index_for(store)
    assert isinstance(lazy, LazyIndex)
    lazy.complete()
    whole = SearchIndex.build(store, lazy.gazetteer)
    for facet, names in FILLS.items():
        for name in names:
            assert getattr(lazy, name) == getattr(whole, name), (facet, name)
    assert lazy.max_idf == whole.max_idf


def test_a_complete_lazy_index_is_updated_for_a_change_an_incomplete_one_is_not(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.load(bundled)
    complete = index_for(store)
    assert isinstance(complete, LazyIndex)
    complete.complete()
    first = store.developments[0]
    changed = first.model_copy(update={"title": f"{first.title} (corrected)"})
    after = store.apply([Delta(revision=store.revision + 1, developments=(changed,))], digest="b")
    updated = index_for(after)
    assert not isinstance(updated, LazyIndex) and updated.by_key is not None
    rebuilt = Store.from_knowledge(KnowledgeFile(developments=after.developments))
    assert _shown(after) == _shown(rebuilt)

    monkeypatch.setattr(store_snapshots, "_snapshot_folder", None)  # no facets on disk
    fresh = Store.load(bundled)  # another snapshot, whose index has built nothing yet
    assert isinstance(index_for(fresh), LazyIndex)
    later = fresh.apply([Delta(revision=fresh.revision + 1, developments=(changed,))], digest="c")
    lazy = index_for(later)
    assert isinstance(lazy, LazyIndex) and not lazy.has("text")  # built as queries need it


def test_every_structure_of_the_index_belongs_to_a_facet() -> None:
    """A structure added to ``SearchIndex`` must be filled by one facet's pass (else a lazy
    index would serve it empty)."""
    not_built = {"store", "gazetteer", "docs", "max_idf", "_term_cache"}
    updated_only = {"keys", "by_key", "penalty_by_key"}  # set by ``incremental``
    filled = [name for names in FILLS.values() for name in names]
    assert len(filled) == len(set(filled))
    fields = {f.name for f in dataclasses.fields(SearchIndex)}
    assert fields - not_built - updated_only == set(filled)
