"""The knowledge store of a deployment in PostgreSQL, and the choice of store.

With ``DATABASE_URL`` on PostgreSQL, every process of the deployment (web workers, Socket
Mode, the clock, the CLI), on any machine, reads and writes the knowledge in the database:
one row per development and per newsletter (``knowledge_rows``) and a revision that every
write advances. A write locks the revision row, writes only the rows it changes and
advances the revision in one transaction, then notifies (``LISTEN``/``NOTIFY``); every
process applies the rows written since the revision it serves (``changes``), woken by the
notification or, failing that, by polling. After start-up no process reads the whole store
again.

Request threads never wait for the database: the store is ``polled_in_background`` (the
``LiveStore`` serves its last snapshot and a daemon thread refreshes it), and every session
has connect, statement and lock timeouts (``db.make_engine``). ``problem`` says why the
database is not answering, for ``/healthz``.

An empty database is filled at first start from the old single-document table
``knowledge_store`` when there is one (revision and history kept), else from the store file
(``knowledge/developments.json`` or ``$PI_KNOWLEDGE_FILE``). A database that cannot be
reached at start is not fatal: the process serves that file, says so, keeps trying, and
switches to the database as soon as it answers; writes are refused meanwhile. With SQLite
(one machine), the JSON file stays the store (``FileBackend``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Hashable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import Engine, Row
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import (
    Change,
    Delta,
    FileBackend,
    KnowledgeBackend,
    StoreError,
)
from bot.core.knowledge.store.backend import RecordsChange, bump, check_revision
from bot.core.knowledge.store.delta import apply, diff
from bot.edge.state.db import describe, make_engine
from bot.edge.state.knowledge_listen import Listener
from bot.edge.state.knowledge_load import changes_in, first_start, load_all
from bot.edge.state.knowledge_rows import (
    developments_by_id,
    meta_row,
    set_revision,
    store_digest,
    write_changes,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_POLL_SECONDS = 1.0
"""How often a process asks the database whether the store changed, when no notification
woke it first (well inside 2 s)."""
UNREACHABLE_RETRY_SECONDS = 10.0
"""How often a process whose database is down at start tries it again."""
UNREACHABLE = "database unreachable"
"""The signature while the database cannot be reached (then the seed file is served)."""
SLOW_ANSWER_SECONDS = 2.0
"""A revision poll unanswered for this long is reported as the database's problem."""


def is_postgresql(url: str) -> bool:
    try:
        return make_url(url).get_backend_name() == "postgresql"
    except Exception:
        return False


def open_backend(database_url: str, store_file: Path, *, fold: bool = False) -> KnowledgeBackend:
    """The deployment's store: PostgreSQL when ``database_url`` names one (filled at first
    start), else the JSON file ``store_file``; ``fold``: a long-running process starting
    folds the file's change log into it first (a one-off command leaves it)."""
    if not is_postgresql(database_url):
        file = FileBackend(store_file)
        if not fold:
            return file
        try:
            file.fold()
        except (OSError, StoreError) as exc:  # read-only or broken: reading says what is wrong
            log.warning("could not fold the change log into %s: %s", store_file, exc)
        return file
    backend = PostgresBackend(make_engine(database_url, connect_timeout_s=10), seed=store_file)
    backend.ready()
    return backend


