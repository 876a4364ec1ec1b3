"""The composition root of a Slack process (``serve``'s workers, ``socket``): given the
settings (read once by the command), it checks them, then builds one state database, one
live store, the router with its subscription commands and the Bolt app, and passes each part
what it needs. Nothing below reads the environment or opens a database of its own."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import NoReturn

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.core.answers import ConversationStore, InMemoryConversations, Router
from bot.core.knowledge.store import LiveStore, StoreError
from bot.edge.delivery.roles import WorkspaceRoles
from bot.edge.delivery.subscription_access import (
    COMMAND_BUSY_TIMEOUT_MS,
    CONNECT_TIMEOUT_S,
    LazySubscriptions,
)
from bot.edge.slack.app import create_app, make_client, open_installations
from bot.edge.slack.editors import Editors
from bot.edge.slack.handled import HandledEvents, Record, SharedRecord
from bot.edge.slack.installations import Workspace
from bot.edge.slack.redact import install_redaction
from bot.edge.slack_api import token_rejection
from bot.edge.state.conversations import DatabaseConversations
from bot.edge.state.database import StateDatabase
from bot.edge.state.db import StateError, check_url
from bot.edge.state.knowledge import open_backend
from bot.edge.state.repository import StateRepository
from bot.settings import MissingSetting, Settings

log = logging.getLogger(__name__)


STORE_REFRESH_SECONDS = 1.0
"""How often each process looks for a changed store (file or database revision)."""

RECORD_BUSY_TIMEOUT_MS = 1_000
"""The same for the record of handled requests, which is consulted before Slack's request is
acknowledged (Slack waits three seconds); past it the in-memory record decides."""


@dataclass
class SlackRuntime:
    settings: Settings
    live_store: LiveStore
    router: Router
    app: App
    state: StateDatabase


@dataclass
class Checked:
    """What ``preflight`` found usable: the settings (with the token's workspace), the
    store, the Web API client."""

    settings: Settings
    live_store: LiveStore
    client: WebClient


def preflight(settings: Settings, *, needs: tuple[str, ...], command: str) -> Checked:
    """Check ``needs`` (env var names), ``DATABASE_URL``, the knowledge store and the bot
    token, in that order.

    Raises ``SystemExit(2)`` after printing one clear line for the first that is unusable:
    a setting missing, a database URL that is malformed or whose driver is missing, a store
    missing or broken, a token Slack refuses. A database server that cannot be reached is
    not fatal: the bot serves without subscriptions until it is back."""
    try:
        settings.require(*needs)
    except MissingSetting as exc:
        _stop(command, str(exc))
    install_redaction(secret_values(settings))
    try:
        check_url(settings.database_url.get_secret_value())
    except StateError as exc:
        _stop(command, str(exc))
    try:
        backend = open_backend(
            settings.database_url.get_secret_value(), settings.store_path, fold=True
        )
        live_store = LiveStore(backend=backend)
    except StoreError as exc:
        _stop(command, str(exc))
    client = make_client(settings)
    if settings.oauth:  # no token of our own: each workspace's comes from its installation
        return Checked(settings, live_store, client)
    team = check_token(client, command)
    if team and not settings.slack_team_id:
        # a bot token belongs to one workspace: requests from any other are refused
        settings = settings.model_copy(update={"slack_team_id": team})
        log.info("serving workspace %s only (the bot token's)", team)
    return Checked(settings, live_store, client)


def _stop(command: str, reason: str) -> NoReturn:
    print(f"{command}: {reason}", file=sys.stderr)
    raise SystemExit(2)


def build_runtime(
    settings: Settings,
    *,
    needs: tuple[str, ...],
    command: str,
    checked: Checked | None = None,
) -> SlackRuntime:
    """``preflight`` (unless ``checked``: what it found in the process this one was forked
    from), then the router and the Bolt app.

    Raises ``SystemExit(2)`` after printing one clear line when something is unusable."""
    checked = checked or preflight(settings, needs=needs, command=command)
    settings, client = checked.settings, checked.client
    checked.live_store.refresh_every(STORE_REFRESH_SECONDS)  # an approved change within seconds
    state = StateDatabase(
        settings.database_url.get_secret_value(),
        busy_timeout_ms=COMMAND_BUSY_TIMEOUT_MS,
        connect_timeout_s=CONNECT_TIMEOUT_S,
    )
    if settings.oauth:
        return _build_oauth_runtime(settings, checked.live_store, state, command)
    if settings.slack_team_id:
        adopt_unscoped_subscriptions(state, settings.slack_team_id)
    subscriptions = LazySubscriptions(state, settings, client, store=checked.live_store.current)
    editors = Editors.from_setting(settings.pi_editors, client)
    with_stored_editors(editors, settings, subscriptions)
    router = Router(
        checked.live_store,
        subscriptions,
        conversations=conversations_for(state),
        is_editor=editors,
    )
    app = create_app(settings, router, state=state, client=client, handled=handled_record(state))
    return SlackRuntime(settings, checked.live_store, router, app, state)


def _build_oauth_runtime(
    settings: Settings, live_store: LiveStore, state: StateDatabase, command: str
) -> SlackRuntime:
    """Any workspace that installs the app: tokens from the installation store."""
    try:
        installations = open_installations(settings, state)
    except StateError as exc:
        _stop(command, str(exc))
    if settings.slack_bot_token is not None:
        log.warning("SLACK_CLIENT_ID is set: SLACK_BOT_TOKEN is ignored (OAuth distribution)")

    def client_for(team_id: str | None, enterprise_id: str | None) -> WebClient | None:
        return installations.client(Workspace(team_id, enterprise_id))

    subscriptions = LazySubscriptions(
        state,
        settings,
        None,
        store=live_store.current,
        client_for=client_for,
    )
    # PI_EDITORS' user groups are asked with the token of the operator's workspace
    # (PI_EDITORS_TEAM), looked up when needed: it may install the app after start
    editors = Editors.from_setting(settings.pi_editors, None)
    editors_team = settings.pi_editors_team
    if editors_team:
        editors.client_source = lambda: client_for(editors_team, None)
    with_stored_editors(editors, settings, subscriptions)
    router = Router(
        live_store,
        subscriptions,
        conversations=conversations_for(state),
        is_editor=editors,
    )
    app = create_app(
        settings,
        router,
        state=state,
        handled=handled_record(state),
        installations=installations,
    )
    log.info("serving every workspace that installs the app (OAuth distribution)")
    return SlackRuntime(settings, live_store, router, app, state)


def with_stored_editors(
    editors: Editors, settings: Settings, subscriptions: LazySubscriptions
) -> None:
    """Editors are also those a workspace stored (``/pi editors add``), and act only in
    ``PI_EDITORS_TEAM`` when it is set."""
    editors.home_team = settings.pi_editors_team

    def stored(team_id: str) -> frozenset[str]:
        repo = subscriptions.repository()
        if not isinstance(repo, StateRepository):
            return frozenset()
        return WorkspaceRoles(repo, settings).editors(team_id)

    editors.stored = stored


def adopt_unscoped_subscriptions(state: StateDatabase, team: str) -> None:
    """Subscriptions made before workspaces were recorded belong to the bot token's one."""
    try:
        adopted = state.repository().adopt_unscoped(team)
    except (StateError, SQLAlchemyError) as exc:
        log.warning("could not check for subscriptions without a workspace: %s", exc)
        return
    if adopted:
        log.info("%d subscription(s) made before workspaces were recorded: now %s's", adopted, team)


def secret_values(settings: Settings) -> list[str]:
    """What must never appear in a log: the tokens, the signing secret, the database URL
    and, on its own, the database password."""
    secrets = [
        s.get_secret_value()
        for s in (
            settings.slack_bot_token,
            settings.slack_signing_secret,
            settings.slack_app_token,
            settings.slack_client_secret,
            settings.database_url,
        )
        if s is not None
    ]
    try:
        password = make_url(settings.database_url.get_secret_value()).password
    except ArgumentError:
        password = None
    if password:
        secrets.append(str(password))
    return secrets


def conversations_for(state: StateDatabase) -> ConversationStore:
    """Conversation context in the state database, shared by every web worker and instance;
    in memory for this process alone if the database cannot be opened."""
    try:
        engine = state.engine(busy_timeout_ms=RECORD_BUSY_TIMEOUT_MS)
    except StateError as exc:
        log.error("state database unavailable: conversations are kept by this process: %s", exc)
        return InMemoryConversations()
    return DatabaseConversations(engine)


def handled_record(state: StateDatabase) -> Record:
    """The record of handled Slack requests in the state database, shared by every web
    worker and instance; in memory for this process alone if the database cannot be opened."""
    try:
        repo = state.repository(busy_timeout_ms=RECORD_BUSY_TIMEOUT_MS)
    except StateError as exc:
        log.error(
            "state database unavailable: handled Slack requests are remembered by this "
            "process alone: %s",
            exc,
        )
        return HandledEvents()
    return SharedRecord(repo)


def check_token(client: WebClient, command: str) -> str | None:
    """Refuse to start with a token Slack rejects; start anyway if Slack is unreachable.
    Returns the token's workspace (team id) when Slack says it."""
    try:
        team = client.auth_test().get("team_id")
        return str(team) if team else None
    except SlackApiError as exc:
        rejection = token_rejection(command, exc)
        if rejection:
            print(rejection, file=sys.stderr)
            raise SystemExit(2) from None
        log.warning("auth.test failed (%s); starting anyway", exc.response.get("error"))
    except OSError as exc:
        log.warning("cannot reach Slack to check the token (%s); starting anyway", exc)
    return None
