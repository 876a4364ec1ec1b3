"""The subscription commands on the state database (``DATABASE_URL``), opened when first
needed, and what answers in their place while that database cannot be opened. Shared by the
Slack processes and the local console, each giving its one ``StateDatabase``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from slack_sdk import WebClient

from bot.core.answers import Answer, AnswerKind, Context, SubscriptionHandler
from bot.core.knowledge.store import Store
from bot.core.notify import Cadence, Kind
from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.delivery.workspace_commands.services import Origin
from bot.edge.delivery.workspace_commands.subscribe import (
    Subscribed,
    SubscriptionService,
    unavailable,
)
from bot.edge.state.database import StateDatabase
from bot.edge.state.db import StateError
from bot.settings import Settings

log = logging.getLogger(__name__)


class SubscriptionsUnavailable:
    """Stands in for the subscription commands when the state database cannot be opened."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def subscribe(
        self, ctx: Origin, kinds: Sequence[Kind], *, filters: str = "", cadence: Cadence = "monthly"
    ) -> Subscribed:
        return unavailable()

    def handle(self, text: str, ctx: Context) -> Answer:
        return Answer(
            kind=AnswerKind.ERROR,
            query=text[:200],
            headline="Subscriptions are unavailable right now.",
            message="The subscription database cannot be reached; nothing was changed. "
            "Please try again later or tell the bot's administrator.",
        )


ClientFor = Callable[[str | None, str | None], WebClient | None]
"""A Web API client for a workspace (team id, enterprise id), or None if not installed."""

COMMAND_BUSY_TIMEOUT_MS = 5_000
"""How long a subscription command in a Slack process waits for a SQLite lock held by
another process before telling the user the database is unavailable."""
CONNECT_TIMEOUT_S = 5
"""How long a Slack process waits for the PostgreSQL server to answer a connection."""


def subscriptions_for(
    state: StateDatabase,
    settings: Settings,
    client: WebClient | None,
    *,
    store: Callable[[], Store] | None = None,
    client_for: ClientFor | None = None,
) -> SubscriptionHandler:
    """The subscription commands on the process's state database."""
    try:
        repo = state.repository()
    except StateError as exc:
        log.error("state database unavailable, subscriptions are off: %s", exc)
        return SubscriptionsUnavailable(str(exc))
    return SubscriptionCommands(repo, settings, client=client, store=store, client_for=client_for)


class LazySubscriptions:
    """The subscription commands, opening the state database on first use rather than at
    start-up (the console must not create a database just by starting). A database that
    cannot be opened is tried again on the next command."""

    def __init__(
        self,
        state: StateDatabase,
        settings: Settings,
        client: WebClient | None,
        *,
        store: Callable[[], Store] | None = None,
        client_for: ClientFor | None = None,
    ) -> None:
        self._state = state
        self._settings = settings
        self._client = client
        self._store = store
        self._client_for = client_for
        self._handler: SubscriptionHandler | None = None
        self._lock = threading.Lock()

    def subscribe(
        self, ctx: Origin, kinds: Sequence[Kind], *, filters: str = "", cadence: Cadence = "monthly"
    ) -> Subscribed:
        """The typed subscription service (``SubscriptionCommands.subscribe``)."""
        handler = self._opened()
        if not isinstance(handler, SubscriptionService):
            return unavailable()
        return handler.subscribe(ctx, kinds, filters=filters, cadence=cadence)

    def _opened(self) -> SubscriptionHandler:
        with self._lock:
            handler = self._handler or subscriptions_for(
                self._state,
                self._settings,
                self._client,
                store=self._store,
                client_for=self._client_for,
            )
            if not isinstance(handler, SubscriptionsUnavailable):
                self._handler = handler
        return handler

    def handle(self, text: str, ctx: Context) -> Answer:
        return self._opened().handle(text, ctx)

    def repository(self) -> object | None:
        """The state repository behind the commands, for read-only listings (the App Home);
        ``None`` while the state database cannot be opened."""
        return getattr(self._opened(), "repo", None)
