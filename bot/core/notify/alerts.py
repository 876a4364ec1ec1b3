"""Alerts on saved searches: which (channel, development) pairs are due. Pure selection, no I/O.

A development is alerted to a subscribing channel when all of these hold:

- it is published (``bot.core.knowledge.review.is_published``: approved by an editor and not
  withdrawn);
- the channel's saved search selects it (``bot.core.notify.saved_search``: no filters means
  new enforcement developments; ``all`` means everything; filters select as queries do);
- it is dated within ``window_days`` of now (a backfill of old newsletters alerts nobody);
- the alert poll first saw it in the store *after* the subscription was created (a channel
  that subscribes today is not flooded with what was already there);
- the delivery ledger has not settled it for that channel (sent, or given up).

A development counts as seen when it was approved (``Development.reviewed_at``): an
unreviewed one is not seen at all, so approval is what makes its alert due, at the next
poll. The very first poll of a new database records what is already in the store as seen
when it was approved or, for records approved before approval times were kept, when it was
added (``Development.added_at``), not "now", so turning the clock on for the first time does
not alert every subscriber about everything in the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Development
from bot.core.knowledge.review import is_published
from bot.core.knowledge.store import Store
from bot.core.notify.records import Subscription
from bot.core.notify.saved_search import ALERTS_DEFAULT, SavedSearch, parse_saved_search


def parse_alert_filters(text: str, gazetteer: Gazetteer | None = None) -> SavedSearch:
    """An alert subscription's saved search (no filters: new enforcement developments)."""
    return parse_saved_search(text, gazetteer, default_categories=ALERTS_DEFAULT)


@dataclass(frozen=True)
class DueAlert:
    channel_id: str
    development: Development


@dataclass(frozen=True)
class AlertSelection:
    due: tuple[DueAlert, ...]
    unreadable: tuple[Subscription, ...] = ()
    """Subscriptions whose stored filters no longer read cleanly (skipped, to be reported)."""


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def first_seen_times(
    developments: Iterable[Development],
    seen: Set[str],
    now: dt.datetime,
    *,
    first_poll: bool,
) -> dict[str, dt.datetime]:
    """When each published development not yet in ``seen`` counts as first seen: when it
    was approved, else now (on the first poll ever: when it was added); never later than
    now. Unpublished developments are not seen."""
    times: dict[str, dt.datetime] = {}
    for dev in developments:
        if dev.id in seen or not is_published(dev):
            continue
        if dev.reviewed_at is not None:
            times[dev.id] = min(now, _aware(dev.reviewed_at))
        else:
            times[dev.id] = min(now, _aware(dev.added_at)) if first_poll else now
    return times


def in_window(dev: Development, now: dt.datetime, window_days: int) -> bool:
    return dev.date >= now.date() - dt.timedelta(days=window_days)


def due_alerts(
    store: Store,
    subscriptions: Iterable[Subscription],
    seen: Mapping[str, dt.datetime],
    settled: Set[tuple[str, str]],
    now: dt.datetime,
    *,
    window_days: int,
    gazetteer: Gazetteer | None = None,
) -> AlertSelection:
    """The alerts due now, oldest development first within each channel."""
    candidates = sorted(
        (
            dev
            for dev in store.developments
            if is_published(dev) and dev.id in seen and in_window(dev, now, window_days)
        ),
        key=lambda d: (d.date, d.id),
    )
    due: list[DueAlert] = []
    unreadable: list[Subscription] = []
    for sub in subscriptions:
        if sub.kind != "alerts" or sub.paused:
            continue
        read = parse_alert_filters(sub.filters, gazetteer)
        if not read.ok:
            unreadable.append(sub)
            continue
        for dev in candidates:
            if (sub.channel_id, dev.id) in settled:
                continue
            if seen[dev.id] <= sub.created_at:
                continue
            if read.matches(dev, gazetteer):
                due.append(DueAlert(sub.channel_id, dev))
    return AlertSelection(tuple(due), tuple(unreadable))
