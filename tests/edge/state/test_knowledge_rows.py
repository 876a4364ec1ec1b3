"""The knowledge store in PostgreSQL as rows: a write touches only the rows it changes and
advances the revision; other processes apply only those rows, woken by NOTIFY; an old
one-document store becomes rows at the first start, revision and history kept."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from bot.cli import main
from bot.core.knowledge.model import KnowledgeFile, Newsletter
from bot.core.knowledge.review import Actor, approve
from bot.core.knowledge.store import LiveStore, dump_knowledge, read_knowledge, write_knowledge
from bot.edge.state.knowledge import PostgresBackend, open_backend
from bot.edge.state.knowledge_rows import knowledge_developments, knowledge_meta
from tests.support.state import dev, postgres_processes

pytestmark = pytest.mark.postgres

EDITOR = Actor("UEDITOR", dt.datetime(2024, 6, 10, 8, 0, tzinfo=dt.UTC))
DAY = dt.date(2024, 5, 1)


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    path = tmp_path / "developments.json"
    devs = tuple(dev(f"case-{n}", DAY - dt.timedelta(days=n), reviewed=False) for n in range(30))
    news = Newsletter(
        id="test-news",
        title="Test News",
        issue_month="2024-05",
        file_name="test-news.eml",
        sha256="0" * 64,
        ingested_at=dt.datetime(2024, 5, 2, tzinfo=dt.UTC),
    )
    write_knowledge(path, KnowledgeFile(developments=devs, newsletters=(news,), revision=5))
    return path


def _backend(pg_url: str, seed: Path) -> PostgresBackend:
    backend = open_backend(pg_url, seed)
    assert isinstance(backend, PostgresBackend) and backend.problem is None
    return backend


def test_an_approval_writes_one_row_and_advances_the_revision(pg_url: str, seed: Path) -> None:
    backend = _backend(pg_url, seed)
    knowledge, _ = backend.load()
    assert knowledge.revision == 5 and len(knowledge.developments) == 30
    target = knowledge.developments[3].id
    backend.update(lambda k: approve(k, target, EDITOR, expected_version=None))
    with backend.engine.connect() as conn:
        touched = conn.execute(
            select(knowledge_developments.c.id).where(knowledge_developments.c.revision == 6)
        ).all()
        revision = conn.execute(select(knowledge_meta.c.revision)).scalar_one()
        reviewed = conn.execute(
            select(func.count()).where(knowledge_developments.c.reviewed.is_(True))
        ).scalar_one()
    assert [row.id for row in touched] == [target]
    assert revision == 6 and reviewed == 1
    backend.engine.dispose()


def test_another_process_applies_only_the_changed_rows_woken_by_notify(
    pg_url: str, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = _backend(pg_url, seed)
    reader_backend = _backend(pg_url, seed)
    reader_backend.poll_seconds = 30  # only a notification can wake it in time
    reader = LiveStore(backend=reader_backend)
    reader.current()  # starts the refresher

    def no_full_read() -> None:
        raise AssertionError("the whole store was read again")

    monkeypatch.setattr(reader_backend, "load", no_full_read)
    time.sleep(0.5)  # the refresher is listening
    target = reader.current().developments[0].id
    started = time.monotonic()
    writer.update(lambda k: approve(k, target, EDITOR, expected_version=None))
    while reader.current().revision < 6:
        # well before the 30 s poll: only the notification woke it (how soon is measured
        # by bench.store_scale, not here)
        assert time.monotonic() - started < 15, "not woken by the notification"
        time.sleep(0.02)
    assert reader.current().published.get(target) is not None
    assert len(reader.current()) == 30
    writer.engine.dispose()


def test_an_old_one_document_store_becomes_rows_with_revision_and_history(
    pg_url: str, seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge = read_knowledge(seed)
    knowledge, _ = approve(knowledge, knowledge.developments[0].id, EDITOR, expected_version=None)
    knowledge = knowledge.model_copy(update={"revision": 41})
    engine = create_engine(pg_url)
    with engine.begin() as conn:  # the table as the previous version kept it
        conn.execute(
            text(
                "CREATE TABLE knowledge_store (id INTEGER PRIMARY KEY, revision BIGINT NOT NULL,"
                " document TEXT NOT NULL, updated_at TIMESTAMP NOT NULL)"
            )
        )
        conn.execute(
            text("INSERT INTO knowledge_store VALUES (1, 41, :doc, now())"),
            {"doc": dump_knowledge(knowledge)},
        )
    engine.dispose()
    backend = _backend(pg_url, tmp_path / "unused.json")
    migrated, _ = backend.load()
    assert migrated.revision == 41
    assert migrated.developments == knowledge.developments  # history and all
    # export round-trips; back to a file works through export and import
    out = tmp_path / "export.json"
    os.environ["DATABASE_URL"] = pg_url
    try:
        assert main(["export", str(out)]) == 0
    finally:
        del os.environ["DATABASE_URL"]
    assert out.read_text() == dump_knowledge(knowledge)
    back = tmp_path / "back.json"
    back.write_text("")
    back.unlink()
    assert main(["import", "--store", str(back), str(out)]) == 0
    assert read_knowledge(back).developments == knowledge.developments
    backend.engine.dispose()


def test_cli_ask_reads_the_database_not_the_file(
    pg_url: str, seed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = _backend(pg_url, seed)
    target = backend.load()[0].developments[2]
    backend.update(lambda k: approve(k, target.id, EDITOR, expected_version=None))
    monkeypatch.setenv("DATABASE_URL", pg_url)
    monkeypatch.setenv("PI_KNOWLEDGE_FILE", str(seed))  # where nothing is approved
    assert main(["ask", "--json", "latest"]) == 0
    assert target.id in capsys.readouterr().out
    backend.engine.dispose()


@pytest.mark.slow
def test_a_frozen_database_never_holds_a_request_and_healthz_names_it(
    pg_url: str, seed: Path
) -> None:
    import signal

    from slack_bolt import App

    from bot.edge.slack.web import create_web_app

    if not os.environ.get("PI_TEST_PG_DATA"):
        pytest.skip("PI_TEST_PG_DATA is not set (.ci/run sets it)")
    backend = _backend(pg_url, seed)
    backend.poll_seconds = 0.2
    live = LiveStore(backend=backend)
    live.current()
    bolt = App(token="xoxb-test", signing_secret="s", token_verification_enabled=False)
    client = create_web_app(bolt, live, signing_secret="s").test_client()
    frozen = postgres_processes()
    for pid in frozen:
        os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(3)  # the refresher is now stuck asking the database
        answers: list[float] = []
        for _ in range(3):
            started = time.monotonic()
            health = client.get("/healthz").get_json()
            answers.append(time.monotonic() - started)
        assert max(answers) < 2
        assert health["developments"] == 30
        assert "has not answered" in (health["store_problem"] or "")
        started = time.monotonic()
        # the frozen database would hold a waiting call for minutes (statement timeout)
        assert len(live.current()) == 30 and time.monotonic() - started < 2
    finally:
        for pid in frozen:
            os.kill(pid, signal.SIGCONT)
    deadline = time.monotonic() + 10
    while backend.problem is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert backend.problem is None
    backend.engine.dispose()


def test_every_session_has_statement_and_lock_timeouts(pg_url: str, seed: Path) -> None:
    backend = _backend(pg_url, seed)
    with backend.engine.connect() as conn:
        statement = conn.execute(text("SHOW statement_timeout")).scalar_one()
        lock = conn.execute(text("SHOW lock_timeout")).scalar_one()
        path = conn.execute(text("SHOW search_path")).scalar_one()
    assert statement != "0" and lock != "0"
    assert path.startswith("t_")  # the URL's own options are kept
    backend.engine.dispose()


def test_a_write_waiting_for_a_held_lock_gives_up(pg_url: str, seed: Path) -> None:
    from bot.core.knowledge.store import StoreError

    backend = _backend(pg_url, seed)
    holder = create_engine(pg_url)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with holder.begin() as conn:
            conn.execute(text("SELECT * FROM knowledge_meta FOR UPDATE"))
            held.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    started = time.monotonic()
    try:
        with pytest.raises(StoreError, match="lock timeout"):
            backend.update(lambda k: (k, None))
    finally:
        release.set()
        thread.join()
    assert time.monotonic() - started < 10
    holder.dispose()
    backend.engine.dispose()


def test_a_database_back_after_start_is_read_whole_not_patched_onto_the_file(
    pg_url: str, seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.core.knowledge.store import StoreError
    from bot.edge.state import knowledge as module
    from bot.edge.state.db import make_engine

    filled = _backend(pg_url, seed)  # the database: 30 developments, then one approved
    target = filled.load()[0].developments[0].id
    filled.update(lambda k: approve(k, target, EDITOR, expected_version=None))
    smaller = tmp_path / "other.json"
    write_knowledge(smaller, KnowledgeFile(developments=(dev("lonely", DAY),), revision=5))

    real_first_start = module.first_start

    def down(*args: object) -> str:
        raise StoreError("database down")

    monkeypatch.setattr(module, "first_start", down)
    backend = PostgresBackend(make_engine(pg_url), seed=smaller)
    live = LiveStore(backend=backend)
    assert len(live.current()) == 1  # the seed file, while the database is down
    monkeypatch.setattr(module, "first_start", real_first_start)
    backend._tried_at = float("-inf")  # the next attempt is due
    fresh = live.refresh()
    assert len(fresh) == 30 and fresh.published.get(target) is not None
    filled.engine.dispose()
