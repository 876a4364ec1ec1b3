"""An editor's action on the file store: only the developments it names are handed to the
change, and the write is one line of the change log holding those records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pytest

from bot.core.knowledge import review
from bot.core.knowledge.model import Development, KnowledgeFile
from bot.core.knowledge.store import Delta, FileBackend, write_knowledge
from bot.core.knowledge.store.changelog import changes_path
from tests.support.state import dev

EDITOR = review.Actor("UEDITOR", dt.datetime(2024, 6, 10, 8, 0, tzinfo=dt.UTC))
DAY = dt.date(2024, 5, 1)
DEVS = tuple(dev(f"case-{n}", DAY - dt.timedelta(days=n), reviewed=False) for n in range(40))


@pytest.fixture
def backend(tmp_path: Path) -> FileBackend:
    path = tmp_path / "developments.json"
    write_knowledge(path, KnowledgeFile(developments=DEVS, revision=3))
    return FileBackend(path)


def test_an_approval_sees_its_record_only_and_appends_it_to_the_log(backend: FileBackend) -> None:
    target = DEVS[7].id
    seen: list[Mapping[str, Development]] = []
    file_bytes = backend.path.read_bytes()

    def change(devs: Mapping[str, Development]) -> tuple[tuple[Development, ...], Development]:
        seen.append(devs)
        done = review.approved(review.find(devs, target), EDITOR, expected_version=1)
        return (done,), done

    done = backend.update_developments([target, "no-such-id"], change)
    assert [set(d) for d in seen] == [{target}]
    lines = changes_path(backend.path).read_bytes().splitlines()
    assert len(lines) == 1
    entry = Delta.from_json(lines[0])
    assert entry.revision == 4 and entry.developments == (done,) and not entry.removed
    knowledge, _ = backend.load()
    assert knowledge.revision == 4 and len(knowledge.developments) == 40
    assert {d.id: d for d in knowledge.developments}[target] == done
    assert backend.path.read_bytes() == file_bytes  # the file itself is not rewritten


def test_a_conflict_or_no_change_writes_nothing(backend: FileBackend) -> None:
    target = DEVS[2].id
    with pytest.raises(review.Conflict):
        backend.update_developments(
            [target],
            lambda devs: ((review.approved(devs[target], EDITOR, expected_version=9),), None),
        )
    assert backend.update_developments([target], lambda devs: ((), "nothing")) == "nothing"
    assert not changes_path(backend.path).exists()
    assert backend.load()[0].revision == 3


def test_writes_one_after_another_each_see_the_last(backend: FileBackend) -> None:
    added = dev("case-new", DAY, reviewed=False)
    backend.update_developments([added.id], lambda devs: ((added,), None))
    for target in (DEVS[0].id, added.id, DEVS[39].id):
        backend.update_developments(
            [target],
            lambda devs, t=target: ((review.approved(devs[t], EDITOR, expected_version=1),), None),
        )
    knowledge, _ = backend.load()
    assert knowledge.revision == 7 and len(knowledge.developments) == 41
    approved = {d.id for d in knowledge.developments if d.reviewed}
    assert approved == {DEVS[0].id, added.id, DEVS[39].id}
    assert [d.id for d in knowledge.developments][:40] == [d.id for d in DEVS]
    assert len(changes_path(backend.path).read_bytes().splitlines()) == 4
