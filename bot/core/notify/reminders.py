"""Deadline reminders: which (channel, development, date, lead time) reminders are due.

A channel subscribed to reminders (``/pi subscribe reminders [filters]``) gets one message

- 30 days and 7 days before a law or rule takes effect (``effective_date``), and
- 7 days before a draft's public comment period closes (``comment_deadline``),

each once (the ledger key names the development, the event, its date and the lead time, so
a date that moves is reminded of again). A reminder is due from ``hour`` local time on its
day until the event; when the clock was down past a shorter lead time, only the shorter one
goes out. Only publishable developments are reminded of. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Set
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.review import is_published
from bot.core.knowledge.store import Store
from bot.core.notify.records import Subscription
from bot.core.notify.saved_search import SavedSearch, parse_saved_search
from bot.core.periods.deadlines import LEAD_DAYS, Deadline, deadlines


def parse_reminder_filters(text: str, gazetteer: Gazetteer | None = None) -> SavedSearch:
    """A reminder subscription's saved search (no filters: every dated development)."""
    return parse_saved_search(text, gazetteer, default_categories=frozenset())


@dataclass(frozen=True)
class DueReminder:
    channel_id: str
    deadline: Deadline
    lead_days: int
    days_left: int
    key: str


def reminder_key(deadline: Deadline, lead_days: int) -> str:
    return f"{deadline.development.id}:{deadline.event}:{deadline.day.isoformat()}:T-{lead_days}"


def _lead_due(deadline: Deadline, local: dt.datetime, hour: int) -> tuple[int, int] | None:
    """(lead days, days left) of the reminder due at ``local`` for ``deadline``, if any: the
    shortest lead whose moment (``hour`` local time, that many days before) has come."""
    if local.date() >= deadline.day:
        return None
    opened = [
        lead
        for lead in LEAD_DAYS[deadline.event]
        if local >= _at(deadline.day - dt.timedelta(days=lead), hour, local.tzinfo)
    ]
    if not opened:
        return None
    return min(opened), (deadline.day - local.date()).days


def _at(day: dt.date, hour: int, zone: dt.tzinfo | None) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=zone)


def due_reminders(
    store: Store,
    subscriptions: Iterable[Subscription],
    settled: Set[tuple[str, str]],
    now: dt.datetime,
    zone_of: dict[str, ZoneInfo],
    default_zone: ZoneInfo,
    *,
    hour: int,
    gazetteer: Gazetteer | None = None,
) -> tuple[DueReminder, ...]:
    """The reminders due now, soonest deadline first within each channel."""
    dated = sorted(
        (d for dev in store.developments if is_published(dev) for d in deadlines(dev)),
        key=lambda d: (d.day, d.development.id, d.event),
    )
    due: list[DueReminder] = []
    for sub in subscriptions:
        if sub.kind != "reminders" or sub.paused:
            continue
        search = parse_reminder_filters(sub.filters, gazetteer)
        if not search.ok:
            continue
        local = now.astimezone(zone_of.get(sub.channel_id, default_zone))
        for deadline in dated:
            lead = _lead_due(deadline, local, hour)
            if lead is None or not search.matches(deadline.development, gazetteer):
                continue
            key = reminder_key(deadline, lead[0])
            if (sub.channel_id, key) in settled:
                continue
            due.append(DueReminder(sub.channel_id, deadline, lead[0], lead[1], key))
    return tuple(due)
