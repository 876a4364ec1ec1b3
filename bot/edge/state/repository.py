"""The one interface to the state database, the same on SQLite and PostgreSQL.

Every method is one short transaction. The delivery ledger is how deliveries happen exactly
once: a row for (channel, kind, key) is *claimed* by inserting it (the unique constraint
lets one run win) before anything is posted, advanced part by part as Slack confirms each
message, and marked sent at the end. A row left ``sending`` by a run that died, or marked
``failed``, can be taken over by a later run with a compare-and-set on its owner; the taker
is told the row is ``resumed`` so it checks Slack for parts already posted.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Engine, Table, and_, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Row

from bot.core.notify.records import KINDS, Cadence, Claim, Delivery, Kind, Subscription
from bot.core.notify.updates import Alerted
from bot.edge.state.db import (
    calendar_tokens,
    channel_settings,
    clock_state,
    deliveries,
    handled_requests,
    seen_developments,
    subscriptions,
    workspace_roles,
)

SENDING = "sending"
SENT = "sent"
FAILED = "failed"

_CHUNK = 400  # rows per multi-row INSERT (well under SQLite's bound-parameter limit)


_OWNERS_IN_THIS_PROCESS: set[str] = set()


def new_owner() -> str:
    """An id for one delivery run: host, pid and a random part (pids are reused, e.g. pid 1
    in every container start). Call ``forget_owner`` when the run ends."""
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    _OWNERS_IN_THIS_PROCESS.add(owner)
    return owner


def forget_owner(owner: str) -> None:
    """The run ``owner`` has ended; rows it left unfinished may be taken over at once."""
    _OWNERS_IN_THIS_PROCESS.discard(owner)


def owner_is_gone(owner: str, me: str) -> bool:
    """Whether ``owner`` certainly no longer runs: it was on this host and its process is
    gone, or it carries this process's pid without being one of this process's owners (an
    earlier process that had the same pid). Owners on other hosts are only presumed gone
    once their lease runs out."""
    try:
        host, pid_text, _run = owner.rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return False
    if owner == me or host != socket.gethostname():
        return False
    if pid == os.getpid():
        return owner not in _OWNERS_IN_THIS_PROCESS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _insert_ignoring_duplicates(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> int:
    """INSERT rows, skipping those that hit a unique key; return how many were inserted."""
    if not rows:
        return 0
    dialect = conn.dialect.name
    key = list(table.primary_key.columns)
    # rowcount is not reliable for these statements on every driver; RETURNING is
    if dialect == "postgresql":
        pg_stmt = postgresql.insert(table).values(list(rows)).on_conflict_do_nothing()
        return len(conn.execute(pg_stmt.returning(*key)).all())
    if dialect == "sqlite":
        lite_stmt = sqlite.insert(table).values(list(rows)).on_conflict_do_nothing()
        return len(conn.execute(lite_stmt.returning(*key)).all())
    raise NotImplementedError(f"state database dialect {dialect!r} is not supported")


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


class StateRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- subscriptions -------------------------------------------------------------------

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
            inserted = _insert_ignoring_duplicates(
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

    # --- per-channel settings ----------------------------------------------------------------

    def set_timezone(
        self, channel_id: str, timezone: str | None, *, user_id: str, now: dt.datetime
    ) -> None:
        """Set (or with None, reset to the default) the channel's time zone."""
        values = {"timezone": timezone, "updated_by": user_id, "updated_at": now}
        with self.engine.begin() as conn:
            inserted = _insert_ignoring_duplicates(
                conn, channel_settings, [{"channel_id": channel_id, **values}]
            )
            if not inserted:
                conn.execute(
                    update(channel_settings)
                    .where(channel_settings.c.channel_id == channel_id)
                    .values(**values)
                )

    def timezones(self) -> dict[str, str]:
        """Channel -> the time zone it chose (channels on the default are absent)."""
        c = channel_settings.c
        with self.engine.begin() as conn:
            rows = conn.execute(select(c.channel_id, c.timezone).where(c.timezone.is_not(None)))
            return {row.channel_id: row.timezone for row in rows}

    # --- calendar feed tokens ------------------------------------------------------------------

    def calendar_token(
        self, team_id: str, *, new_token: str, user_id: str, now: dt.datetime, rotate: bool
    ) -> str:
        """The workspace's calendar token: the existing one, or ``new_token`` when there is
        none yet or ``rotate`` (the old address then stops working)."""
        c = calendar_tokens.c
        row = {"team_id": team_id, "token": new_token, "created_by": user_id, "created_at": now}
        with self.engine.begin() as conn:
            if _insert_ignoring_duplicates(conn, calendar_tokens, [row]):
                return new_token
            if rotate:
                conn.execute(
                    update(calendar_tokens)
                    .where(c.team_id == team_id)
                    .values(token=new_token, created_by=user_id, created_at=now)
                )
                return new_token
            return str(conn.execute(select(c.token).where(c.team_id == team_id)).scalar_one())

    def calendar_team(self, token: str) -> str | None:
        """The workspace whose calendar token is ``token``, if any."""
        c = calendar_tokens.c
        with self.engine.begin() as conn:
            found = conn.execute(select(c.team_id).where(c.token == token)).scalar_one_or_none()
        return str(found) if found is not None else None

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

    # --- admins and editors of each workspace ----------------------------------------------

    def add_role(
        self, team_id: str, role: str, user_id: str, *, added_by: str, now: dt.datetime
    ) -> bool:
        """Give ``user_id`` ``role`` in workspace ``team_id``; False if it already had it."""
        row = {
            "team_id": team_id,
            "role": role,
            "user_id": user_id,
            "added_by": added_by,
            "added_at": now,
        }
        with self.engine.begin() as conn:
            return bool(_insert_ignoring_duplicates(conn, workspace_roles, [row]))

    def remove_role(self, team_id: str, role: str, user_id: str) -> bool:
        c = workspace_roles.c
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    delete(workspace_roles).where(
                        c.team_id == team_id, c.role == role, c.user_id == user_id
                    )
                ).rowcount
            )

    def role_holders(self, team_id: str, role: str) -> list[str]:
        c = workspace_roles.c
        query = select(c.user_id).where(c.team_id == team_id, c.role == role).order_by(c.user_id)
        with self.engine.begin() as conn:
            return list(conn.execute(query).scalars())

    # --- developments already seen by the alert poll --------------------------------------

    def seen(self) -> dict[str, dt.datetime]:
        with self.engine.begin() as conn:
            rows = conn.execute(select(seen_developments))
            return {row.development_id: row.first_seen_at for row in rows}

    def add_seen(self, first_seen: Mapping[str, dt.datetime]) -> int:
        """Record developments not seen before; those already recorded keep their time."""
        rows = [{"development_id": k, "first_seen_at": v} for k, v in first_seen.items()]
        inserted = 0
        with self.engine.begin() as conn:
            for start in range(0, len(rows), _CHUNK):
                chunk = rows[start : start + _CHUNK]
                inserted += _insert_ignoring_duplicates(conn, seen_developments, chunk)
        return inserted

    # --- clock bookkeeping -----------------------------------------------------------------

    def get_state(self, name: str) -> str | None:
        with self.engine.begin() as conn:
            return conn.execute(
                select(clock_state.c.value).where(clock_state.c.name == name)
            ).scalar_one_or_none()

    def set_state(self, name: str, value: str, *, now: dt.datetime) -> None:
        with self.engine.begin() as conn:
            inserted = _insert_ignoring_duplicates(
                conn, clock_state, [{"name": name, "value": value, "updated_at": now}]
            )
            if not inserted:
                conn.execute(
                    update(clock_state)
                    .where(clock_state.c.name == name)
                    .values(value=value, updated_at=now)
                )

    def set_state_if_absent(self, name: str, value: str, *, now: dt.datetime) -> bool:
        with self.engine.begin() as conn:
            return bool(
                _insert_ignoring_duplicates(
                    conn, clock_state, [{"name": name, "value": value, "updated_at": now}]
                )
            )

    # --- the delivery ledger -----------------------------------------------------------------

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
            inserted = _insert_ignoring_duplicates(
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

    # --- Slack requests already handled (shared by every web process) ----------------------

    def first_time_handled(self, key: str, *, now: dt.datetime) -> bool:
        """Record ``key`` (an event id or a request signature); True if no process had
        recorded it before."""
        with self.engine.begin() as conn:
            return bool(
                _insert_ignoring_duplicates(
                    conn, handled_requests, [{"key": key[:200], "seen_at": now}]
                )
            )

    def forget_handled_before(self, cutoff: dt.datetime) -> int:
        """Drop records older than ``cutoff`` (Slack stops retrying within minutes)."""
        with self.engine.begin() as conn:
            return int(
                conn.execute(
                    delete(handled_requests).where(handled_requests.c.seen_at < cutoff)
                ).rowcount
                or 0
            )
