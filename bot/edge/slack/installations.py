"""The workspaces the app is installed in (OAuth distribution): slack_sdk's SQLAlchemy
installation store and OAuth state store, in the state database (``DATABASE_URL``), and the
bot token of a workspace, refreshed first when Slack rotates tokens.

A workspace is a ``team_id``; in an Enterprise Grid org it also has an ``enterprise_id``, and
an org-wide install (``is_enterprise_install``) is stored once for the org (no team) and
serves each of its workspaces. No Bolt here: the clock uses it too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackTokenRotationError
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine

from bot.core.utc import utcnow
from bot.edge.slack.manifest import manifest_template
from bot.edge.slack_api import retry_handlers
from bot.edge.state.repository import StateRepository
from bot.settings import Settings

log = logging.getLogger(__name__)

STATE_EXPIRATION_SECONDS = 600
"""How long an install link's ``state`` stays valid (Slack's own flow takes a minute)."""


def manifest_bot_scopes() -> list[str]:
    return list(manifest_template()["oauth_config"]["scopes"]["bot"])


def bot_scopes(settings: Settings) -> list[str]:
    """``SLACK_SCOPES`` (comma-separated), or the manifest's bot scopes."""
    if settings.slack_scopes:
        return [s.strip() for s in settings.slack_scopes.split(",") if s.strip()]
    return manifest_bot_scopes()


@dataclass(frozen=True)
class Workspace:
    """Where a request came from, or whom a subscription belongs to."""

    team_id: str | None
    enterprise_id: str | None = None
    is_enterprise_install: bool = False

    @classmethod
    def of(cls, installation: Installation) -> Workspace:
        return cls(
            None if installation.is_enterprise_install else installation.team_id,
            installation.enterprise_id,
            bool(installation.is_enterprise_install),
        )


Listener = Callable[[Workspace], None]


class WorkspaceInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store, telling ``on_install`` about every installation saved (a new
    install, a reinstall, a refreshed token)."""

    def __init__(self, client_id: str, engine: Engine, on_install: Listener | None) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.on_install = on_install

    def save(self, installation: Installation) -> None:
        super().save(installation)
        if self.on_install is not None:
            self.on_install(Workspace.of(installation))


class Installations:
    """The installation and OAuth state stores on ``engine`` (their tables are created if
    missing), and each workspace's bot token."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        *,
        on_install: Listener | None = None,
        on_leave: Listener | None = None,
    ) -> None:
        if not settings.oauth or settings.slack_client_id is None:
            raise ValueError("Installations need SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")
        secret = settings.slack_client_secret
        self.settings = settings
        self.on_leave = on_leave
        self.store = WorkspaceInstallationStore(settings.slack_client_id, engine, on_install)
        self.store.create_tables()
        self.state_store = SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRATION_SECONDS, engine=engine
        )
        self.state_store.create_tables()
        self.api = WebClient(
            base_url=settings.slack_api_url, timeout=10, retry_handlers=retry_handlers()
        )
        """A client without a token, for ``oauth.v2.access`` (installs and refreshes)."""
        self.rotator = TokenRotator(
            client_id=settings.slack_client_id,
            client_secret=secret.get_secret_value() if secret else "",
            client=self.api,
        )

    def find(self, workspace: Workspace) -> Installation | None:
        """The workspace's own installation, or else its org's org-wide one."""
        store = self.store
        found = None
        if workspace.team_id and not workspace.is_enterprise_install:
            found = store.find_installation(
                enterprise_id=workspace.enterprise_id, team_id=workspace.team_id
            )
        if found is None and workspace.enterprise_id:
            found = store.find_installation(
                enterprise_id=workspace.enterprise_id, team_id=None, is_enterprise_install=True
            )
        return found if found is not None and found.bot_token else None

    def bot_token(self, workspace: Workspace) -> str | None:
        """The workspace's bot token (refreshed and saved first if it is about to expire);
        None when the app is not installed there or its token cannot be refreshed."""
        installation = self.find(workspace)
        if installation is None:
            return None
        if installation.bot_refresh_token:
            try:
                refreshed = self.rotator.perform_token_rotation(
                    installation=installation,
                    minutes_before_expiration=self.settings.slack_token_rotation_minutes,
                )
            except (SlackTokenRotationError, SlackApiError, OSError) as exc:
                log.error(
                    "cannot refresh the bot token of workspace %s: %s",
                    workspace.team_id or workspace.enterprise_id,
                    type(exc).__name__,
                )
                return None
            if refreshed is not None:
                self.store.save(refreshed)
                installation = refreshed
        return installation.bot_token

    def token_for(self, team_id: str | None, enterprise_id: str | None) -> str | None:
        """``bot_token`` of the workspace (team id, enterprise id): what the clock's
        deliverers are given, so delivery needs nothing of this module."""
        return self.bot_token(Workspace(team_id, enterprise_id))

    def remove(self, workspace: Workspace) -> None:
        """Forget the workspace's installation (the app was uninstalled, tokens revoked)."""
        self.store.delete_all(enterprise_id=workspace.enterprise_id, team_id=workspace.team_id)
        if self.on_leave is not None:
            self.on_leave(workspace)

    def client(self, workspace: Workspace) -> WebClient | None:
        """A Web API client with the workspace's bot token; None if not installed there."""
        token = self.bot_token(workspace)
        if token is None:
            return None
        return WebClient(
            token=token,
            base_url=self.settings.slack_api_url,
            timeout=10,
            retry_handlers=retry_handlers(),
        )


def installations_for(settings: Settings, engine: Engine) -> Installations:
    """The installations on the state database, pausing a workspace's subscriptions when the
    app leaves it and resuming them when it is installed again."""
    repo = StateRepository(engine)

    def resume(workspace: Workspace) -> None:
        count = repo.resume_workspace(
            team_id=workspace.team_id, enterprise_id=workspace.enterprise_id
        )
        if count:
            log.info("installed again: %d subscription(s) resumed", count)

    def pause(workspace: Workspace) -> None:
        count = repo.pause_workspace(
            team_id=workspace.team_id, enterprise_id=workspace.enterprise_id, now=utcnow()
        )
        log.info(
            "the app left workspace %s: installation removed, %d subscription(s) paused",
            workspace.team_id or workspace.enterprise_id,
            count,
        )

    return Installations(settings, engine, on_install=resume, on_leave=pause)
