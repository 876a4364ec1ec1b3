"""The knowledge store's tables in PostgreSQL: one row per development and per newsletter,
and one row of metadata holding the store's revision (its change sequence).

Each record row carries its JSON document (``jsonb``), the columns the engine filters on
(``date``, ``category``, ``reviewed``, ``withdrawn``) and ``revision``: the store revision
of the write that last touched it. A removed record keeps its row with no document, so a
reader that asks "what changed after revision R" (``rows_after``) learns of removals too.
A write locks the metadata row, writes the rows it changes and advances the revision in
one transaction, then sends ``NOTIFY pi_knowledge``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from bot.core.knowledge.model import Development, KnowledgeFile, Newsletter
from bot.edge.state.db import UTCDateTime
from bot.edge.state.read_ahead import read_ahead

NOTIFY_CHANNEL = "pi_knowledge"

metadata = MetaData()

knowledge_meta = Table(
    "knowledge_meta",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1: one store per database
    Column("store_id", String(32), nullable=False),  # names this store in snapshot keys
    Column("revision", BigInteger, nullable=False),  # the change sequence
    Column("schema_version", Integer, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

knowledge_developments = Table(
    "knowledge_developments",
    metadata,
    Column("id", Text, primary_key=True),
    Column("revision", BigInteger, nullable=False, index=True),
    Column("document", JSONB(none_as_null=True), nullable=True),  # None: removed
    Column("date", Date, nullable=True, index=True),
    Column("category", String(32), nullable=True, index=True),
    Column("reviewed", Boolean, nullable=True),
    Column("withdrawn", Boolean, nullable=True),
)

knowledge_newsletters = Table(
    "knowledge_newsletters",
    metadata,
    Column("id", Text, primary_key=True),
    Column("revision", BigInteger, nullable=False, index=True),
    Column("document", JSONB(none_as_null=True), nullable=True),  # None: removed
)

legacy_store = Table(
    "knowledge_store",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("revision", BigInteger, nullable=False),
    Column("document", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
"""Before rows: the whole store as one document. Read once, at the first start, and left in
place (it can be dropped once the deployment runs this version)."""


def development_row(dev: Development, revision: int) -> dict[str, Any]:
    return {
        "id": dev.id,
        "revision": revision,
        "document": dev.model_dump(mode="json"),
        "date": dev.date,
        "category": dev.category.value,
        "reviewed": dev.reviewed,
        "withdrawn": dev.withdrawn,
    }


def newsletter_row(newsletter: Newsletter, revision: int) -> dict[str, Any]:
    return {
        "id": newsletter.id,
        "revision": revision,
        "document": newsletter.model_dump(mode="json"),
    }


def _removed_row(record_id: str, revision: int, table: Table) -> dict[str, Any]:
    row: dict[str, Any] = {"id": record_id, "revision": revision, "document": None}
    if table is knowledge_developments:
        row.update(date=None, category=None, reviewed=None, withdrawn=None)
    return row


BATCH = 2_000


def write_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
) -> None:
    """Insert or replace ``rows`` (by id)."""
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        statement = pg_insert(table).values(list(chunk))
        updated = {c.name: statement.excluded[c.name] for c in table.columns if c.name != "id"}
        conn.execute(statement.on_conflict_do_update(index_elements=["id"], set_=updated))


def write_changes(
    conn: Connection,
    revision: int,
    developments: Iterable[Development],
    removed: Iterable[str],
    newsletters: Iterable[Newsletter],
    removed_newsletters: Iterable[str],
) -> None:
    dev_rows = [development_row(d, revision) for d in developments]
    dev_rows += [_removed_row(i, revision, knowledge_developments) for i in removed]
    news_rows = [newsletter_row(n, revision) for n in newsletters]
    news_rows += [_removed_row(i, revision, knowledge_newsletters) for i in removed_newsletters]
    if dev_rows:
        write_rows(conn, knowledge_developments, dev_rows)
    if news_rows:
        write_rows(conn, knowledge_newsletters, news_rows)


def set_revision(conn: Connection, revision: int, schema_version: int) -> None:
    conn.execute(
        knowledge_meta.update()
        .where(knowledge_meta.c.id == 1)
        .values(
            revision=revision, schema_version=schema_version, updated_at=dt.datetime.now(dt.UTC)
        )
    )
    conn.execute(
        text("SELECT pg_notify(:channel, :revision)"),
        {"channel": NOTIFY_CHANNEL, "revision": str(revision)},
    )


def insert_store(conn: Connection, knowledge: KnowledgeFile, store_id: str) -> None:
    """Fill empty tables with ``knowledge`` at its revision."""
    write_changes(conn, knowledge.revision, knowledge.developments, (), knowledge.newsletters, ())
    conn.execute(
        knowledge_meta.insert().values(
            id=1,
            store_id=store_id,
            revision=knowledge.revision,
            schema_version=knowledge.schema_version,
            updated_at=dt.datetime.now(dt.UTC),
        )
    )


def meta_row(conn: Connection, *, lock: bool = False) -> Any:
    query = select(knowledge_meta).where(knowledge_meta.c.id == 1)
    return conn.execute(query.with_for_update() if lock else query).first()


def documents(
    conn: Connection, table: Table, *, after: int | None = None
) -> list[tuple[str, str | None]]:
    """(id, document as JSON text or ``None`` when removed) of every present row, or of every
    row written after revision ``after``."""
    query = select(table.c.id, table.c.document.cast(Text))
    if after is None:
        query = query.where(table.c.document.is_not(None))
    else:
        query = query.where(table.c.revision > after)
    return [(row[0], row[1]) for row in conn.execute(query)]


STREAM_ROWS = 2_000
"""Rows fetched at a time when the whole store is read (a server-side cursor)."""


def streamed_documents(conn: Connection, table: Table) -> Iterator[str]:
    """The JSON text of every present row, fetched ``STREAM_ROWS`` at a time, so the whole
    store's text is never held at once, and read ahead while the caller validates
    (``read_ahead``; ``conn`` is the thread's until the rows are done)."""
    query = select(table.c.document.cast(Text)).where(table.c.document.is_not(None))
    result = conn.execution_options(yield_per=STREAM_ROWS).execute(query)
    yield from read_ahead((document for (document,) in result), STREAM_ROWS)


def developments_by_id(conn: Connection, ids: Iterable[str]) -> dict[str, Development]:
    """The present developments among ``ids``, by id (read by primary key)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    table = knowledge_developments
    query = select(table.c.id, table.c.document.cast(Text)).where(
        table.c.id.in_(wanted), table.c.document.is_not(None)
    )
    return {row[0]: Development.model_validate_json(row[1]) for row in conn.execute(query)}


def store_digest(store_id: str | None, revision: int) -> str | None:
    """Names the store's content at ``revision`` (a store's rows at one revision never
    change), so snapshots and search indexes can be cached under it."""
    if store_id is None:
        return None
    return hashlib.sha256(f"postgresql store {store_id} revision {revision}".encode()).hexdigest()
