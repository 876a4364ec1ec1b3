"""The one interface to the state database, the same on SQLite and PostgreSQL: one class per
kind of state, each in its own module, combined here so the rest of the bot holds one object.
Every method is one short transaction."""

from __future__ import annotations

from bot.edge.state.calendar_tokens import CalendarTokens
from bot.edge.state.channel_settings import ChannelSettings
from bot.edge.state.clock_records import ClockRecords
from bot.edge.state.handled_requests import HandledRequests
from bot.edge.state.ledger import FAILED, SENDING, SENT, DeliveryLedger
from bot.edge.state.owners import forget_owner, new_owner, owner_is_gone
from bot.edge.state.role_records import RoleRecords
from bot.edge.state.subscription_records import WORKSPACE_PAUSE_REASON, SubscriptionRecords

__all__ = [
    "FAILED",
    "SENDING",
    "SENT",
    "WORKSPACE_PAUSE_REASON",
    "StateRepository",
    "forget_owner",
    "new_owner",
    "owner_is_gone",
]


class StateRepository(
    SubscriptionRecords,
    ChannelSettings,
    CalendarTokens,
    RoleRecords,
    ClockRecords,
    DeliveryLedger,
    HandledRequests,
):
    """Every kind of the bot's state on one engine."""
