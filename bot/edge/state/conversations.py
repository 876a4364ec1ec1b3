"""Conversation context in the state database: the ``ConversationStore`` of
``bot.core.answers.conversation`` on the ``conversations`` table, so a follow-up sent to
any web worker or instance continues the same conversation. A turn silent for longer than
``EXPIRY`` is forgotten (and deleted when the next turn of anyone is saved).

Context is a convenience: when the database cannot be read or written (locked by a long
write, down), the request is answered without it (``load`` gives ``None``, ``save`` is
skipped) and a warning is logged; it never turns an answer into an apology."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import SQLAlchemyError

from bot.core.answers import EXPIRY, Turn
from bot.edge.state.db import conversations
from bot.edge.state.rows import upsert

log = logging.getLogger(__name__)


class DatabaseConversations:
    def __init__(self, engine: Engine, expiry: dt.timedelta = EXPIRY) -> None:
        self.engine = engine
        self.expiry = expiry

    def load(self, key: str, now: dt.datetime) -> Turn | None:
        try:
            return self._load(key, now)
        except SQLAlchemyError as exc:
            log.warning("answering without conversation context: %s", type(exc).__name__)
            return None

    def save(self, key: str, turn: Turn) -> None:
        try:
            self._save(key, turn)
        except SQLAlchemyError as exc:
            log.warning("conversation context not saved: %s", type(exc).__name__)

    def _load(self, key: str, now: dt.datetime) -> Turn | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(
                    conversations.c.request,
                    conversations.c.base,
                    conversations.c.next_offset,
                    conversations.c.shown,
                    conversations.c.updated_at,
                ).where(conversations.c.key == key)
            ).first()
        if row is None or now - row.updated_at > self.expiry:
            return None
        return Turn(
            row.request, row.next_offset, row.updated_at, base=row.base, shown=row.shown or 0
        )

    def _save(self, key: str, turn: Turn) -> None:
        values = {
            "request": turn.request,
            "base": turn.base,
            "next_offset": turn.next_offset,
            "shown": turn.shown,
            "updated_at": turn.at,
        }
        with self.engine.begin() as conn:
            conn.execute(
                delete(conversations).where(conversations.c.updated_at < turn.at - self.expiry)
            )
            upsert(conn, conversations, {"key": key}, values)
