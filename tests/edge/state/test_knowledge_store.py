"""One store for the deployment: the JSON file with SQLite, the database with PostgreSQL;
the same interface over both; ingest, export and import work against either."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.review import Actor, approve, is_published
from bot.core.knowledge.store import (
    DEFAULT_KNOWLEDGE_DIR,
    STORE_FILE_NAME,
    FileBackend,
    KnowledgeBackend,
    LiveStore,
    StaleRevision,
    StoreError,
    read_knowledge,
)
from bot.edge.state.knowledge import PostgresBackend, open_backend
from tests.conftest import FIXTURE_FOOTNOTED

BUNDLED = DEFAULT_KNOWLEDGE_DIR / STORE_FILE_NAME
EDITOR = Actor("UEDITOR", dt.datetime(2024, 6, 10, 8, 0, tzinfo=dt.UTC))


@pytest.fixture
def env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[KnowledgeBackend]:
    """The deployment's store as ``DATABASE_URL`` selects it (the file is a copy of the
    bundled store; the database is filled from it on first start)."""
    store_file = tmp_path / "developments.json"
    store_file.write_bytes(BUNDLED.read_bytes())
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("PI_KNOWLEDGE_FILE", str(store_file))
    backend = open_backend(db_url, store_file)
    yield backend
    if isinstance(backend, PostgresBackend):
        backend.engine.dispose()


def test_postgres_selects_the_database_and_sqlite_the_file(
    env: KnowledgeBackend, db_url: str
) -> None:
    if db_url.startswith("sqlite"):
        assert isinstance(env, FileBackend)
    else:
        assert isinstance(env, PostgresBackend)
        knowledge, _ = env.load()
        assert knowledge.revision == 1  # filled from the file on first start
        assert env.problem is None
        assert len(knowledge.developments) == len(read_knowledge(BUNDLED).developments)


def test_a_change_is_served_by_another_reader_and_stale_writes_are_refused(
    env: KnowledgeBackend, db_url: str, tmp_path: Path
) -> None:
    reader = LiveStore(backend=open_backend(db_url, tmp_path / "developments.json"))
    if isinstance(reader.backend, PostgresBackend):
        reader.backend.poll_seconds = 0
    before = reader.refresh().revision
    dev = reader.refresh().developments[0]
    unreview = env.update(
        lambda k: (
            k.model_copy(
                update={
                    "developments": tuple(
                        d.model_copy(update={"reviewed": d.id != dev.id}) for d in k.developments
                    )
                }
            ),
            None,
        )
    )
    assert unreview is None
    assert reader.refresh().published.get(dev.id) is None
    assert reader.refresh().revision == before + 1
    env.update(lambda k: approve(k, dev.id, EDITOR, expected_version=1))
    assert reader.refresh().published.get(dev.id) is not None
    with pytest.raises(StaleRevision):
        env.update(lambda k: (k, None), expected_revision=before)
    assert reader.refresh().revision == before + 2


def test_cli_ingest_adds_unreviewed_unless_approved(
    env: KnowledgeBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = env.update(lambda k: (KnowledgeFile(), None))  # start from an empty store
    assert empty is None
    assert main(["ingest", str(FIXTURE_FOOTNOTED)]) == 0
    knowledge, _ = env.load()
    assert knowledge.developments and not any(is_published(d) for d in knowledge.developments)
    env.update(lambda k: (KnowledgeFile(), None))
    assert main(["ingest", "--approve", str(FIXTURE_FOOTNOTED)]) == 0
    knowledge, _ = env.load()
    assert all(is_published(d) for d in knowledge.developments)
    assert all(d.history[0].by.startswith("cli:") for d in knowledge.developments)


def test_export_then_import_round_trips_and_a_bad_file_writes_nothing(
    env: KnowledgeBackend, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate"]) == 0  # the deployment's store, wherever it is
    assert f"{env.describe()}: valid" in capsys.readouterr().out
    out = tmp_path / "export.json"
    assert main(["export", str(out)]) == 0
    exported = read_knowledge(out)
    before, _ = env.load()
    assert exported.developments == before.developments

    broken = json.loads(out.read_text())
    broken["developments"][0]["title"] = "x"  # too short
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken))
    assert main(["import", str(bad)]) == 1
    assert "nothing was written" in capsys.readouterr().err.lower()
    assert env.load()[0].revision == before.revision

    smaller = json.loads(out.read_text())
    smaller["developments"] = smaller["developments"][:3]
    good = tmp_path / "good.json"
    good.write_text(json.dumps(smaller))
    assert main(["import", str(good)]) == 0
    after, _ = env.load()
    assert len(after.developments) == 3 and after.revision == before.revision + 1


def test_a_database_down_at_start_serves_the_file_visibly_and_writes_nothing(
    tmp_path: Path,
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nobody listens there
    backend = open_backend(f"postgresql+psycopg://pi@127.0.0.1:{port}/pi", BUNDLED)
    assert isinstance(backend, PostgresBackend)
    assert backend.problem and "cannot prepare it" in backend.problem
    served = LiveStore(backend=backend)
    assert len(served.current()) == len(read_knowledge(BUNDLED).developments)
    with pytest.raises(StoreError, match="nothing was written"):
        backend.update(lambda k: (k, None))
    backend.engine.dispose()
