"""What a delivery run is given and what it reports: one ``Outgoing`` per ledger entry, one
``DeliveryReport`` per run, and how Slack's refusals are told apart (a channel that will not
take posts, a token Slack rejects, a failure that a later run may retry)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.core.notify import Kind
from bot.edge.slack_api import TOKEN_REJECTED

CHANNEL_ERRORS: dict[str, str] = {
    "not_in_channel": "the bot is not a member of the channel",
    "channel_not_found": "the channel was not found (deleted, or private without the bot)",
    "is_archived": "the channel is archived",
    "restricted_action": "posting in the channel is restricted by a workspace setting",
    "cannot_dm_bot": "this conversation cannot receive messages from the bot",
}
"""Errors that will not go away by retrying: the channel's subscriptions are paused."""

AUTH_ERRORS = TOKEN_REJECTED | frozenset(
    {
        "missing_scope",
        "no_permission",
        "org_login_required",
        "ekm_access_denied",
        "team_access_not_granted",
    }
)
"""Errors about the bot's token or app: nothing can be delivered, the run stops."""

TRANSIENT_ERRORS = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}
)


class DeliveryStopped(Exception):
    """Slack refused the bot's token or app; nothing more can be delivered until fixed."""


class ChannelUnavailable(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Undelivered(Exception):
    """This delivery could not be completed in this run; a later run takes it up again."""


@dataclass(frozen=True)
class Outgoing:
    """One ledger entry to deliver: one or more Slack messages, posted in order."""

    channel_id: str
    kind: Kind
    key: str
    messages: tuple[dict[str, Any], ...]  # each {"text", "blocks"[, "thread_ts"]}
    facts: str | None = None  # alerts and thread updates: the development's facts as sent

    def payload(self) -> str:
        return json.dumps(list(self.messages), ensure_ascii=False, sort_keys=True)


@dataclass
class DeliveryReport:
    sent: list[tuple[str, Kind, str]] = field(default_factory=list)
    failed: list[tuple[str, Kind, str, str]] = field(default_factory=list)
    paused: list[tuple[str, str]] = field(default_factory=list)  # (channel, reason)
    skipped: int = 0  # already delivered, given up, or being delivered by another run

    def merge(self, other: DeliveryReport) -> None:
        self.sent.extend(other.sent)
        self.failed.extend(other.failed)
        self.paused.extend(other.paused)
        self.skipped += other.skipped


def pause_reason(code: str) -> str:
    return f"{CHANNEL_ERRORS.get(code, 'Slack refused to post there')} ({code})"


def raise_if_final(code: str) -> None:
    """Raise what a final Slack error code means for the run; nothing for other codes."""
    if code in CHANNEL_ERRORS:
        raise ChannelUnavailable(code)
    if code in AUTH_ERRORS:
        raise DeliveryStopped(
            f"Slack refused the bot token ({code}): check SLACK_BOT_TOKEN and the app's "
            "scopes (chat:write, channels:history, groups:history, im:history), then "
            "reinstall the app if needed"
        )
