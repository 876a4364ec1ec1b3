"""Conversation context in the state database: shared by every worker, expiring, and added
to an older database by the schema migration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect

from bot.core.answers.conversation import Turn
from bot.edge.state.conversations import DatabaseConversations
from bot.edge.state.db import SCHEMA_VERSION, connect, conversations, schema_version

T0 = datetime(2022, 6, 15, 9, 0, tzinfo=UTC)


def test_saved_turns_are_read_back_by_another_connection(db_url: str) -> None:
    first = DatabaseConversations(connect(db_url))
    second = DatabaseConversations(connect(db_url))  # another worker
    first.save("T|D1|U1|-", Turn("how much? fines henan", 5, T0, base="fines henan"))
    again = second.load("T|D1|U1|-", T0 + timedelta(minutes=5))
    assert again == Turn("how much? fines henan", 5, T0, base="fines henan")
    second.save("T|D1|U1|-", Turn("latest", None, T0 + timedelta(minutes=6)))
    assert first.load("T|D1|U1|-", T0 + timedelta(minutes=7)) == Turn(
        "latest", None, T0 + timedelta(minutes=6)
    )
    assert first.load("T|D2|U1|-", T0) is None


def test_turns_expire_after_thirty_minutes_and_are_cleared(db_url: str) -> None:
    store = DatabaseConversations(connect(db_url))
    store.save("old", Turn("fines henan", None, T0))
    assert store.load("old", T0 + timedelta(minutes=31)) is None
    store.save("new", Turn("drafts", None, T0 + timedelta(hours=2)))
    with store.engine.connect() as conn:
        keys = [row.key for row in conn.execute(conversations.select())]
    assert keys == ["new"]


def test_an_older_database_gains_the_table(sqlite_url: str) -> None:
    engine = connect(sqlite_url)
    with engine.begin() as conn:
        conversations.drop(conn)
        conn.execute(schema_version.update().values(version=2))
    engine = connect(sqlite_url)
    assert "conversations" in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(schema_version.select()).first().version == SCHEMA_VERSION


def test_the_page_last_seen_is_kept(db_url: str) -> None:
    store = DatabaseConversations(connect(db_url))
    store.save("T|D1|U1|-", Turn("latest", 10, T0, shown=5))
    assert store.load("T|D1|U1|-", T0) == Turn("latest", 10, T0, shown=5)


def test_a_version_6_database_gains_the_page_column(sqlite_url: str) -> None:
    engine = connect(sqlite_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE conversations DROP COLUMN shown")
        conn.execute(schema_version.update().values(version=6))
    engine = connect(sqlite_url)
    assert "shown" in {c["name"] for c in inspect(engine).get_columns("conversations")}
    DatabaseConversations(engine).save("k", Turn("latest", 10, T0, shown=5))
    assert DatabaseConversations(engine).load("k", T0) == Turn("latest", 10, T0, shown=5)
