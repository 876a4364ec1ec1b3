"""The delivery ledger: how deliveries happen exactly once. A row for (channel, kind, key) is
*claimed* by inserting it (the unique constraint lets one run win) before anything is posted,
advanced part by part as Slack confirms each message, and marked sent at the end. A row left
``sending`` by a run that died, or marked ``failed``, can be taken over by a later run with a
compare-and-set on its owner; the taker is told the row is ``resumed`` so it checks Slack for
parts already posted."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import and_, func, select, update
from sqlalchemy.engine import Row

from bot.core.notify import Alerted, Claim, Delivery, Kind
from bot.edge.state.db import deliveries
from bot.edge.state.owners import owner_is_gone
from bot.edge.state.rows import StateTable, insert_ignoring_duplicates

SENDING = "sending"
SENT = "sent"
FAILED = "failed"


def _delivery(row: Row[Any]) -> Delivery:
    return Delivery(
        id=row.id,
        channel_id=row.channel_id,
        kind=cast(Kind, row.kind),
        key=row.key,
        status=row.status,
        parts_total=row.parts_total,
        parts_sent=row.parts_sent,
        owner=row.owner,
        first_claimed_at=row.first_claimed_at,
        claimed_at=row.claimed_at,
        sent_at=row.sent_at,
        slack_ts=row.slack_ts,
        attempts=row.attempts,
        last_error=row.last_error,
        facts=row.facts,
    )


class DeliveryLedger(StateTable):
    def claim(
        self,
        channel_id: str,
        kind: Kind,
        key: str,
        *,
        payload: str,
        parts_total: int,
        owner: str,
        now: dt.datetime,
        lease: dt.timedelta,
        max_attempts: int,
        facts: str | None = None,
    ) -> Claim | None:
        """Claim (channel, kind, key) for ``owner`` before sending anything.

        A new row is inserted ``sending``. An existing row is taken over only when it is
        ``failed`` with attempts left, or ``sending`` for a run that is gone (same host, dead
        process) or whose lease (``claimed_at`` + ``lease``) has run out. Returns None when
        the row is sent, given up, or being delivered by a live run right now."""
        c = deliveries.c
        where = and_(c.channel_id == channel_id, c.kind == kind, c.key == key)
        with self.engine.begin() as conn:
            inserted = insert_ignoring_duplicates(
                conn,
                deliveries,
                [
                    {
                        "channel_id": channel_id,
                        "kind": kind,
                        "key": key,
                        "status": SENDING,
                        "parts_total": parts_total,
                        "parts_sent": 0,
                        "payload": payload,
                        "owner": owner,
                        "first_claimed_at": now,
                        "claimed_at": now,
                        "attempts": 1,
                        "facts": facts,
                    }
                ],
            )
            row = conn.execute(select(deliveries).where(where)).one()
            if inserted:
                return self._claim(row, resumed=False)
            if row.status == SENT:
                return None
            if row.status == FAILED and row.attempts >= max_attempts:
                return None
            if row.status == SENDING and not (
                row.claimed_at + lease <= now or owner_is_gone(row.owner, owner)
            ):
                return None
            taken = conn.execute(
                update(deliveries)
                .where(c.id == row.id, c.owner == row.owner, c.status == row.status)
                .values(owner=owner, status=SENDING, claimed_at=now, attempts=c.attempts + 1)
            ).rowcount
            if taken != 1:
                return None
            row = conn.execute(select(deliveries).where(c.id == row.id)).one()
            return self._claim(row, resumed=True)

    @staticmethod
    def _claim(row: Row[Any], *, resumed: bool) -> Claim:
        return Claim(
            id=row.id,
            channel_id=row.channel_id,
            kind=cast(Kind, row.kind),
            key=row.key,
            owner=row.owner,
            payload=row.payload,
            parts_total=row.parts_total,
            parts_sent=row.parts_sent,
            first_claimed_at=row.first_claimed_at,
            resumed=resumed,
            attempts=row.attempts,
        )

    def record_part(
        self, claim: Claim, *, parts_sent: int, slack_ts: str | None, now: dt.datetime
    ) -> bool:
        """Slack confirmed parts up to ``parts_sent``; also renews the lease. False if this
        run no longer owns the row (it must stop)."""
        c = deliveries.c
        with self.engine.begin() as conn:
            return (
                conn.execute(
                    update(deliveries)
                    .where(c.id == claim.id, c.owner == claim.owner, c.status == SENDING)
                    .values(
                        parts_sent=parts_sent,
                        claimed_at=now,
                        slack_ts=func.coalesce(c.slack_ts, slack_ts),
                    )
                ).rowcount
                == 1
            )

    def renew(self, claim: Claim, *, now: dt.datetime) -> bool:
        """Renew the lease of a delivery in progress (``claimed_at`` = ``now``), so no other
        run takes it over while this one waits on Slack. False if this run no longer owns
        the row."""
        c = deliveries.c
        with self.engine.begin() as conn:
            return (
                conn.execute(
                    update(deliveries)
                    .where(c.id == claim.id, c.owner == claim.owner, c.status == SENDING)
                    .values(claimed_at=now)
                ).rowcount
                == 1
            )

    def finish(self, claim: Claim, *, now: dt.datetime) -> bool:
        c = deliveries.c
        with self.engine.begin() as conn:
            return (
                conn.execute(
                    update(deliveries)
                    .where(c.id == claim.id, c.owner == claim.owner, c.status == SENDING)
                    .values(
                        status=SENT,
                        parts_sent=c.parts_total,
                        sent_at=now,
                        claimed_at=now,
                        last_error=None,
                    )
                ).rowcount
                == 1
            )

    def fail(self, claim: Claim, error: str, *, now: dt.datetime) -> bool:
        c = deliveries.c
        with self.engine.begin() as conn:
            return (
                conn.execute(
                    update(deliveries)
                    .where(c.id == claim.id, c.owner == claim.owner, c.status == SENDING)
                    .values(status=FAILED, last_error=error[:300], claimed_at=now)
                ).rowcount
                == 1
            )

    def deliveries(
        self, *, kind: Kind | None = None, channel_id: str | None = None
    ) -> list[Delivery]:
        c = deliveries.c
        query = select(deliveries).order_by(c.id)
        if kind is not None:
            query = query.where(c.kind == kind)
        if channel_id is not None:
            query = query.where(c.channel_id == channel_id)
        with self.engine.begin() as conn:
            return [_delivery(row) for row in conn.execute(query)]

    def settled(self, kind: Kind, *, max_attempts: int) -> set[tuple[str, str]]:
        """(channel, key) pairs of ``kind`` that need nothing more: sent, or given up."""
        c = deliveries.c
        query = select(c.channel_id, c.key).where(
            c.kind == kind,
            (c.status == SENT) | and_(c.status == FAILED, c.attempts >= max_attempts),
        )
        with self.engine.begin() as conn:
            return {(row.channel_id, row.key) for row in conn.execute(query)}

    def alerted(self) -> list[Alerted]:
        """For each (channel, development) alerted: the first alert's ``ts`` (its thread)
        and the facts of the latest alert, thread update or correction Slack took there (an
        editor's correction already told its change: no update repeats it)."""
        c = deliveries.c
        query = (
            select(c.channel_id, c.kind, c.key, c.slack_ts, c.facts)
            .where(c.kind.in_(("alerts", "updates", "correction")), c.status == SENT)
            .order_by(c.id)
        )
        threads: dict[tuple[str, str], str] = {}
        latest: dict[tuple[str, str], str] = {}
        with self.engine.begin() as conn:
            rows = list(conn.execute(query))
        for row in rows:
            dev_id = row.key if row.kind == "alerts" else row.key.rsplit("@", 1)[0]
            pair = (row.channel_id, dev_id)
            if row.kind == "alerts" and row.slack_ts:
                threads[pair] = row.slack_ts
            if row.facts:
                latest[pair] = row.facts
        return [
            Alerted(channel, dev_id, ts, latest[(channel, dev_id)])
            for (channel, dev_id), ts in threads.items()
            if (channel, dev_id) in latest
        ]

    def record_facts_if_missing(self, channel_id: str, key: str, facts: str) -> None:
        """Give an alert sent before facts were kept the development's facts now, so later
        changes can be told in its thread."""
        c = deliveries.c
        with self.engine.begin() as conn:
            conn.execute(
                update(deliveries)
                .where(
                    c.channel_id == channel_id,
                    c.kind == "alerts",
                    c.key == key,
                    c.facts.is_(None),
                )
                .values(facts=facts)
            )

    def alerts_without_facts(self) -> list[tuple[str, str]]:
        """(channel, development id) of alerts sent before facts were kept."""
        c = deliveries.c
        query = select(c.channel_id, c.key).where(
            c.kind == "alerts", c.status == SENT, c.facts.is_(None)
        )
        with self.engine.begin() as conn:
            return [(row.channel_id, row.key) for row in conn.execute(query)]
