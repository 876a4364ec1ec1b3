"""The deadlines as an iCalendar feed (RFC 5545, built with the ``icalendar`` library):
one all-day event per law taking effect and per comment period closing, for publishable
developments only. Outlook and Google Calendar subscribe to it by URL or import the file."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from bot.core.knowledge.store import Store
from bot.core.periods.deadlines import Deadline, upcoming_deadlines

PRODUCT_ID = "-//pi-bot//China privacy and cybersecurity deadlines//EN"
CALENDAR_NAME = "China privacy & cybersecurity deadlines"
_SUMMARY = {"effective": "Takes effect", "comments": "Comments close"}


def event_uid(deadline: Deadline) -> str:
    """Stable across feeds, so a calendar updates an event rather than adding another."""
    return f"{deadline.development.id}-{deadline.event}@pi-bot"


def calendar_ics(store: Store, *, now: dt.datetime) -> bytes:
    """Every publishable deadline in ``store`` as an iCalendar document."""
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", CALENDAR_NAME)
    for deadline in upcoming_deadlines(store, dt.date.min, dt.date.max):
        dev = deadline.development
        event = Event()
        event.add("uid", event_uid(deadline))
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("dtstart", deadline.day)
        event.add("dtend", deadline.day + dt.timedelta(days=1))
        event.add("summary", f"{_SUMMARY[deadline.event]}: {dev.title}")
        description = [dev.summary, *dev.links, f"id: {dev.id}"]
        event.add("description", "\n".join(description))
        if dev.links:
            event.add("url", dev.links[0])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return bytes(cal.to_ical())
