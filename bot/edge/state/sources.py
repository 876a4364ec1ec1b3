"""The intake's own records in the state database: watched sources, the publisher memory,
and the e-mailed newsletters already read. Each method is one short transaction, the same on
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

from bot.core.knowledge.publisher_memory import Remembered, Role
from bot.core.knowledge.watch import Cadence, WatchedSource
from bot.edge.state.intake_tables import intake_messages, publisher_discards, watched_sources


class SourceExists(ValueError):
    """That address is watched already."""


def _source(row: Row[Any]) -> WatchedSource:
    return WatchedSource(
        id=row.id,
        url=row.url,
        cadence=cast(Cadence, row.cadence),
        name=row.name or "",
        added_by=row.added_by,
        added_at=row.added_at,
        last_polled_at=row.last_polled_at,
        last_success_at=row.last_success_at,
        last_error=row.last_error,
        failures=row.failures or 0,
        reported_down=bool(row.reported_down),
        items_added=row.items_added or 0,
        etag=row.etag,
        last_modified=row.last_modified,
    )


class IntakeRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- watched sources -----------------------------------------------------------------

    def add_source(self, source: WatchedSource) -> WatchedSource:
        """Raises ``SourceExists`` when the address is watched already."""
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    watched_sources.insert().values(
                        url=source.url,
                        cadence=source.cadence,
                        name=source.name,
                        added_by=source.added_by,
                        added_at=source.added_at,
                        failures=0,
                        reported_down=0,
                        items_added=0,
                    )
                )
                row = conn.execute(
                    select(watched_sources).where(watched_sources.c.url == source.url)
                ).one()
        except IntegrityError as exc:
            raise SourceExists(source.url) from exc
        return _source(row)

    def sources(self) -> list[WatchedSource]:
        """Every watched source, in the order they were added (their numbers in the list)."""
        with self.engine.begin() as conn:
            rows = conn.execute(select(watched_sources).order_by(watched_sources.c.id)).all()
        return [_source(row) for row in rows]

    def remove_source(self, source_id: int) -> bool:
        with self.engine.begin() as conn:
            gone = conn.execute(delete(watched_sources).where(watched_sources.c.id == source_id))
        return bool(gone.rowcount)

    def save_poll(self, source: WatchedSource) -> None:
        """Record what a poll did (the fields ``after_success``/``after_failure`` change)."""
        assert source.id is not None, "a source from the database has an id"
        with self.engine.begin() as conn:
            conn.execute(
                update(watched_sources)
                .where(watched_sources.c.id == source.id)
                .values(
                    last_polled_at=source.last_polled_at,
                    last_success_at=source.last_success_at,
                    last_error=source.last_error,
                    failures=source.failures,
                    reported_down=int(source.reported_down),
                    items_added=source.items_added,
                    etag=source.etag,
                    last_modified=source.last_modified,
                )
            )

    # --- publisher memory ----------------------------------------------------------------

    def remember(self, entry: Remembered, *, by: str, at: dt.datetime) -> None:
        with self.engine.begin() as conn:
            exists = conn.execute(
                select(publisher_discards.c.example).where(*self._key(entry))
            ).first()
            if exists is None:
                conn.execute(
                    publisher_discards.insert().values(
                        publisher=entry.publisher,
                        title_key=entry.title_key,
                        role=entry.role,
                        example=entry.example[:300],
                        discarded_by=by,
                        discarded_at=at,
                    )
                )

    def forget(self, entry: Remembered) -> bool:
        with self.engine.begin() as conn:
            gone = conn.execute(delete(publisher_discards).where(*self._key(entry)))
        return bool(gone.rowcount)

    def memory(self) -> list[Remembered]:
        with self.engine.begin() as conn:
            rows = conn.execute(select(publisher_discards)).all()
        return [Remembered(r.publisher, r.title_key, cast(Role, r.role), r.example) for r in rows]

    @staticmethod
    def _key(entry: Remembered) -> tuple[Any, ...]:
        return (
            publisher_discards.c.publisher == entry.publisher,
            publisher_discards.c.title_key == entry.title_key,
            publisher_discards.c.role == entry.role,
        )

    # --- e-mailed newsletters ------------------------------------------------------------

    def was_read(self, keys: list[str]) -> bool:
        """Whether any of ``keys`` was recorded as read (nothing is recorded)."""
        wanted = [k[:300] for k in keys if k]
        with self.engine.begin() as conn:
            seen = conn.execute(
                select(intake_messages.c.key).where(intake_messages.c.key.in_(wanted))
            ).first()
        return seen is not None

    def forget_read(self, keys: list[str]) -> None:
        """Take ``keys`` off the read list (the message was not stored after all)."""
        wanted = [k[:300] for k in keys if k]
        with self.engine.begin() as conn:
            conn.execute(delete(intake_messages).where(intake_messages.c.key.in_(wanted)))

    def first_time_read(self, keys: list[str], *, now: dt.datetime) -> bool:
        """Record ``keys`` (the message's Message-ID, its Slack file id) as read; False when
        any of them was read before (the message is not read again)."""
        wanted = [k[:300] for k in keys if k]
        try:
            with self.engine.begin() as conn:
                seen = conn.execute(
                    select(intake_messages.c.key).where(intake_messages.c.key.in_(wanted))
                ).first()
                if seen is not None:
                    return False
                for key in wanted:
                    conn.execute(intake_messages.insert().values(key=key, seen_at=now))
        except IntegrityError:  # another worker recorded it at the same moment
            return False
        return True
