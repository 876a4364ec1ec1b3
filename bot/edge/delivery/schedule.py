"""When digests are due: the schedule the clock keeps, from the settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.notify import Cadence, DuePeriod, due_period
from bot.settings import Settings


@dataclass(frozen=True)
class Schedule:
    digest_day: int = 1
    digest_hour: int = 9
    digest_timezone: str = "Asia/Shanghai"
    alert_poll_minutes: int = 5
    alert_window_days: int = 45
    digest_chart: bool = False  # the monthly digest carries a PNG chart (settings: on)

    @classmethod
    def from_settings(cls, settings: Settings) -> Schedule:
        return cls(
            digest_day=settings.digest_day,
            digest_hour=settings.digest_hour,
            digest_timezone=settings.digest_timezone,
            alert_poll_minutes=settings.alert_poll_minutes,
            alert_window_days=settings.alert_window_days,
            digest_chart=settings.digest_chart,
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.digest_timezone)

    def due_period(self, now: dt.datetime, cadence: Cadence, zone: ZoneInfo) -> DuePeriod:
        return due_period(now, cadence, zone, day=self.digest_day, hour=self.digest_hour)


def last_digest_time(now: dt.datetime, schedule: Schedule) -> dt.datetime:
    """The latest monthly digest moment at or before ``now`` (aware, in the default zone)."""
    return due_digest_month(now, schedule)[1]


def due_digest_month(now: dt.datetime, schedule: Schedule) -> tuple[str, dt.datetime]:
    """(month whose digest is due, the moment it became due) in the default zone."""
    period = schedule.due_period(now, "monthly", schedule.zone)
    return period.key, period.moment
