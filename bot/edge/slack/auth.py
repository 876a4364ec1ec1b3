"""Telling a rejected bot token apart from Slack being unreachable, in one place for every
process that checks its token on start (``serve``, ``socket``, ``clock``)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

TOKEN_REJECTED = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
"""Slack error codes meaning the token itself is no good: retrying cannot help."""


def token_rejection(command: str, exc: SlackApiError) -> str | None:
    """One line for the operator when Slack refused the token, else ``None``.

    The line names the setting and where to find it, never the token."""
    code = str(exc.response.get("error") or "")
    if code not in TOKEN_REJECTED:
        return None
    return (
        f"{command}: Slack refused SLACK_BOT_TOKEN ({code}): set the Bot User OAuth Token "
        "(xoxb-...) from OAuth & Permissions"
    )
