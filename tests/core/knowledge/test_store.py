from __future__ import annotations

import json
import logging
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.core.knowledge.model import Category, Development, KnowledgeFile, Source
from bot.core.knowledge.store import LiveStore, Store, StoreError, read_knowledge, write_knowledge


def make_dev(
    dev_id: str = "2022-05-27-henan-face-recognition-fine", **extra: object
) -> Development:
    fields: dict[str, object] = {
        "id": dev_id,
        "date": date(2022, 5, 27),
        "added_at": datetime(2022, 6, 1, tzinfo=UTC),
        "category": Category.ENFORCEMENT,
        "title": "Sales office fined for face recognition",
        "summary": "A sales office collected face data without consent and was fined.",
        "sources": [Source(newsletter="n1", ref="Enforcement Cases #1", headline="Fined")],
    }
    fields.update(extra)
    return Development.model_validate(fields)


def test_round_trip_is_stable(tmp_path: Path) -> None:
    path = tmp_path / "developments.json"
    knowledge = KnowledgeFile(
        developments=(make_dev("2022-05-01-other-thing", date=date(2022, 5, 1)), make_dev())
    )
    write_knowledge(path, knowledge)
    first = path.read_text(encoding="utf-8")
    write_knowledge(path, read_knowledge(path))
    assert path.read_text(encoding="utf-8") == first
    assert [d.id for d in Store.load(path).developments] == [
        "2022-05-27-henan-face-recognition-fine",
        "2022-05-01-other-thing",
    ]


def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "developments.json"
    write_knowledge(path, KnowledgeFile(developments=(make_dev(),)))
    before = path.read_bytes()

    def boom(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_knowledge(path, KnowledgeFile(developments=(make_dev("2022-05-02-new"),)))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["developments.json"]


def test_truncated_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "developments.json"
    write_knowledge(path, KnowledgeFile(developments=(make_dev(),)))
    path.write_text(path.read_text()[:200], encoding="utf-8")
    with pytest.raises(StoreError, match=r"developments\.json:\d+:\d+: not valid JSON"):
        read_knowledge(path)


def test_schema_error_names_the_development_and_field(tmp_path: Path) -> None:
    path = tmp_path / "developments.json"
    write_knowledge(path, KnowledgeFile(developments=(make_dev(),)))
    raw = json.loads(path.read_text())
    raw["developments"][0]["category"] = "gossip"
    path.write_text(json.dumps(raw))
    with pytest.raises(StoreError) as err:
        read_knowledge(path)
    assert "2022-05-27-henan-face-recognition-fine" in str(err.value)
    assert "category" in str(err.value)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "developments.json"
    write_knowledge(path, KnowledgeFile(developments=(make_dev(), make_dev())))
    with pytest.raises(StoreError, match="more than once"):
        read_knowledge(path)


def test_live_store_keeps_last_good_copy(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "developments.json"
    write_knowledge(path, KnowledgeFile(developments=(make_dev(),)))
    live = LiveStore(path)
    assert len(live.current()) == 1

    write_knowledge(path, KnowledgeFile(developments=(make_dev(), make_dev("2022-05-03-added"))))
    assert len(live.current()) == 2

    path.write_text("{ not json", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert len(live.current()) == 2
        assert len(live.current()) == 2
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1, "one clear error per broken change, not one per request"
    assert live.last_error and "not valid JSON" in live.last_error

    write_knowledge(path, KnowledgeFile(developments=(make_dev("2022-05-04-fixed"),)))
    assert [d.id for d in live.current().developments] == ["2022-05-04-fixed"]
    assert live.last_error is None


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664])
def test_a_rewrite_keeps_the_file_mode(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "developments.json"
    write_knowledge(path, KnowledgeFile(developments=[make_dev()]))
    path.chmod(mode)
    write_knowledge(path, KnowledgeFile(developments=[make_dev(), make_dev("2022-05-28-x")]))
    assert path.stat().st_mode & 0o7777 == mode
    assert len(read_knowledge(path).developments) == 2


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_a_rewrite_keeps_the_owner_where_permitted(tmp_path: Path) -> None:
    path = tmp_path / "developments.json"
    write_knowledge(path, KnowledgeFile(developments=[make_dev()]))
    os.chown(path, 4242, 4343)
    write_knowledge(path, KnowledgeFile(developments=[make_dev(), make_dev("2022-05-28-x")]))
    assert (path.stat().st_uid, path.stat().st_gid) == (4242, 4343)


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_a_new_store_file_gets_the_umask_mode(tmp_path: Path, umask: int, mode: int) -> None:
    path = tmp_path / "new.json"
    previous = os.umask(umask)
    try:
        write_knowledge(path, KnowledgeFile(developments=[make_dev()]))
    finally:
        os.umask(previous)
    assert path.stat().st_mode & 0o7777 == mode
