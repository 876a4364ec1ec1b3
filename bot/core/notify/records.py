"""Plain records read from the state database (no I/O here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Kind = Literal["digest", "alerts", "reminders", "updates", "exports", "correction", "review"]
KINDS: tuple[Kind, ...] = ("digest", "alerts", "reminders")
"""What a channel can subscribe to."""
LEDGER_KINDS: tuple[Kind, ...] = (*KINDS, "updates", "exports", "correction", "review")
"""What the delivery ledger records: the subscribed kinds, thread updates under alerts,
files exported on request, withdrawal notices under alerts and review cards."""

Cadence = Literal["monthly", "weekly"]
CADENCES: tuple[Cadence, ...] = ("monthly", "weekly")


@dataclass(frozen=True)
class Subscription:
    channel_id: str
    kind: Kind
    filters: str  # alert/reminder filters as the query parser reads them; "" for none
    created_by: str
    created_at: dt.datetime
    paused_at: dt.datetime | None = None
    pause_reason: str | None = None
    cadence: Cadence = "monthly"  # digests only
    team_id: str = ""  # the workspace ("" for subscriptions made before workspaces)
    enterprise_id: str | None = None  # its Enterprise Grid org, if any

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


@dataclass(frozen=True)
class Delivery:
    """One row of the delivery ledger: one (channel, kind, key) is delivered at most once."""

    id: int
    channel_id: str
    kind: Kind
    key: str
    status: str  # "sending" | "sent" | "failed"
    parts_total: int
    parts_sent: int
    owner: str
    first_claimed_at: dt.datetime
    claimed_at: dt.datetime
    sent_at: dt.datetime | None
    slack_ts: str | None
    attempts: int
    last_error: str | None
    facts: str | None = None
    """For alerts and thread updates: the development's tracked facts as sent (JSON)."""


@dataclass(frozen=True)
class Claim:
    """A ledger row this run now owns and must deliver (from ``parts_sent`` on).

    ``resumed`` is True when an earlier attempt may already have posted some parts (it died
    or failed mid-send): the sender must look for them in Slack before posting again.
    """

    id: int
    channel_id: str
    kind: Kind
    key: str
    owner: str
    payload: str
    parts_total: int
    parts_sent: int
    first_claimed_at: dt.datetime
    resumed: bool
    attempts: int
