"""Each channel's subscriptions, per workspace: made, changed, paused and resumed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import and_, delete, select, update
from sqlalchemy.engine import Row

from bot.core.notify import KINDS, Cadence, Kind, Subscription
from bot.edge.state.db import subscriptions
from bot.edge.state.rows import StateTable, insert_ignoring_duplicates


def _subscription(row: Row[Any]) -> Subscription:
    return Subscription(
        channel_id=row.channel_id,
        kind=cast(Kind, row.kind),
        filters=row.filters,
        created_by=row.created_by,
        created_at=row.created_at,
        paused_at=row.paused_at,
        pause_reason=row.pause_reason,
        cadence=cast(Cadence, row.cadence or "monthly"),
        team_id=row.team_id,
        enterprise_id=row.enterprise_id,
    )


WORKSPACE_PAUSE_REASON = "the app was uninstalled from this workspace or its token revoked"
"""Why a workspace's subscriptions are paused by ``pause_workspace``; reinstalling the app
resumes exactly these (subscriptions paused for a channel's own reasons stay paused)."""


class SubscriptionRecords(StateTable):
    def subscribe(
        self,
        channel_id: str,
        kind: Kind,
        *,
        filters: str,
        user_id: str,
        now: dt.datetime,
        cadence: Cadence = "monthly",
        team_id: str = "",
        enterprise_id: str | None = None,
    ) -> tuple[Subscription, str]:
        """Create or update this channel's subscription of ``kind`` in workspace ``team_id``.

        Returns the subscription and what happened: ``created``, ``updated`` (new filters
        or cadence), ``resumed`` (it was paused) or ``unchanged``. An existing subscription
        keeps its ``created_at``, so changing filters never replays old alerts."""
        c = subscriptions.c
        where = and_(c.team_id == team_id, c.channel_id == channel_id, c.kind == kind)
        with self.engine.begin() as conn:
            inserted = insert_ignoring_duplicates(
                conn,
                subscriptions,
                [
                    {
                        "team_id": team_id,
                        "enterprise_id": enterprise_id,
                        "channel_id": channel_id,
                        "kind": kind,
                        "filters": filters,
                        "created_by": user_id,
                        "created_at": now,
                        "cadence": cadence,
                    }
                ],
            )
            row = conn.execute(select(subscriptions).where(where)).one()
            if inserted:
                return _subscription(row), "created"
            outcome = "unchanged"
            if row.paused_at is not None:
                outcome = "resumed"
            elif row.filters != filters or row.cadence != cadence:
                outcome = "updated"
            if outcome != "unchanged":
                conn.execute(
                    update(subscriptions)
                    .where(where)
                    .values(filters=filters, cadence=cadence, paused_at=None, pause_reason=None)
                )
                row = conn.execute(select(subscriptions).where(where)).one()
            return _subscription(row), outcome

    def unsubscribe(
        self, channel_id: str, kinds: Iterable[Kind] = KINDS, *, team_id: str | None = None
    ) -> list[Kind]:
        """Remove this channel's subscriptions of ``kinds`` in workspace ``team_id`` (None:
        in every workspace, for the operator); return the kinds removed."""
        wanted = list(kinds)
        c = subscriptions.c
        where = and_(c.channel_id == channel_id, c.kind.in_(wanted))
        if team_id is not None:
            where = and_(where, c.team_id == team_id)
        with self.engine.begin() as conn:
            present = conn.execute(select(c.kind).where(where)).scalars()
            removed = sorted({cast(Kind, k) for k in present}, key=KINDS.index)
            conn.execute(delete(subscriptions).where(where))
        return removed

    def subscriptions(
        self,
        *,
        team_id: str | None = None,
        channel_id: str | None = None,
        kind: Kind | None = None,
        active_only: bool = False,
    ) -> list[Subscription]:
        """Subscriptions of workspace ``team_id`` (None: of every workspace, for the clock
        and the operator's console only)."""
        c = subscriptions.c
        query = select(subscriptions).order_by(c.channel_id, c.kind, c.team_id)
        if team_id is not None:
            query = query.where(c.team_id == team_id)
        if channel_id is not None:
            query = query.where(c.channel_id == channel_id)
        if kind is not None:
            query = query.where(c.kind == kind)
        if active_only:
            query = query.where(c.paused_at.is_(None))
        with self.engine.begin() as conn:
            return [_subscription(row) for row in conn.execute(query)]

    def pause_channel(
        self, channel_id: str, reason: str, *, now: dt.datetime, team_id: str | None = None
    ) -> list[Kind]:
        """Pause every active subscription of a channel the bot cannot post to (only those
        of workspace ``team_id`` when given: a channel shared with another workspace may
        still be open to the other's bot)."""
        c = subscriptions.c
        where = and_(c.channel_id == channel_id, c.paused_at.is_(None))
        if team_id is not None:
            where = and_(where, c.team_id == team_id)
        with self.engine.begin() as conn:
            active = [cast(Kind, k) for k in conn.execute(select(c.kind).where(where)).scalars()]
            conn.execute(
                update(subscriptions).where(where).values(paused_at=now, pause_reason=reason[:200])
            )
        return active

    def pause_workspace(
        self, *, team_id: str | None, enterprise_id: str | None, now: dt.datetime
    ) -> int:
        """Pause the active subscriptions of a workspace the app left (``team_id``), or of a
        whole Enterprise Grid org (``team_id`` None); return how many were paused."""
        c = subscriptions.c
        where = c.team_id == team_id if team_id is not None else c.enterprise_id == enterprise_id
        if team_id is None and not enterprise_id:
            return 0
        with self.engine.begin() as conn:
            return int(
                conn.execute(
                    update(subscriptions)
                    .where(where, c.paused_at.is_(None))
                    .values(paused_at=now, pause_reason=WORKSPACE_PAUSE_REASON)
                ).rowcount
                or 0
            )

    def resume_workspace(self, *, team_id: str | None, enterprise_id: str | None) -> int:
        """Resume what ``pause_workspace`` paused, when the app is installed again."""
        c = subscriptions.c
        where = c.team_id == team_id if team_id is not None else c.enterprise_id == enterprise_id
        if team_id is None and not enterprise_id:
            return 0
        with self.engine.begin() as conn:
            return int(
                conn.execute(
                    update(subscriptions)
                    .where(where, c.pause_reason == WORKSPACE_PAUSE_REASON)
                    .values(paused_at=None, pause_reason=None)
                ).rowcount
                or 0
            )

    def adopt_unscoped(self, team_id: str) -> int:
        """Give subscriptions made before workspaces were recorded (``team_id`` "") to
        ``team_id``: the single workspace a bot token serves. Rows the workspace already has
        again are left as they are."""
        c = subscriptions.c
        mine = subscriptions.alias("mine")
        taken = (
            select(mine.c.id)
            .where(
                mine.c.team_id == team_id,
                mine.c.channel_id == c.channel_id,
                mine.c.kind == c.kind,
            )
            .exists()
        )
        with self.engine.begin() as conn:
            return int(
                conn.execute(
                    update(subscriptions).where(c.team_id == "", ~taken).values(team_id=team_id)
                ).rowcount
                or 0
            )
