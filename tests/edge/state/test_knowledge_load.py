"""Reading the whole store from its PostgreSQL rows: every row, streamed and validated one
record at a time, equal to what was written; a row that does not match the schema is named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.core.knowledge.model import KnowledgeFile, Newsletter
from bot.core.knowledge.store import StoreError, write_knowledge
from bot.edge.state import knowledge_rows
from bot.edge.state.knowledge import PostgresBackend, open_backend
from tests.support.state import dev

pytestmark = pytest.mark.postgres

DAY = dt.date(2024, 5, 1)


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, KnowledgeFile]:
    devs = tuple(
        dev(f"case-{n}", DAY - dt.timedelta(days=n), fine=1000 * n or None, sources=1 + n % 3)
        for n in range(25)
    )
    news = Newsletter(
        id="test-news",
        title="Test News",
        issue_month="2024-05",
        file_name="test-news.eml",
        sha256="0" * 64,
        ingested_at=dt.datetime(2024, 5, 2, tzinfo=dt.UTC),
    )
    knowledge = KnowledgeFile(developments=devs, newsletters=(news,), revision=7)
    path = tmp_path / "developments.json"
    write_knowledge(path, knowledge)
    return path, knowledge


def _backend(pg_url: str, seed: Path) -> PostgresBackend:
    backend = open_backend(pg_url, seed)
    assert isinstance(backend, PostgresBackend)
    return backend


def test_every_row_is_read_in_batches_and_equals_what_was_written(
    pg_url: str, written: tuple[Path, KnowledgeFile], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(knowledge_rows, "STREAM_ROWS", 4)  # several fetches for 25 rows
    seed, knowledge = written
    backend = _backend(pg_url, seed)
    loaded, _ = backend.load()
    backend.engine.dispose()
    assert loaded.revision == 7 and loaded.newsletters == knowledge.newsletters
    by_id = {d.id: d for d in loaded.developments}
    assert len(by_id) == 25
    assert all(by_id[d.id] == d for d in knowledge.developments)


def test_a_row_that_does_not_match_the_schema_is_named(
    pg_url: str, written: tuple[Path, KnowledgeFile]
) -> None:
    seed, _ = written
    backend = _backend(pg_url, seed)
    with backend.engine.begin() as conn:
        conn.execute(
            text("UPDATE knowledge_developments SET document = document - 'title' WHERE id = :id"),
            {"id": "2024-04-29-case-2"},
        )
    with pytest.raises(StoreError) as raised:
        backend.load()
    backend.engine.dispose()
    said = str(raised.value)
    assert "the development '2024-04-29-case-2'" in said
    assert "does not match the schema" in said and "title" in said
