"""The workspace's commands, the router's ``SubscriptionHandler``: ``subscribe``,
``unsubscribe``, ``subscriptions``, ``tz``, ``calendar``, ``export``, ``admins`` and
``editors``, and the editors' ``sources`` and ``review`` (their verbs, usage and audience
in ``bot.core.registry``), each answered by its module in
``bot.edge.delivery.workspace_commands`` (roles: ``bot.edge.delivery.roles``).

Who may change subscriptions: the workspace's admins (``/pi admins``), by default
``PI_ADMINS`` (empty: anyone). Every subscription belongs to the workspace it was made in
(the request's ``team_id``): a command only ever sees and changes its own workspace's. With
OAuth distribution the Slack calls use that workspace's token (``client_for``).

Replies are ``bot.core.answers.answer.Answer`` (``NOTICE`` or ``ERROR``); user text travels
only in ``query`` and ``not_understood``, which the renderers escape.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.core.answers.answer import Answer
from bot.core.answers.command import split_command
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.store import Store
from bot.core.notify.records import Cadence, Kind
from bot.core.registry import command_for
from bot.edge.delivery.roles import RoleCommands
from bot.edge.delivery.workspace_commands.calendar import calendar_command
from bot.edge.delivery.workspace_commands.describe import USAGE
from bot.edge.delivery.workspace_commands.export import export_command
from bot.edge.delivery.workspace_commands.intake import review_command, sources_command
from bot.edge.delivery.workspace_commands.listing import list_command
from bot.edge.delivery.workspace_commands.services import Origin, Services, error, utcnow
from bot.edge.delivery.workspace_commands.subscribe import (
    UNAVAILABLE,
    Subscribed,
    subscribe,
    subscribe_command,
    unavailable,
)
from bot.edge.delivery.workspace_commands.timezone import timezone_command
from bot.edge.delivery.workspace_commands.unsubscribe import unsubscribe_command
from bot.edge.state.db import StateError
from bot.edge.state.repository import StateRepository
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.core.answers.router import SubscriptionHandler

log = logging.getLogger(__name__)

Command = Callable[[Services, str, Sequence[str], Origin], Answer]


def _roles(name: str) -> Command:
    def command(services: Services, text: str, rest: Sequence[str], ctx: Origin) -> Answer:
        commands = RoleCommands(services.roles, now=services.now)
        return commands.handle(text, name, rest, ctx, services.client_of(ctx))

    return command


class SubscriptionCommands:
    """Implements the router's ``SubscriptionHandler``: ``handle(text, ctx) -> Answer``;
    and the typed ``subscribe(...)`` the subscription builder calls."""

    def __init__(
        self,
        repo: StateRepository,
        settings: Settings,
        *,
        client: WebClient | None = None,
        gazetteer: Gazetteer | None = None,
        now: Callable[[], dt.datetime] = utcnow,
        store: Callable[[], Store] | None = None,
        client_for: Callable[[str | None, str | None], WebClient | None] | None = None,
    ) -> None:
        self.services = Services(
            repo,
            settings,
            client=client,
            gazetteer=gazetteer,
            now=now,
            store=store,
            client_for=client_for,
        )
        self.repo = repo
        self.roles = self.services.roles
        # by the registry's names; tests/edge/delivery/test_workspace_commands.py checks
        # that every workspace command of the registry has its handler here
        self.commands: dict[str, Command] = {
            "subscribe": subscribe_command,
            "unsubscribe": unsubscribe_command,
            "subscriptions": list_command,
            "tz": timezone_command,
            "calendar": calendar_command,
            "export": export_command,
            "admins": _roles("admins"),
            "editors": _roles("editors"),
            "sources": sources_command,
            "review": review_command,
        }

    def handle(self, text: str, ctx: Origin) -> Answer:
        verb, rest_text = split_command(text)
        spec = command_for(verb)
        command = self.commands.get(spec.name) if spec is not None else None
        if command is None:
            return error(text, "Not a subscription command", USAGE)
        try:
            return command(self.services, text, rest_text.split(), ctx)
        except (StateError, SQLAlchemyError) as exc:
            log.error("subscription command failed on the state database: %s", type(exc).__name__)
            return error(text, UNAVAILABLE.headline, UNAVAILABLE.message)

    def subscribe(
        self,
        ctx: Origin,
        kinds: Sequence[Kind],
        *,
        filters: str = "",
        cadence: Cadence = "monthly",
    ) -> Subscribed:
        """Subscribe ``ctx.channel_id`` (``workspace_commands.subscribe``)."""
        try:
            return subscribe(self.services, ctx, kinds, filters=filters, cadence=cadence)
        except (StateError, SQLAlchemyError) as exc:
            log.error("subscribing failed on the state database: %s", type(exc).__name__)
            return unavailable()

    def bot_name_for(self, client: WebClient | None, team_id: str | None) -> str:
        return self.services.bot_name_for(client, team_id)


if TYPE_CHECKING:

    def _is_a_subscription_handler(commands: SubscriptionCommands) -> SubscriptionHandler:
        return commands  # mypy checks that the router accepts this handler
