"""Large stores: the compact load path and validated snapshots keyed by the file's bytes.

The size threshold is lowered to 0 here so the bundled store (small) takes the large-store
path; snapshots go to a temporary folder."""

from __future__ import annotations

import os
import pickle
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.answers.engine import answer
from bot.core.answers.search.packed import PackedPostings
from bot.core.answers.search.snapshot import INDEX_SNAPSHOT_MIN
from bot.core.knowledge import store as store_module
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import (
    Store,
    StoreError,
    default_store_path,
    read_cached,
    read_knowledge,
    write_cached,
    write_knowledge,
)
from bot.core.knowledge.store import snapshots as store_snapshots

TODAY = date(2022, 6, 15)


@pytest.fixture
def snapshots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "snapshots"
    monkeypatch.setattr(store_snapshots, "_snapshot_folder", folder)
    monkeypatch.setattr(store_snapshots, "SNAPSHOT_MIN_BYTES", 0)
    return folder


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    path = tmp_path / "developments.json"
    path.write_bytes(default_store_path().read_bytes())
    return path


def snapshot_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("store-*.pickle"))


def test_the_compact_path_reads_what_plain_validation_reads(
    snapshots: Path, bundled_copy: Path
) -> None:
    plain = KnowledgeFile.model_validate_json(bundled_copy.read_bytes())
    compact = read_knowledge(bundled_copy)
    assert compact == plain
    first, second = compact.developments[0], compact.developments[1]
    # repeated parts are shared objects
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    names: dict[str, int] = {}
    for dev in compact.developments:
        for name in (*dev.regions, *dev.authorities, *(s.newsletter for s in dev.sources)):
            assert names.setdefault(name, id(name)) == id(name)


def test_a_snapshot_is_written_then_served_for_the_same_bytes(
    snapshots: Path, bundled_copy: Path
) -> None:
    loaded = Store.load(bundled_copy)
    [snapshot] = snapshot_files(snapshots)
    assert loaded.digest is not None and loaded.digest in snapshot.name
    # a marker only the snapshot carries proves the second load came from it
    magic, key, (digest, knowledge) = pickle.loads(snapshot.read_bytes())
    marked = knowledge.model_copy(update={"developments": knowledge.developments[:1]})
    snapshot.write_bytes(pickle.dumps((magic, key, (digest, marked))))
    assert len(Store.load(bundled_copy)) == 1


