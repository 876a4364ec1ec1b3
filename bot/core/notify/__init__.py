"""What is delivered and when: subscriptions and the delivery ledger's records, alerts,
thread updates, corrections, reminders, exports and saved searches, all pure (a period's
digest and deadlines are ``bot.core.periods``). The edge imports these names from here."""

from bot.core.notify.alerts import due_alerts, first_seen_times, parse_alert_filters
from bot.core.notify.cadence import DuePeriod, due_period, zone_or_none
from bot.core.notify.chart_data import ChartData, chart_data
from bot.core.notify.corrections import correction_text, due_corrections
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
from bot.core.notify.reminders import DueReminder, due_reminders, parse_reminder_filters
from bot.core.notify.saved_search import SavedSearch
from bot.core.notify.updates import Alerted, DueUpdate, due_updates, tracked_facts

__all__ = [
    "CADENCES",
    "FORMATS",
    "KINDS",
    "Alerted",
    "Cadence",
    "ChartData",
    "Claim",
    "Delivery",
    "DuePeriod",
    "DueReminder",
    "DueUpdate",
    "Kind",
    "SavedSearch",
    "Subscription",
    "chart_data",
    "correction_text",
    "due_alerts",
    "due_corrections",
    "due_period",
    "due_reminders",
    "due_updates",
    "first_seen_times",
    "parse_alert_filters",
    "parse_reminder_filters",
    "select_for_export",
    "split_format",
    "tracked_facts",
    "zone_or_none",
]
