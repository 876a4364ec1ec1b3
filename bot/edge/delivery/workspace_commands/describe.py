"""Subscriptions in plain words: what each kind is called, what a saved one sends and when,
and how it is listed; the usage line of the subscription commands, from the registry."""

from __future__ import annotations

from bot.core.knowledge import Gazetteer
from bot.core.notify import (
    KINDS,
    Kind,
    SavedSearch,
    Subscription,
    parse_alert_filters,
    parse_reminder_filters,
)
from bot.core.registry import command_named
from bot.settings import Settings

USAGE = (
    ", ".join(
        f"`/pi {command_named(name).usage}`"
        for name in ("subscribe", "unsubscribe", "subscriptions", "tz")
    )
    + " (e.g. `/pi subscribe alerts CAC drafts`, `/pi tz Europe/Berlin`)."
)
KIND_LABELS: dict[Kind, str] = {
    "digest": "the digest",
    "alerts": "alerts",
    "reminders": "deadline reminders",
    "updates": "thread updates",
}
TARGETS: dict[str, tuple[Kind, ...]] = {
    "digest": ("digest",),
    "digests": ("digest",),
    "alerts": ("alerts",),
    "alert": ("alerts",),
    "reminders": ("reminders",),
    "reminder": ("reminders",),
    "all": KINDS,
    "both": ("digest", "alerts"),
}
SUBSCRIBE_ALL: tuple[Kind, ...] = ("digest", "alerts")
"""``/pi subscribe all``: the digest and alerts, as it always meant (reminders are asked for)."""
FILTERED: frozenset[Kind] = frozenset({"alerts", "reminders"})


def saved_search(kind: Kind, filters: str, gazetteer: Gazetteer | None) -> SavedSearch:
    """The saved search of an alerts or reminders subscription."""
    if kind == "reminders":
        return parse_reminder_filters(filters, gazetteer)
    return parse_alert_filters(filters, gazetteer)


def channel_ref(channel_id: str) -> str:
    return f"a direct message ({channel_id})" if channel_id.startswith("D") else f"<#{channel_id}>"


def describe(sub: Subscription, settings: Settings, zone: str, gaz: Gazetteer | None) -> str:
    """What a subscription sends, in plain words (``zone``: its channel's time zone)."""
    s = settings
    if sub.kind == "digest" and sub.cadence == "weekly":
        return (
            f"the weekly digest: every Monday at {s.digest_hour:02d}:00 ({zone}), "
            "covering the seven days before."
        )
    if sub.kind == "digest":
        return (
            f"the monthly digest: on day {s.digest_day} of each month at "
            f"{s.digest_hour:02d}:00 ({zone}), covering the month before."
        )
    search = saved_search(sub.kind, sub.filters, gaz)
    if sub.kind == "reminders":
        return (
            f"deadline reminders for {search.describe('developments')}: one message 30 "
            "and 7 days before a law takes effect and 7 days before a draft's comment "
            f"period closes, at {s.digest_hour:02d}:00 ({zone})."
        )
    return (
        f"alerts on {search.describe()}: one message per development, within about "
        f"{s.alert_poll_minutes} minutes of it arriving (developments already known are "
        "not sent again). When one changes later (adopted, in force, corrected, more "
        "sources), the change is posted once in the thread of its alert."
    )


def outcome_line(what_happened: str, description: str) -> str:
    what = {
        "created": "Subscribed this channel to",
        "updated": "Updated this channel's",
        "resumed": "Resumed this channel's",
        "unchanged": "This channel already gets",
    }[what_happened]
    return f"{what} {description}"
