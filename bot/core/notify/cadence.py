"""When a channel's digest is due: monthly (the default) or weekly, in the channel's zone.

- monthly: on ``day`` of each month at ``hour`` local time, covering the month before
  (ledger key ``YYYY-MM``, as always);
- weekly: on Mondays at ``hour`` local time, covering the seven days before (Monday to
  Sunday; ledger key ``YYYY-Www`` of that week).

Local times follow the zone's rules, daylight saving included (``zoneinfo``). Pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.notify.records import Cadence
from bot.core.periods.digest import previous_month, week_key


@dataclass(frozen=True)
class DuePeriod:
    """The period whose digest is due at a given instant, and when it became due."""

    cadence: Cadence
    key: str  # YYYY-MM or YYYY-Www
    moment: dt.datetime  # aware, in the channel's zone
    first_day: dt.date


def zone_or_none(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name`` (``Europe/Berlin``), or None if there is none."""
    if not name or "\x00" in name or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _at(day: dt.date, hour: int, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=zone)


def due_period(
    now: dt.datetime, cadence: Cadence, zone: ZoneInfo, *, day: int, hour: int
) -> DuePeriod:
    """The latest digest of ``cadence`` due at or before ``now`` in ``zone``."""
    local = now.astimezone(zone)
    if cadence == "weekly":
        monday = local.date() - dt.timedelta(days=local.weekday())
        moment = _at(monday, hour, zone)
        if moment > local:
            monday -= dt.timedelta(days=7)
            moment = _at(monday, hour, zone)
        first = monday - dt.timedelta(days=7)
        return DuePeriod("weekly", week_key(first), moment, first)
    year, month = local.year, local.month
    moment = _at(dt.date(year, month, day), hour, zone)
    if moment > local:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        moment = _at(dt.date(year, month, day), hour, zone)
    key = previous_month(moment.date())
    first = dt.date(int(key[:4]), int(key[5:]), 1)
    return DuePeriod("monthly", key, moment, first)
