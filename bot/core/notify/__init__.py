"""What is delivered and when: subscriptions and the delivery ledger's records, digests,
alerts, thread updates, corrections, reminders, exports and saved searches, all pure. The
edge imports these names from here.

Each name is imported from its module when first asked for: ``answers`` and ``notify``
still use each other's modules, so a package that imported all of its own on import
would import itself half-made.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.notify.alerts import due_alerts, first_seen_times, parse_alert_filters
    from bot.core.notify.cadence import DuePeriod, due_period, zone_or_none
    from bot.core.notify.chart_data import ChartData, chart_data
    from bot.core.notify.corrections import correction_text, due_corrections
    from bot.core.notify.digest import (
        Digest,
        build_digest,
        build_weekly_digest,
        parse_month,
        previous_month,
    )
    from bot.core.notify.exports import FORMATS, select_for_export, split_format
    from bot.core.notify.records import (
        CADENCES,
        KINDS,
        Cadence,
        Claim,
        Delivery,
        Kind,
        Subscription,
    )
    from bot.core.notify.reminders import (
        Deadline,
        DueReminder,
        due_reminders,
        parse_reminder_filters,
        upcoming_deadlines,
    )
    from bot.core.notify.saved_search import SavedSearch
    from bot.core.notify.updates import Alerted, DueUpdate, due_updates, tracked_facts

_HOMES = {
    "Alerted": "bot.core.notify.updates",
    "CADENCES": "bot.core.notify.records",
    "Cadence": "bot.core.notify.records",
    "ChartData": "bot.core.notify.chart_data",
    "Claim": "bot.core.notify.records",
    "Deadline": "bot.core.notify.reminders",
    "Delivery": "bot.core.notify.records",
    "Digest": "bot.core.notify.digest",
    "DuePeriod": "bot.core.notify.cadence",
    "DueReminder": "bot.core.notify.reminders",
    "DueUpdate": "bot.core.notify.updates",
    "FORMATS": "bot.core.notify.exports",
    "KINDS": "bot.core.notify.records",
    "Kind": "bot.core.notify.records",
    "SavedSearch": "bot.core.notify.saved_search",
    "Subscription": "bot.core.notify.records",
    "build_digest": "bot.core.notify.digest",
    "build_weekly_digest": "bot.core.notify.digest",
    "chart_data": "bot.core.notify.chart_data",
    "correction_text": "bot.core.notify.corrections",
    "due_alerts": "bot.core.notify.alerts",
    "due_corrections": "bot.core.notify.corrections",
    "due_period": "bot.core.notify.cadence",
    "due_reminders": "bot.core.notify.reminders",
    "due_updates": "bot.core.notify.updates",
    "first_seen_times": "bot.core.notify.alerts",
    "parse_alert_filters": "bot.core.notify.alerts",
    "parse_month": "bot.core.notify.digest",
    "parse_reminder_filters": "bot.core.notify.reminders",
    "previous_month": "bot.core.notify.digest",
    "select_for_export": "bot.core.notify.exports",
    "split_format": "bot.core.notify.exports",
    "tracked_facts": "bot.core.notify.updates",
    "upcoming_deadlines": "bot.core.notify.reminders",
    "zone_or_none": "bot.core.notify.cadence",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> object:
    """Import a public name from its module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
