"""The file store's change log: a write appends only what it changed, every reader sees it,
a torn line is ignored, and folding makes the file the whole store again."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.review import Actor, approve
from bot.core.knowledge.store import (
    FileBackend,
    LiveStore,
    StaleRevision,
    Store,
    read_knowledge,
    write_knowledge,
)
from bot.core.knowledge.store.changelog import changes_path
from tests.support.state import dev

EDITOR = Actor("UEDITOR", dt.datetime(2024, 6, 10, 8, 0, tzinfo=dt.UTC))
DAY = dt.date(2024, 5, 1)


def _store(tmp_path: Path, count: int = 20) -> Path:
    path = tmp_path / "developments.json"
    devs = tuple(dev(f"case-{n}", DAY - dt.timedelta(days=n), reviewed=False) for n in range(count))
    write_knowledge(path, KnowledgeFile(developments=devs, revision=3))
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _approve(backend: FileBackend, dev_id: str) -> None:
    backend.update(lambda k: approve(k, dev_id, EDITOR, expected_version=None))


def test_an_approval_appends_one_line_and_leaves_the_file_alone(tmp_path: Path) -> None:
    path = _store(tmp_path)
    before = _sha(path)
    target = f"{(DAY - dt.timedelta(days=4)).isoformat()}-case-4"
    _approve(FileBackend(path), target)
    assert _sha(path) == before  # the file is not rewritten
    lines = changes_path(path).read_bytes().splitlines()
    assert len(lines) == 1 and target.encode() in lines[0]
    assert b"case-5" not in lines[0]  # only the record that changed
    seen = read_knowledge(path)  # every reader applies the log
    assert seen.revision == 4
    assert next(d for d in seen.developments if d.id == target).reviewed
    assert Store.load(path).get(target).reviewed  # type: ignore[union-attr]


def test_two_writers_keep_each_others_changes_and_stale_writes_are_refused(
    tmp_path: Path,
) -> None:
    path = _store(tmp_path)
    first, second = FileBackend(path), FileBackend(path)
    ids = [d.id for d in read_knowledge(path).developments]
    _approve(first, ids[0])
    _approve(second, ids[1])  # second never read the first's change: it reads the log
    _approve(first, ids[2])
    final = read_knowledge(path)
    assert final.revision == 6
    assert {d.id for d in final.developments if d.reviewed} == set(ids[:3])
    with pytest.raises(StaleRevision):
        second.update(lambda k: (k, None), expected_revision=5)


def test_a_reader_applies_the_changes_without_reading_the_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _store(tmp_path)
    reader = LiveStore(path)
    target = reader.current().developments[7].id
    writer = FileBackend(path)
    _approve(writer, target)

    def no_full_read() -> None:
        raise AssertionError("the whole store was read again")

    monkeypatch.setattr(reader.backend, "load", no_full_read)
    fresh = reader.current()
    assert fresh.revision == 4 and fresh.get(target).reviewed  # type: ignore[union-attr]
    assert fresh.published.get(target) is not None
    assert len(fresh) == 20


def test_a_torn_last_line_is_ignored_and_cut_off_by_the_next_writer(tmp_path: Path) -> None:
    path = _store(tmp_path)
    ids = [d.id for d in read_knowledge(path).developments]
    _approve(FileBackend(path), ids[0])
    with changes_path(path).open("ab") as log:
        log.write(b'{"revision":5,"developments":[{"id":"half')  # a writer killed mid-line
    assert read_knowledge(path).revision == 4
    _approve(FileBackend(path), ids[1])
    final = read_knowledge(path)
    assert final.revision == 5
    assert {d.id for d in final.developments if d.reviewed} == {ids[0], ids[1]}
    assert all(
        line.startswith(b'{"revision":') for line in changes_path(path).read_bytes().splitlines()
    )


def test_export_folds_the_log_and_an_unchanged_store_exports_byte_for_byte(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = _store(tmp_path)
    assert main(["export", "--store", str(path)]) == 0
    assert capsysbinary.readouterr().out == path.read_bytes()  # unchanged: the file itself

    target = read_knowledge(path).developments[0].id
    _approve(FileBackend(path), target)
    out = tmp_path / "export.json"
    assert main(["export", "--store", str(path), str(out)]) == 0
    assert not changes_path(path).exists()  # folded into the file
    assert out.read_bytes() == path.read_bytes()
    assert read_knowledge(path).revision == 4


def test_a_fold_interrupted_before_the_log_was_removed_applies_nothing_twice(
    tmp_path: Path,
) -> None:
    path = _store(tmp_path)
    target = read_knowledge(path).developments[0].id
    _approve(FileBackend(path), target)
    log = changes_path(path).read_bytes()
    FileBackend(path).fold()
    changes_path(path).write_bytes(log)  # as if the process died before removing it
    again = read_knowledge(path)
    assert again.revision == 4
    assert next(d for d in again.developments if d.id == target).history[-1].by == "UEDITOR"
    assert len(next(d for d in again.developments if d.id == target).history) == 1


def test_the_log_is_folded_once_it_outgrows_half_the_file(tmp_path: Path) -> None:
    path = _store(tmp_path, count=4)
    backend = FileBackend(path)
    for d in read_knowledge(path).developments:
        _approve(backend, d.id)
    assert not changes_path(path).exists() or changes_path(path).stat().st_size <= (
        path.stat().st_size / 2
    )
    assert all(d.reviewed for d in read_knowledge(path).developments)
