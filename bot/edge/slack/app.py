"""The Bolt app: one ``create_app`` for the HTTP runner (``serve``), Socket Mode
(``socket``) and the tests.

Global middleware, in order after Bolt's own (signature and timestamp check,
url_verification, ignoring the bot's own events):
1. a replayed request (a signature already seen: the same signed request sent again within
   the five minutes Bolt accepts its timestamp) is refused with 401; a replayed event is
   only acknowledged, like one of Slack's retries;
2. requests from another workspace are refused when ``SLACK_TEAM_ID`` is set (403);
3. an event already handled (Slack's retries carry the same ``event_id``, with a new
   signature) is acknowledged and not handled again.
The record of signatures and event ids is ``bot.edge.slack.handled``: in the state database when
there is one, so several workers or instances agree.
With ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` the app serves every workspace that
installs it (``bot.edge.slack.oauth``): each request gets its workspace's token.
Listeners live in ``bot/edge/slack/listeners/<kind>/`` and each kind has ``register(app, router)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.core.answers import Router
from bot.edge.delivery.factory import DelivererFactory
from bot.edge.slack.background import CONTEXT_KEY as BACKGROUND_KEY
from bot.edge.slack.background import Background
from bot.edge.slack.handled import HandledEvents, Record
from bot.edge.slack.installations import Installations, installations_for
from bot.edge.slack.listeners import register_all
from bot.edge.slack.oauth import oauth_settings as make_oauth_settings
from bot.edge.slack.oauth import register_uninstall
from bot.edge.slack_api import retry_handlers
from bot.edge.state.database import StateDatabase
from bot.settings import Settings

log = logging.getLogger(__name__)


def make_client(settings: Settings) -> WebClient:
    """The Web API client: ``SLACK_API_URL`` as base URL, with retries for rate limits
    (waiting out ``Retry-After``), server errors and dropped connections."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    if settings.oauth:
        token = None  # each request gets its workspace's token from the installation store
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=retry_handlers(),
    )


def request_team_id(body: dict[str, Any]) -> str | None:
    """The workspace a request comes from, wherever its payload keeps it."""
    team = body.get("team_id") or body.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    if not team:
        user = body.get("user")
        if isinstance(user, dict):
            team = user.get("team_id")
    if not team:
        event = body.get("event")
        if isinstance(event, dict):
            team = event.get("team")
    return str(team) if team else None


def only_team(expected: str) -> Callable[..., BoltResponse | None]:
    def refuse_other_teams(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:  # noqa: A002
        team = request_team_id(body)
        if team != expected:
            log.warning("refused a request from workspace %s (not %s)", team, expected)
            return BoltResponse(status=403, body="This app serves another workspace.")
        next()
        return None

    return refuse_other_teams


def _header(request: BoltRequest, name: str) -> str:
    values = request.headers.get(name) or []
    return str(values[0]) if values else ""


def no_replays(handled: Record) -> Callable[..., BoltResponse | None]:
    """Each signed request is served once. Runs after Bolt's signature check, so only
    genuine signatures are recorded; Socket Mode requests carry none and pass."""

    def refuse_replays(
        request: BoltRequest,
        body: dict[str, Any],
        next: Callable[[], None],  # noqa: A002
    ) -> BoltResponse | None:
        signature = _header(request, "x-slack-signature")
        if signature and not handled.first_time(f"sig:{signature}"):
            if body.get("type") == "event_callback":
                log.info("a replayed event request was acknowledged and dropped")
                return BoltResponse(status=200, body="")
            log.warning("refused a replayed request (signature already used)")
            return BoltResponse(status=401, body="This request was already received.")
        next()
        return None

    return refuse_replays


def once_per_event(handled: Record) -> Callable[..., BoltResponse | None]:
    def skip_handled_events(
        body: dict[str, Any],
        next: Callable[[], None],  # noqa: A002
    ) -> BoltResponse | None:
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not handled.first_time(f"event:{event_id}"):
            log.info("event %s already handled; acknowledging the retry only", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None

    return skip_handled_events


def create_app(
    settings: Settings,
    router: Router,
    *,
    state: StateDatabase,
    client: WebClient | None = None,
    handled: Record | None = None,
    process_before_response: bool = False,
    installations: Installations | None = None,
) -> App:
    """The Bolt app with every listener. Needs ``SLACK_SIGNING_SECRET`` (HTTP) and a bot
    token (in ``settings`` or in ``client``).

    ``process_before_response``: run listeners before answering the HTTP request (Bolt's
    option for function platforms; tests use it to know a request is fully handled when
    its response arrives). By default the request is acknowledged first.

    ``handled``: the record of signatures and event ids already handled (default: in
    memory, for this app only).

    ``state``: the process's state database (the review desk's ledger of cards; the
    installations with OAuth settings).

    ``installations``: with OAuth settings, the workspaces installed (default: in
    ``state``)."""
    secret = settings.slack_signing_secret
    oauth_settings = None
    if settings.oauth:
        installations = installations or open_installations(settings, state)
        oauth_settings = make_oauth_settings(settings, installations)
    app = App(
        client=client or make_client(settings),
        oauth_settings=oauth_settings,
        signing_secret=secret.get_secret_value() if secret else None,
        token_verification_enabled=False,
        raise_error_for_unhandled_request=False,
        logger=logging.getLogger("bot.edge.slack.bolt"),
        process_before_response=process_before_response,
    )
    background = Background(inline=process_before_response)

    @app.middleware
    def provide_background(context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002
        context[BACKGROUND_KEY] = background
        next()

    record = handled if handled is not None else HandledEvents()
    app.middleware(no_replays(record))
    if settings.slack_team_id:
        app.middleware(only_team(settings.slack_team_id))
    app.middleware(once_per_event(record))

    @app.error
    def log_listener_error(error: Exception) -> None:
        log.error("a Slack listener failed: %s: %s", type(error).__name__, error)

    if installations is not None:
        register_uninstall(app, installations)
    register_all(app, router, settings, deliverers=DelivererFactory(settings, state.repository))
    return app


def open_installations(settings: Settings, state: StateDatabase) -> Installations:
    """The installation store in the state database (raises ``StateError`` if unusable)."""
    return installations_for(settings, state.engine())
