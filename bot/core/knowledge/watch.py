"""Watched sources: feeds and pages an editor registered, polled on a cadence.

Pure rules, no I/O: when a source is due, what a poll's outcome does to its record, when a
failing source is reported (once, after ``FAILURES_BEFORE_REPORT`` failures in a row) and
when its recovery is. The state database keeps the records (``bot/edge/state/sources.py``);
the clock polls (``bot/edge/intake/polling.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal, get_args

Cadence = Literal["hourly", "daily", "weekly"]
CADENCES: tuple[Cadence, ...] = get_args(Cadence)
DEFAULT_CADENCE: Cadence = "daily"
INTERVALS: dict[Cadence, dt.timedelta] = {
    "hourly": dt.timedelta(hours=1),
    "daily": dt.timedelta(days=1),
    "weekly": dt.timedelta(weeks=1),
}
FAILURES_BEFORE_REPORT = 3
"""A source failing this many polls in a row is reported to the editors, once."""
MAX_NAME_CHARS = 80
MAX_ERROR_CHARS = 300


@dataclass(frozen=True)
class WatchedSource:
    """One registered feed or page and what its polls did so far."""

    url: str
    cadence: Cadence
    name: str
    added_by: str
    added_at: dt.datetime
    id: int | None = None
    last_polled_at: dt.datetime | None = None
    last_success_at: dt.datetime | None = None
    last_error: str | None = None
    failures: int = 0
    """Failed polls in a row (0 after a success)."""
    reported_down: bool = False
    """The editors were told it is failing (so they are not told again until it recovers)."""
    items_added: int = 0
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Notice:
    """Something the editors are told about a source (posted to the review channel)."""

    kind: Literal["down", "recovered"]
    source: WatchedSource

    @property
    def text(self) -> str:
        """Plain text (the edge escapes it for Slack)."""
        name = self.source.name or self.source.url
        if self.kind == "down":
            return (
                f"The watched source {name} ({self.source.url}) failed "
                f"{self.source.failures} times in a row: {self.source.last_error}. "
                "I keep trying on its schedule and will say when it works again; "
                "`/pi sources remove` stops it."
            )
        return f"The watched source {name} ({self.source.url}) works again."


def is_due(source: WatchedSource, now: dt.datetime) -> bool:
    """Never polled, or its cadence's interval has passed since the last poll."""
    if source.last_polled_at is None:
        return True
    return now - source.last_polled_at >= INTERVALS[source.cadence]


def due_sources(sources: list[WatchedSource], now: dt.datetime) -> list[WatchedSource]:
    """The sources to poll now, the longest-waiting first."""
    due = [s for s in sources if is_due(s, now)]
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(due, key=lambda s: s.last_polled_at or epoch)


def after_success(
    source: WatchedSource,
    now: dt.datetime,
    *,
    added: int,
    etag: str | None,
    last_modified: str | None,
) -> tuple[WatchedSource, Notice | None]:
    """The record after a poll that worked (new entries or a 304), and the recovery notice
    when the editors had been told it was failing."""
    updated = replace(
        source,
        last_polled_at=now,
        last_success_at=now,
        last_error=None,
        failures=0,
        reported_down=False,
        items_added=source.items_added + added,
        etag=etag if etag is not None else source.etag,
        last_modified=last_modified if last_modified is not None else source.last_modified,
    )
    notice = Notice("recovered", updated) if source.reported_down else None
    return updated, notice


def after_failure(
    source: WatchedSource, now: dt.datetime, error: str
) -> tuple[WatchedSource, Notice | None]:
    """The record after a failed poll, and the one "down" notice when this failure is the
    ``FAILURES_BEFORE_REPORT``-th in a row (never again until it recovers)."""
    failures = source.failures + 1
    report = failures >= FAILURES_BEFORE_REPORT and not source.reported_down
    updated = replace(
        source,
        last_polled_at=now,
        last_error=" ".join(error.split())[:MAX_ERROR_CHARS] or "unknown error",
        failures=failures,
        reported_down=source.reported_down or report,
    )
    return updated, (Notice("down", updated) if report else None)