class PostgresBackend:
    polled_in_background = True

    def __init__(
        self, engine: Engine, *, seed: Path, poll_seconds: float = DEFAULT_POLL_SECONDS
    ) -> None:
        self.engine = engine
        self.seed = seed
        self.poll_seconds = poll_seconds
        self._ready = False
        self._tried_at = float("-inf")
        self._known: KnowledgeFile | None = None
        self._loaded_from_database = False
        self._store_id: str | None = None
        self._asking_since: float | None = None
        self._problem: str | None = None
        self._listener = Listener(engine)

    @property
    def problem(self) -> str | None:
        """Why the database is not the store served right now, or not answering (``None``
        when all is well); never waits for the database."""
        since = self._asking_since
        if since is not None and time.monotonic() - since > SLOW_ANSWER_SECONDS:
            waited = time.monotonic() - since
            return (
                f"{self.describe()} has not answered for {waited:.0f} s; "
                "serving the last store read"
            )
        return self._problem

    def _set_problem(self, problem: str | None) -> None:
        if problem is not None and problem != self._problem:
            log.error("%s", problem)
        self._problem = problem

    def describe(self) -> str:
        url = self.engine.url.render_as_string(hide_password=True)
        return f"the knowledge tables of {url}"

    def ready(self) -> bool:
        """Whether the database is reachable and prepared (tried again, at most every
        ``UNREACHABLE_RETRY_SECONDS``, until it is)."""
        if self._ready:
            return True
        now = time.monotonic()
        if now - self._tried_at < UNREACHABLE_RETRY_SECONDS:
            return False
        self._tried_at = now
        try:
            self._store_id = first_start(self.engine, self.seed, self.describe())
        except StoreError as exc:
            self._set_problem(f"{exc}; serving {self.seed} until it answers")
            return False
        self._ready = True
        self._set_problem(None)
        return True

    def signature(self) -> Hashable | None:
        """The revision, asked now (the refresher calls this; request threads never do).
        ``None`` when the database does not answer: the last store keeps being served."""
        if not self.ready():
            return UNREACHABLE
        self._asking_since = time.monotonic()
        try:
            with self.engine.connect() as conn:
                row = meta_row(conn)
        except SQLAlchemyError as exc:
            self._set_problem(f"cannot ask {self.describe()} for its revision: {describe(exc)}")
            return None
        finally:
            self._asking_since = None
        self._set_problem(None)
        return None if row is None else (row.store_id, row.revision)

    def close(self) -> None:
        """Close the listening connection (the store is no longer served)."""
        self._listener.close()

    def wait_for_change(self, timeout: float) -> None:
        """Return when the store may have changed: a notification, or ``timeout`` seconds."""
        if not (self._ready and self._listener.wait(timeout)):
            time.sleep(timeout)

    def load(self) -> tuple[KnowledgeFile, str | None]:
        self._loaded_from_database = False
        if not self.ready():
            return FileBackend(self.seed).load()
        try:
            with self._snapshot_read() as conn:
                knowledge, store_id = load_all(conn, self.describe())
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.describe()}: cannot read it: {describe(exc)}") from exc
        self._known, self._store_id = knowledge, store_id
        self._loaded_from_database = True
        return knowledge, store_digest(store_id, knowledge.revision)

    def changes(self, since: int) -> tuple[list[Delta], str | None] | None:
        if not (self._ready and self._loaded_from_database):
            return None  # what is served came from the seed file: read the database whole
        try:
            with self._snapshot_read() as conn:
                found = changes_in(conn, since, self._store_id, self.describe())
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.describe()}: cannot read changes: {describe(exc)}") from exc
        if found is None:
            return None
        return [found], store_digest(self._store_id, found.revision)

    def _snapshot_read(self) -> Connection:
        """A connection whose reads all see one moment of the store."""
        return self.engine.connect().execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )

    def update(self, change: Change[T], *, expected_revision: int | None = None) -> T:
        if not self.ready():
            raise StoreError(f"{self._problem}; nothing was written")
        if self._known is None:
            self.load()  # read the whole store before taking the writer lock, not under it
        try:
            with self.engine.begin() as conn:
                meta = meta_row(conn, lock=True)  # the writer lock: one write at a time
                current = self._current(conn, meta)
                check_revision(current, expected_revision)
                new, result = change(current)
                if new is None:
                    return result
                written = bump(current, new)
                delta = diff(current, written)
                write_changes(
                    conn,
                    written.revision,
                    delta.developments,
                    delta.removed,
                    delta.newsletters,
                    delta.removed_newsletters,
                )
                set_revision(conn, written.revision, written.schema_version)
            self._known = written
            return result
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.describe()}: cannot write it: {describe(exc)}") from exc

    def update_developments(self, ids: Collection[str], change: RecordsChange[T]) -> T:
        """Lock the revision row, read the rows of ``ids``, write the ones ``change``
        returns and advance the revision: one transaction; the rest of the store is neither
        read nor copied."""
        if not self.ready():
            raise StoreError(f"{self._problem}; nothing was written")
        try:
            with self.engine.begin() as conn:
                meta = meta_row(conn, lock=True)  # the writer lock: one write at a time
                if meta is None:
                    raise StoreError(f"{self.describe()}: no knowledge store there")
                try:
                    current = developments_by_id(conn, ids)
                except ValidationError as exc:
                    raise StoreError(
                        f"{self.describe()}: a record does not match the schema: {exc}"
                    ) from None
                written, result = change(current)
                if not written:
                    return result
                revision = int(meta.revision) + 1
                write_changes(conn, revision, written, (), (), ())
                set_revision(conn, revision, int(meta.schema_version))
            return result
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.describe()}: cannot write it: {describe(exc)}") from exc

    def _current(self, conn: Connection, meta: Row[Any] | None) -> KnowledgeFile:
        """The store at the locked revision: what this process knows plus the rows written
        since, or all of it read again."""
        known = self._known
        if known is not None and meta is not None and meta.store_id == self._store_id:
            if meta.revision == known.revision:
                return known  # nobody wrote since this process did
            found = changes_in(conn, known.revision, self._store_id, self.describe())
            if found is not None:
                return apply(known, [found])
        knowledge, self._store_id = load_all(conn, self.describe())
        return knowledge
