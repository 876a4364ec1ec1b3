"""With SQLite the store is the file: a long-running process folds the change log into it
when it starts; a one-off command reads the log and leaves the file alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.review import Actor, approve
from bot.core.knowledge.store import FileBackend, read_knowledge, write_knowledge
from bot.core.knowledge.store.changelog import changes_path
from bot.edge.state.knowledge import open_backend
from tests.support.state import dev

EDITOR = Actor("UEDITOR", dt.datetime(2024, 6, 10, 8, 0, tzinfo=dt.UTC))


def test_only_a_starting_server_folds_the_log(tmp_path: Path) -> None:
    path = tmp_path / "developments.json"
    one = dev("case", dt.date(2024, 5, 1), reviewed=False)
    others = tuple(dev(f"other-{n}", dt.date(2024, 5, 2 + n)) for n in range(4))
    # a store big enough that one approval's log entry stays under the fold ratio
    write_knowledge(path, KnowledgeFile(developments=(one, *others)))
    FileBackend(path).update(lambda k: approve(k, one.id, EDITOR, expected_version=None))
    before = path.read_bytes()
    command = open_backend("sqlite://", path)
    assert command.load()[0].revision == 1 and changes_path(path).exists()
    assert path.read_bytes() == before
    open_backend("sqlite://", path, fold=True)
    assert not changes_path(path).exists() and path.read_bytes() != before
    assert next(d for d in read_knowledge(path).developments if d.id == one.id).reviewed
