"""Reading the knowledge store's rows: all of them at start (or a validated snapshot of
them), the rows written after a revision, and filling the tables at the first start."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine, Table, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from bot.core.knowledge.model import Development, KnowledgeFile, Newsletter
from bot.core.knowledge.store import Delta, StoreError, read_cached, read_knowledge, write_cached
from bot.core.knowledge.store.reading import validate_document, validate_records
from bot.core.knowledge.store.snapshots import SNAPSHOT_MIN_BYTES, STORE_SNAPSHOT
from bot.edge.state.db import describe
from bot.edge.state.knowledge_rows import (
    documents,
    insert_store,
    knowledge_developments,
    knowledge_newsletters,
    legacy_store,
    meta_row,
    metadata,
    store_digest,
    streamed_documents,
)

log = logging.getLogger(__name__)

FIRST_START_LOCK = 0x70695F6B6E6F77  # pg_advisory_xact_lock key: one process fills the tables


def first_start(engine: Engine, seed: Path, where: str) -> str:
    """Create the tables and, when they are empty, fill them (from the old one-document
    table when there is one, else from the store file ``seed``); the store's id."""
    try:
        metadata.create_all(engine, checkfirst=True)
        with engine.begin() as conn:
            meta = meta_row(conn)
            if meta is not None:
                return str(meta.store_id)
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FIRST_START_LOCK})
            meta = meta_row(conn)
            if meta is not None:  # another process filled them meanwhile
                return str(meta.store_id)
            knowledge, origin = _first_contents(conn, seed, where)
            store_id = uuid.uuid4().hex
            insert_store(conn, knowledge, store_id)
        log.info(
            "knowledge store filled from %s: %d developments, revision %d",
            origin,
            len(knowledge.developments),
            knowledge.revision,
        )
        return store_id
    except SQLAlchemyError as exc:
        raise StoreError(f"{where}: cannot prepare it: {describe(exc)}") from exc


def _first_contents(conn: Connection, seed: Path, where: str) -> tuple[KnowledgeFile, str]:
    if inspect(conn).has_table(legacy_store.name):
        document = conn.execute(
            select(legacy_store.c.document).where(legacy_store.c.id == 1)
        ).scalar_one_or_none()
        if document is not None:
            knowledge = validate_document(f"{where} (table knowledge_store)", document.encode())
            return knowledge, "the one-document table knowledge_store (left in place)"
    knowledge = read_knowledge(seed) if seed.exists() else KnowledgeFile()
    return knowledge.model_copy(update={"revision": max(1, knowledge.revision)}), str(seed)


def load_all(conn: Connection, where: str) -> tuple[KnowledgeFile, str]:
    """The whole store (one consistent read: ``conn`` should be REPEATABLE READ) and its id;
    a validated snapshot of the same store and revision is read instead when there is one."""
    meta = meta_row(conn)
    if meta is None:
        raise StoreError(f"{where}: no knowledge store there")
    store_id, revision = str(meta.store_id), int(meta.revision)
    digest = store_digest(store_id, revision)
    assert digest is not None
    cached = read_cached(STORE_SNAPSHOT, digest)
    if isinstance(cached, KnowledgeFile) and cached.revision == revision:
        return cached, store_id
    size = 0

    def texts(table: Table) -> Iterator[str]:
        nonlocal size
        for text_ in streamed_documents(conn, table):
            size += len(text_)
            yield text_

    head = {"schema_version": int(meta.schema_version), "revision": revision}
    knowledge = validate_records(
        where, head, texts(knowledge_newsletters), texts(knowledge_developments)
    )
    if size >= SNAPSHOT_MIN_BYTES:
        write_cached(STORE_SNAPSHOT, digest, knowledge)
    return knowledge, store_id


def changes_in(conn: Connection, since: int, store_id: str | None, where: str) -> Delta | None:
    """The rows written after revision ``since`` as one delta; ``None`` when they cannot
    be told (another store, or one older than ``since``: read it all again)."""
    meta = meta_row(conn)
    if meta is None or meta.store_id != store_id or meta.revision < since:
        return None
    if meta.revision == since:
        return Delta(revision=since)
    try:
        devs = documents(conn, knowledge_developments, after=since)
        news = documents(conn, knowledge_newsletters, after=since)
        return Delta(
            revision=int(meta.revision),
            developments=tuple(Development.model_validate_json(d) for _, d in devs if d),
            removed=tuple(i for i, d in devs if d is None),
            newsletters=tuple(Newsletter.model_validate_json(d) for _, d in news if d),
            removed_newsletters=tuple(i for i, d in news if d is None),
            schema_version=int(meta.schema_version),
        )
    except ValidationError as exc:
        raise StoreError(f"{where}: a changed record does not match the schema: {exc}") from None
