"""Conversation context in the state database: the ``ConversationStore`` of
``bot.core.answers.conversation`` on the ``conversations`` table, so a follow-up sent to
any web worker or instance continues the same conversation. A turn silent for longer than
``EXPIRY`` is forgotten (and deleted when the next turn of anyone is saved)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, select

from bot.core.answers import EXPIRY, Turn
from bot.edge.state.db import conversations
from bot.edge.state.rows import upsert


class DatabaseConversations:
    def __init__(self, engine: Engine, expiry: dt.timedelta = EXPIRY) -> None:
        self.engine = engine
        self.expiry = expiry

    def load(self, key: str, now: dt.datetime) -> Turn | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(
                    conversations.c.request,
                    conversations.c.base,
                    conversations.c.next_offset,
                    conversations.c.updated_at,
                ).where(conversations.c.key == key)
            ).first()
        if row is None or now - row.updated_at > self.expiry:
            return None
        return Turn(row.request, row.next_offset, row.updated_at, base=row.base)

    def save(self, key: str, turn: Turn) -> None:
        values = {
            "request": turn.request,
            "base": turn.base,
            "next_offset": turn.next_offset,
            "updated_at": turn.at,
        }
        with self.engine.begin() as conn:
            conn.execute(
                delete(conversations).where(conversations.c.updated_at < turn.at - self.expiry)
            )
            upsert(conn, conversations, {"key": key}, values)
