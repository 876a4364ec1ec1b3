"""Bolt's OAuth flow for installing the app in any workspace.

``GET /slack/install`` shows an "Add to Slack" page whose link carries a one-time ``state``
(kept in the state database, and in a cookie of the installer's browser); Slack sends the
installer back to ``GET /slack/oauth_redirect`` with a code, which ``oauth.v2.access``
exchanges for the workspace's bot token, saved in the installation store. A state that is
forged, expired, already used or from another browser is refused.

Every request is then authorized with its workspace's token from the store (refreshed first
when token rotation is on). ``app_uninstalled`` and ``tokens_revoked`` (for the bot) remove
the installation and pause that workspace's subscriptions; installing again resumes them.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings

from bot.edge.slack.installations import STATE_EXPIRATION_SECONDS, Installations, Workspace
from bot.edge.slack.installations import bot_scopes as scopes_of
from bot.settings import Settings

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
UNINSTALL_EVENTS = ("app_uninstalled", "tokens_revoked")
"""The events by which the app learns it left a workspace (subscribed in the manifest)."""


def oauth_settings(settings: Settings, installations: Installations) -> OAuthSettings:
    secret = settings.slack_client_secret
    client_secret = secret.get_secret_value() if secret else ""
    bolt_logger = logging.getLogger("bot.edge.slack.bolt")
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=client_secret,
        scopes=scopes_of(settings),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installations.store,
        state_store=installations.state_store,
        state_expiration_seconds=STATE_EXPIRATION_SECONDS,
        token_rotation_expiration_minutes=settings.slack_token_rotation_minutes,
        logger=bolt_logger,
    )
    # Bolt's default refreshes tokens through slack.com; this one uses SLACK_API_URL, and
    # remembers each token's auth.test answer instead of asking before every acknowledgement
    # (the installation is still looked up every time: an uninstalled workspace is refused)
    oauth.authorize = InstallationStoreAuthorize(
        logger=bolt_logger,
        installation_store=installations.store,
        cache_enabled=True,
        client_id=settings.slack_client_id,
        client_secret=client_secret,
        token_rotation_expiration_minutes=settings.slack_token_rotation_minutes,
        client=installations.api,
    )
    return oauth


def workspace_of(context: BoltContext) -> Workspace:
    org_wide = bool(context.is_enterprise_install)
    return Workspace(
        None if org_wide else context.team_id,
        context.enterprise_id,
        org_wide,
    )


def register_uninstall(app: App, installations: Installations) -> None:
    """The app leaves a workspace: its installation is removed, its subscriptions paused."""

    @app.event("app_uninstalled")
    def app_uninstalled(context: BoltContext) -> None:
        installations.remove(workspace_of(context))

    @app.event("tokens_revoked")
    def tokens_revoked(event: dict[str, Any], context: BoltContext) -> None:
        if (event.get("tokens") or {}).get("bot"):
            installations.remove(workspace_of(context))
        # user tokens: the app asks for none, so there is nothing else to forget