def test_changed_bytes_are_validated_again(snapshots: Path, bundled_copy: Path) -> None:
    first = Store.load(bundled_copy)
    bundled_copy.write_text(bundled_copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = Store.load(bundled_copy)
    assert second.digest != first.digest
    assert len(snapshot_files(snapshots)) == 2
    bundled_copy.write_text('{"developments": [{"id": "bad"}]}', encoding="utf-8")
    with pytest.raises(StoreError, match="does not match the schema"):
        Store.load(bundled_copy)


def test_a_damaged_snapshot_is_ignored_and_replaced(
    snapshots: Path, bundled_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    expected = Store.load(bundled_copy)
    [snapshot] = snapshot_files(snapshots)
    snapshot.write_bytes(b"not a pickle")
    assert Store.load(bundled_copy).developments == expected.developments
    assert "unreadable snapshot" in caplog.text
    assert pickle.loads(snapshot.read_bytes())[0] != b"not a pickle"


def test_a_folder_others_can_write_to_is_not_used(snapshots: Path, bundled_copy: Path) -> None:
    snapshots.mkdir(mode=0o777)
    os.chmod(snapshots, 0o777)
    write_cached("store", "k" * 64, ("x", "y"))
    assert list(snapshots.iterdir()) == []
    assert len(Store.load(bundled_copy)) == 38
    assert list(snapshots.iterdir()) == []


def test_snapshots_can_be_turned_off(
    snapshots: Path, bundled_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_snapshots, "_snapshot_folder", None)
    assert len(Store.load(bundled_copy)) == 38
    assert not snapshots.exists()
    assert read_cached("store", "0" * 64) is None


def test_writing_a_large_store_leaves_it_validated_for_the_next_process(
    snapshots: Path, tmp_path: Path
) -> None:
    knowledge = read_knowledge(default_store_path())
    path = tmp_path / "written" / "developments.json"
    write_knowledge(path, knowledge)
    [snapshot] = snapshot_files(snapshots)
    assert Store.load(path).digest in snapshot.name


def test_only_the_newest_snapshots_are_kept(snapshots: Path) -> None:
    for i in range(store_module.SNAPSHOTS_KEPT + 3):
        write_cached("store", f"{i:064d}", i)
    assert len(snapshot_files(snapshots)) == store_module.SNAPSHOTS_KEPT


def test_packed_postings_behave_as_dicts() -> None:
    mapping = {5: 3.0, 70_000: 1.5, 9: 2.0}
    packed = PackedPostings.pack(mapping)
    assert isinstance(packed, PackedPostings) and len(packed) == 3
    again = pickle.loads(pickle.dumps(packed, protocol=5))
    assert isinstance(again, PackedPostings) and again.is_packed  # still packed after the trip
    assert len(again) == 3 and 70_000 in again and 4 not in again
    assert again[9] == 2.0 and again.get(4, 0.0) == 0.0
    assert dict(again.items()) == mapping and set(again) == set(mapping)


def test_packed_postings_print_and_compare_as_their_contents_before_any_read() -> None:
    mapping = {5: 3.0, 70_000: 1.5}
    packed = PackedPostings.pack(mapping)
    assert packed == mapping and mapping == packed
    assert repr(packed) == "PackedPostings({5: 3.0, 70000: 1.5})"


def test_an_index_read_from_its_snapshot_answers_like_a_fresh_one(
    snapshots: Path, bundled_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.core.answers.search.index as index_module
    import bot.core.answers.search.snapshot as search

    monkeypatch.setattr(search, "INDEX_SNAPSHOT_MIN", 0)
    assert INDEX_SNAPSHOT_MIN > 0
    queries = ["fines henan", "crawller", "CBIRC drafts", "GDPR adequacy decision", "人脸识别"]
    fresh = Store.load(bundled_copy)  # builds the index and writes its snapshot
    first = [answer(q, fresh, today=TODAY) for q in queries]
    assert list(snapshots.glob("index-*.pickle"))
    reloaded = Store.load(bundled_copy)  # another snapshot object: the index is read back

    def no_building(*_: object) -> None:
        raise AssertionError("the index should come from its snapshot")

    monkeypatch.setattr(index_module.SearchIndex, "build", no_building)
    monkeypatch.setattr(index_module.SearchIndex, "build_facet", no_building)
    second = [answer(q, reloaded, today=TODAY) for q in queries]
    assert search.index_for(reloaded) is not search.index_for(fresh)
    assert [(a.kind, a.total, [d.id for d in a.results]) for a in first] == [
        (a.kind, a.total, [d.id for d in a.results]) for a in second
    ]


def test_a_large_store_is_served_from_its_packed_index_with_equal_answers(
    snapshots: Path, bundled_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.core.answers.search.snapshot as search

    queries = ["fines henan", "crawller", "CBIRC drafts", "GDPR adequacy decision", "人脸识别"]
    monkeypatch.setattr(search, "INDEX_SNAPSHOT_MIN", 10**9)  # small: plain dicts
    small = Store.load(bundled_copy)
    plain = [answer(q, small, today=TODAY) for q in queries]
    assert not any(isinstance(p, PackedPostings) for p in search.index_for(small).postings.values())
    monkeypatch.setattr(search, "INDEX_SNAPSHOT_MIN", 0)  # large: packed as built
    large = Store.load(bundled_copy)
    packed = [answer(q, large, today=TODAY) for q in queries]
    index = search.index_for(large)
    assert all(isinstance(p, PackedPostings) for p in index.postings.values())
    assert [(a.kind, a.total, [d.id for d in a.results]) for a in plain] == [
        (a.kind, a.total, [d.id for d in a.results]) for a in packed
    ]


def test_the_core_reads_no_environment_the_process_passes_the_folder(
    tmp_path: Path, bundled_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "chosen"
    monkeypatch.setattr(store_snapshots, "_snapshot_folder", None)
    monkeypatch.setattr(store_snapshots, "SNAPSHOT_MIN_BYTES", 0)
    monkeypatch.setenv("PI_SNAPSHOT_DIR", str(folder))
    assert store_snapshots.snapshot_dir() is None  # the variable alone changes nothing
    assert main(["validate", "--store", str(bundled_copy)]) == 0  # the CLI reads the settings
    assert store_snapshots.snapshot_dir() == folder
    assert snapshot_files(folder)


def test_snapshots_made_inside_the_context_are_written_when_it_ends(snapshots: Path) -> None:
    with store_module.snapshots_written_after():
        write_cached("thing", "a" * 64, {"value": 1})
        assert not list(snapshots.glob("thing-*.pickle"))  # the answer comes first
        assert read_cached("thing", "a" * 64) is None
    assert read_cached("thing", "a" * 64) == {"value": 1}


def test_held_snapshots_are_written_or_dropped_when_told(snapshots: Path) -> None:
    store_module.hold_snapshots()
    try:
        write_cached("thing", "b" * 64, {"value": 2})
        write_cached("other", "c" * 64, {"value": 3})
        assert not list(snapshots.glob("*.pickle"))  # held: a master writes none yet
        store_module.write_held_snapshots()
        assert read_cached("thing", "b" * 64) == {"value": 2}
        assert read_cached("other", "c" * 64) == {"value": 3}
        write_cached("late", "d" * 64, {"value": 4})  # no longer held
        assert read_cached("late", "d" * 64) == {"value": 4}

        store_module.hold_snapshots()
        write_cached("dropped", "e" * 64, {"value": 5})
        store_module.drop_held_snapshots()  # another process writes them
        store_module.write_held_snapshots()
        assert read_cached("dropped", "e" * 64) is None
    finally:
        store_module.drop_held_snapshots()
