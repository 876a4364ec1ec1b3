"""An editor's action in PostgreSQL reads and writes only the developments it changes: the
rows of those ids, one upsert and the revision advanced, in one transaction; version
conflicts and history as before; other processes apply the change as any other."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from sqlalchemy import event, select

from bot.core.knowledge import review
from bot.core.knowledge.model import Development, KnowledgeFile, ReviewAction
from bot.core.knowledge.store import LiveStore, write_knowledge
from bot.edge.state.knowledge import PostgresBackend, open_backend
from bot.edge.state.knowledge_rows import knowledge_developments, knowledge_meta
from tests.support.state import POSTGRES_ENV, dev, postgres_schema_url

pytestmark = pytest.mark.postgres

EDITOR = review.Actor("UEDITOR", dt.datetime(2024, 6, 10, 8, 0, tzinfo=dt.UTC))
DAY = dt.date(2024, 5, 1)


def case(n: int) -> str:
    return f"{(DAY - dt.timedelta(days=n)).isoformat()}-case-{n}"


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[PostgresBackend]:
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} is not set (.ci/run sets it)")
    seed = tmp_path / "developments.json"
    devs = tuple(dev(f"case-{n}", DAY - dt.timedelta(days=n), reviewed=False) for n in range(30))
    write_knowledge(seed, KnowledgeFile(developments=devs, revision=5))
    for url in postgres_schema_url():
        found = open_backend(url, seed)
        assert isinstance(found, PostgresBackend)
        yield found
        found.engine.dispose()


def _approving(dev_id: str, version: int | None = None):  # type: ignore[no-untyped-def]
    def change(devs: Mapping[str, Development]) -> tuple[tuple[Development, ...], Development]:
        done = review.approved(review.find(devs, dev_id), EDITOR, expected_version=version)
        return (done,), done

    return change


def test_an_approval_reads_and_writes_only_its_row(backend: PostgresBackend) -> None:
    statements: list[str] = []
    event.listen(
        backend.engine, "before_cursor_execute", lambda *a: statements.append(a[2].lower())
    )
    done = backend.update_developments([case(3)], _approving(case(3), 1))
    assert done.reviewed and done.version == 2
    assert done.history[-1].action == ReviewAction.APPROVED and done.history[-1].by == "UEDITOR"
    reads = [s for s in statements if s.lstrip().startswith("select") and "document" in s]
    assert reads and all("where" in s and " in " in s for s in reads)  # by id, never all
    with backend.engine.connect() as conn:
        touched = conn.execute(
            select(knowledge_developments.c.id, knowledge_developments.c.reviewed).where(
                knowledge_developments.c.revision == 6
            )
        ).all()
        assert conn.execute(select(knowledge_meta.c.revision)).scalar_one() == 6
    assert [(row.id, row.reviewed) for row in touched] == [(case(3), True)]


def test_a_stale_version_is_a_conflict_and_nothing_is_written(backend: PostgresBackend) -> None:
    backend.update_developments([case(1)], _approving(case(1), 1))
    with pytest.raises(review.Conflict) as caught:
        backend.update_developments(
            [case(1)],
            lambda devs: (
                (review.edited(devs[case(1)], {"title": "New"}, EDITOR, expected_version=1),),
                None,
            ),
        )
    assert caught.value.current.version == 2
    with pytest.raises(review.ReviewError, match="no development has the id nope"):
        backend.update_developments(["nope"], _approving("nope"))
    knowledge, _ = backend.load()
    assert knowledge.revision == 6


def test_a_merge_writes_both_rows_in_one_revision_seen_by_another_process(
    backend: PostgresBackend,
) -> None:
    url = backend.engine.url.render_as_string(hide_password=False)
    other = LiveStore(backend=open_backend(url, backend.seed))
    gone, grown = backend.update_developments(
        [case(4), case(5)],
        lambda devs: (
            (pair := review.merging(devs, case(4), case(5), EDITOR, expected_version=1)),
            pair,
        ),
    )
    assert gone.merged_into == case(5) and grown.history[-1].note == f"merged {case(4)} into it"
    served = other.refresh()
    assert served.revision == 6
    assert served.get(case(4)) == gone and served.get(case(5)) == grown
    assert [d.id for d in served.developments][:6] == [case(n) for n in range(6)]
    whole, _ = backend.load()  # a whole-store write afterwards sees the records written
    revision = backend.update(lambda k: (k, k.revision))
    assert whole.revision == 6 and revision == 6
    assert backend.load()[0].revision == 7
    assert {d.id: d for d in backend.load()[0].developments}[case(4)] == gone
    other.backend.close()  # type: ignore[attr-defined]
