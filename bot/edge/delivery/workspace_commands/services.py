"""What every workspace command needs: the state repository, the settings, the workspace's
Slack client, its roles, and the checks made before a change (is the asker a subscription
admin, can the bot post in the channel). One ``Services`` per ``SubscriptionCommands``."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.answers import Answer, AnswerKind
from bot.core.knowledge import Gazetteer
from bot.core.knowledge.store import Store
from bot.core.utc import utcnow
from bot.edge.delivery.roles import WorkspaceRoles
from bot.edge.state.repository import StateRepository
from bot.settings import Settings

log = logging.getLogger(__name__)

CONSOLE = (
    "Run `/pi subscribe ...` in the Slack channel (or direct message with the bot) that should "
    "receive the digest, alerts or reminders. Here, `subscriptions` lists every channel's "
    "subscriptions."
)


class Origin(Protocol):
    """Where a command came from (``bot.core.answers.router.Context`` fits)."""

    @property
    def channel_id(self) -> str: ...

    @property
    def user_id(self) -> str: ...

    @property
    def surface(self) -> str: ...

    @property
    def team_id(self) -> str | None: ...

    @property
    def enterprise_id(self) -> str | None: ...


def error(text: str, headline: str, message: str) -> Answer:
    return Answer(kind=AnswerKind.ERROR, query=text, headline=headline, message=message)


class Services:
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
        self.repo = repo
        self.settings = settings
        self.client = client
        self.client_for = client_for
        self.gazetteer = gazetteer
        self.now = now
        self.store = store
        self.roles = WorkspaceRoles(repo, settings)
        self._bot_names: dict[str | None, str] = {}

    def workspace(self, ctx: Origin) -> str:
        """Whose subscriptions a command sees and changes: the request's workspace with
        OAuth distribution; with one bot token, that token's workspace (``SLACK_TEAM_ID``,
        set from ``auth.test`` at start), the only one served."""
        if self.settings.oauth:
            return ctx.team_id or ""
        return self.settings.slack_team_id or ""

    def client_of(self, ctx: Origin) -> WebClient | None:
        """The Web API client of the workspace the command came from."""
        if self.client_for is not None:
            return self.client_for(ctx.team_id, ctx.enterprise_id)
        return self.client

    def zone_name(self, channel_id: str) -> str:
        return self.repo.timezones().get(channel_id) or self.settings.digest_timezone

    def refusal(self, ctx: Origin) -> str | None:
        """Why the asker may not change this workspace's subscriptions; None if they may."""
        admins = self.roles.admins(ctx.team_id)
        if not admins or ctx.user_id in admins:
            return None
        names = ", ".join(f"<@{a}>" for a in sorted(admins))
        return f"Subscriptions are managed by {names}. Please ask one of them."

    def refuse_unless_allowed(self, text: str, ctx: Origin) -> Answer | None:
        why = self.refusal(ctx)
        if why is None:
            return None
        return error(text, "Only subscription admins can do that", why)

    def bot_name_for(self, client: WebClient | None, team_id: str | None) -> str:
        """The bot's user name in a workspace (``auth.test``), "pi" if Slack does not say."""
        if team_id not in self._bot_names:
            name = "pi"
            if client is not None:
                try:
                    name = str(client.auth_test().get("user") or "pi")
                except (SlackApiError, OSError) as exc:
                    log.warning("auth.test failed, calling the bot @pi: %s", exc)
            self._bot_names[team_id] = name
        return self._bot_names[team_id]

    def cannot_post_reason(
        self, channel_id: str, client: WebClient | None, team_id: str | None
    ) -> str | None:
        """Why the bot could not post in ``channel_id``, with the fix; None if it can (or
        when there is no Slack client, as in the local console)."""
        if client is None:
            return None
        invite = f"`/invite @{self.bot_name_for(client, team_id)}`"
        try:
            info = client.conversations_info(channel=channel_id)
        except SlackApiError as exc:
            code = str(exc.response.get("error") or "")
            if code == "channel_not_found":
                return (
                    "I can't see this channel: it is private and I'm not in it, or it no "
                    f"longer exists. Invite me with {invite}, then subscribe again."
                )
            if code == "missing_scope":
                return (
                    "I'm missing a permission to check this channel. Ask a workspace admin "
                    "to add the channels:read, groups:read and im:read scopes and reinstall "
                    "the app."
                )
            log.warning("conversations.info failed for %s: %s", channel_id, code)
            return None  # Slack hiccup: subscribe; delivery pauses the channel if needed
        except OSError as exc:
            log.warning("conversations.info unreachable for %s: %s", channel_id, exc)
            return None
        channel = info.get("channel") or {}
        if channel.get("is_im"):
            return None
        if channel.get("is_archived"):
            return (
                "This channel is archived, so nothing can be posted here. Unarchive it, or "
                "subscribe from another channel."
            )
        if channel.get("is_member") is False:
            return (
                "I'm not a member of this channel, so I couldn't post the digest or alerts "
                f"here. Invite me with {invite}, then run this command again."
            )
        return None
