"""The intake's tables in the state database: the watched sources, the publisher memory and
the e-mails already read. They are part of ``db.metadata`` (created on start by
``init_schema``, which imports this module), kept here so ``db.py`` stays one idea.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table

from bot.edge.state.db import UTCDateTime, metadata

watched_sources = Table(
    "watched_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", String(2000), nullable=False, unique=True),
    Column("cadence", String(16), nullable=False),  # "hourly" | "daily" | "weekly"
    Column("name", String(80), nullable=False, default=""),
    Column("added_by", String(32), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("last_polled_at", UTCDateTime, nullable=True),
    Column("last_success_at", UTCDateTime, nullable=True),
    Column("last_error", String(300), nullable=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("reported_down", Integer, nullable=False, default=0),  # 0/1
    Column("items_added", Integer, nullable=False, default=0),
    Column("etag", String(300), nullable=True),
    Column("last_modified", String(100), nullable=True),
)
"""Feeds and pages the editors watch (``/pi sources add URL``), polled by the clock. New
tables are made by ``create_all`` on start, so they need no migration entry."""

publisher_discards = Table(
    "publisher_discards",
    metadata,
    Column("publisher", String(200), primary_key=True),  # normalised
    Column("title_key", String(300), primary_key=True),
    Column("role", String(16), primary_key=True),  # "heading" | "item"
    Column("example", String(300), nullable=False),
    Column("discarded_by", String(32), nullable=False),
    Column("discarded_at", UTCDateTime, nullable=False),
)
"""What editors discarded as "not a development", per publisher (the publisher memory)."""

intake_messages = Table(
    "intake_messages",
    metadata,
    Column("key", String(300), primary_key=True),  # "msgid:<Message-ID>" or "file:<id>"
    Column("seen_at", UTCDateTime, nullable=False),
)
"""E-mailed newsletters already read, so the same message is never read twice."""
