"""The knowledge store of a deployment in PostgreSQL, and the choice of store.

With ``DATABASE_URL`` on PostgreSQL, every process of the deployment (web workers, Socket
Mode, the clock, the CLI), on any machine, reads and writes the knowledge in the database:
one JSON document (the store file's format) with a revision, in ``knowledge_store``. A
write locks the row (``SELECT ... FOR UPDATE``), applies the change and bumps the revision
in one transaction; readers poll the revision (at most every ``poll_seconds``) and reload
when it moved, so an approved change is answered everywhere within seconds.

An empty database is filled from the store file (``knowledge/developments.json`` or
``$PI_KNOWLEDGE_FILE``) on first start. A database that cannot be reached at start is not
fatal: the process serves that file, says so (``/healthz``: ``store`` and
``store_problem``), keeps trying, and switches to the database as soon as it answers;
writes are refused meanwhile. With SQLite (one machine), the JSON file stays the store
(``FileBackend``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections.abc import Hashable
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError
from sqlalchemy import BigInteger, Column, Engine, Integer, MetaData, Table, Text, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import (
    Change,
    FileBackend,
    KnowledgeBackend,
    StoreError,
    dump_knowledge,
    read_knowledge,
)
from bot.core.knowledge.store.backend import bump, check_revision
from bot.edge.state.db import UTCDateTime, describe, make_engine

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_POLL_SECONDS = 1.0
"""How often a process asks the database whether the store changed (well inside 5 s)."""

metadata = MetaData()

knowledge_store = Table(
    "knowledge_store",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1: one store per database
    Column("revision", BigInteger, nullable=False),
    Column("document", Text, nullable=False),  # the store file's JSON
    Column("updated_at", UTCDateTime, nullable=False),
)


def is_postgresql(url: str) -> bool:
    try:
        return make_url(url).get_backend_name() == "postgresql"
    except Exception:
        return False


def open_backend(database_url: str, store_file: Path) -> KnowledgeBackend:
    """The deployment's store: PostgreSQL when ``database_url`` names one (filled from
    ``store_file`` when empty), else the JSON file ``store_file``."""
    if not is_postgresql(database_url):
        return FileBackend(store_file)
    backend = PostgresBackend(make_engine(database_url, connect_timeout_s=10), seed=store_file)
    backend.ready()
    return backend


def _parse(document: str, where: str) -> KnowledgeFile:
    try:
        return KnowledgeFile.model_validate_json(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        at = ".".join(str(part) for part in first["loc"])
        raise StoreError(
            f"{where}: the knowledge store does not match the schema "
            f"({exc.error_count()} problem(s); first at {at}: {first['msg']})"
        ) from None


UNREACHABLE_RETRY_SECONDS = 10.0
"""How often a process whose database is down at start tries it again."""
UNREACHABLE = "database unreachable"
"""The signature while the database cannot be reached (then the seed file is served)."""


class PostgresBackend:
    def __init__(
        self, engine: Engine, *, seed: Path, poll_seconds: float = DEFAULT_POLL_SECONDS
    ) -> None:
        self.engine = engine
        self.seed = seed
        self.poll_seconds = poll_seconds
        self._lock = threading.Lock()
        self._polled_at = float("-inf")
        self._revision: Hashable | None = None
        self._ready = False
        self.problem: str | None = None
        """Why the database is not the store served right now (``None`` when it is)."""

    def describe(self) -> str:
        url = self.engine.url.render_as_string(hide_password=True)
        return f"the knowledge_store table of {url}"

    def ready(self) -> bool:
        """Whether the database is reachable and prepared (tried again on each call until
        it is); the reason it is not is kept in ``problem``."""
        if self._ready:
            return True
        try:
            self.ensure(seed=self.seed)
        except StoreError as exc:
            if self.problem != str(exc):
                log.error("%s; serving %s until it answers", exc, self.seed)
            self.problem = str(exc)
            return False
        self._ready, self.problem = True, None
        return True

    def ensure(self, *, seed: Path) -> None:
        """Create the table; fill an empty one from the store file ``seed``."""
        try:
            metadata.create_all(self.engine, checkfirst=True)
            with self.engine.connect() as conn:
                present = conn.execute(select(knowledge_store.c.id)).first() is not None
            if present:
                return
            knowledge = read_knowledge(seed) if seed.exists() else KnowledgeFile()
            knowledge = knowledge.model_copy(update={"revision": max(1, knowledge.revision)})
            with self.engine.begin() as conn:
                conn.execute(
                    pg_insert(knowledge_store)
                    .values(
                        id=1,
                        revision=knowledge.revision,
                        document=dump_knowledge(knowledge),
                        updated_at=dt.datetime.now(dt.UTC),
                    )
                    .on_conflict_do_nothing(index_elements=["id"])
                )
            log.info(
                "knowledge store filled from %s (%d developments)",
                seed,
                len(knowledge.developments),
            )
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.describe()}: cannot prepare it: {describe(exc)}") from exc

    def signature(self) -> Hashable | None:
        """The revision, asked at most every ``poll_seconds`` (``None`` when the database
        does not answer: the last good store keeps being served)."""
        now = time.monotonic()
        with self._lock:
            wait = self.poll_seconds if self._ready else UNREACHABLE_RETRY_SECONDS
            if now - self._polled_at < wait and self._revision is not None:
                return self._revision
            self._polled_at = now
            if not self.ready():
                self._revision = UNREACHABLE
                return UNREACHABLE
            try:
                with self.engine.connect() as conn:
                    revision = conn.execute(
                        select(knowledge_store.c.revision).where(knowledge_store.c.id == 1)
                    ).scalar_one_or_none()
            except SQLAlchemyError as exc:
                problem = f"cannot ask {self.describe()} for its revision: {describe(exc)}"
                if self.problem != problem:
                    log.warning("%s; still serving revision %s", problem, self._revision)
                self.problem = problem  # /healthz shows it: the store served may be stale
                return None
            self._revision, self.problem = revision, None
            return revision

    def load(self) -> tuple[KnowledgeFile, str | None]:
        if not self.ready():
            return FileBackend(self.seed).load()
        try:
            with self.engine.connect() as conn:
                document = conn.execute(
                    select(knowledge_store.c.document).where(knowledge_store.c.id == 1)
                ).scalar_one_or_none()
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.describe()}: cannot read it: {describe(exc)}") from exc
        if document is None:
            raise StoreError(f"{self.describe()}: no knowledge store there")
        digest = hashlib.sha256(document.encode()).hexdigest()
        return _parse(document, self.describe()), digest

    def update(self, change: Change[T], *, expected_revision: int | None = None) -> T:
        if not self.ready():
            raise StoreError(f"{self.problem}; nothing was written")
        try:
            with self.engine.begin() as conn:
                row = conn.execute(
                    select(knowledge_store.c.document)
                    .where(knowledge_store.c.id == 1)
                    .with_for_update()
                ).first()
                current = _parse(row.document, self.describe()) if row else KnowledgeFile()
                check_revision(current, expected_revision)
                new, result = change(current)
                if new is not None:
                    written = bump(current, new)
                    values = {
                        "revision": written.revision,
                        "document": dump_knowledge(written),
                        "updated_at": dt.datetime.now(dt.UTC),
                    }
                    if row is None:
                        conn.execute(knowledge_store.insert().values(id=1, **values))
                    else:
                        conn.execute(
                            knowledge_store.update()
                            .where(knowledge_store.c.id == 1)
                            .values(**values)
                        )
                return result
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.describe()}: cannot write it: {describe(exc)}") from exc
