"""The dates a development sets: it takes effect, or its comment period closes; and those
coming up in a span of days (``/pi upcoming``, deadline reminders, the calendar feed). Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from bot.core.knowledge.model import Development
from bot.core.knowledge.review import is_published
from bot.core.knowledge.store import Store

Event = Literal["effective", "comments"]
LEAD_DAYS: dict[Event, tuple[int, ...]] = {"effective": (30, 7), "comments": (7,)}
"""Days before each kind of date that a reminder goes out, longest first."""
EVENT_LABELS: dict[Event, str] = {
    "effective": "takes effect",
    "comments": "closes for public comment",
}


@dataclass(frozen=True)
class Deadline:
    """A date a development sets: it takes effect, or its comment period closes."""

    development: Development
    event: Event
    day: dt.date

    @property
    def label(self) -> str:
        return EVENT_LABELS[self.event]


def deadlines(dev: Development) -> tuple[Deadline, ...]:
    found: list[Deadline] = []
    if dev.effective_date is not None:
        found.append(Deadline(dev, "effective", dev.effective_date))
    if dev.comment_deadline is not None:
        found.append(Deadline(dev, "comments", dev.comment_deadline))
    return tuple(found)


def upcoming_deadlines(store: Store, first: dt.date, last: dt.date) -> tuple[Deadline, ...]:
    """Publishable deadlines dated ``first``..``last``, soonest first."""
    found = [
        deadline
        for dev in store.developments
        if is_published(dev)
        for deadline in deadlines(dev)
        if first <= deadline.day <= last
    ]
    return tuple(sorted(found, key=lambda d: (d.day, d.event, d.development.id)))
