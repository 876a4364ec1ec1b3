"""The two ways the state tables are written: insert rows unless their key is taken, and
insert-or-update one row. Both are single statements the unique keys make safe when several
processes write at once, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, Table, and_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

CHUNK = 400  # rows per multi-row INSERT (well under SQLite's bound-parameter limit)


def insert_ignoring_duplicates(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> int:
    """INSERT rows, skipping those that hit a unique key; return how many were inserted."""
    if not rows:
        return 0
    dialect = conn.dialect.name
    key = list(table.primary_key.columns)
    values = [dict(row) for row in rows]
    # rowcount is not reliable for these statements on every driver; RETURNING is
    if dialect == "postgresql":
        pg_stmt = postgresql.insert(table).values(values).on_conflict_do_nothing()
        return len(conn.execute(pg_stmt.returning(*key)).all())
    if dialect == "sqlite":
        lite_stmt = sqlite.insert(table).values(values).on_conflict_do_nothing()
        return len(conn.execute(lite_stmt.returning(*key)).all())
    raise NotImplementedError(f"state database dialect {dialect!r} is not supported")


def upsert(
    conn: Connection, table: Table, key: Mapping[str, Any], values: Mapping[str, Any]
) -> bool:
    """Insert the row ``key`` + ``values``, or when a row with ``key`` exists, set its
    ``values``. True if the row was inserted."""
    if insert_ignoring_duplicates(conn, table, [{**key, **values}]):
        return True
    where = and_(*(table.c[name] == value for name, value in key.items()))
    conn.execute(update(table).where(where).values(**values))
    return False


class StateTable:
    """One kind of the bot's state, read and written on the shared engine; each method is
    one short transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
