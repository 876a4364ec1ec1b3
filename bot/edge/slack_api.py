"""How every process talks to Slack's Web API: which failures are retried, and telling a
rejected bot token apart from Slack being unreachable. Used by the Bolt app, the replies to
``response_url``s, and the clock's deliverer, so they retry alike and report a refused token
with the same one line."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator

TOKEN_REJECTED = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
"""Slack error codes meaning the token itself is no good: retrying cannot help."""


def retry_handlers(
    *,
    rate_limited: int = 2,
    server_errors: int = 2,
    interval: RetryIntervalCalculator | None = None,
) -> list[RetryHandler]:
    """Retries for what retrying can fix: ``429`` (waiting out ``Retry-After``), ``5xx`` and
    dropped connections. ``server_errors=0`` retries only ``429``s, which Slack did not act
    on: right for posts, where a 5xx may have been posted after all."""
    handlers: list[RetryHandler] = [RateLimitErrorRetryHandler(max_retry_count=rate_limited)]
    if server_errors:
        interval = interval or BackoffRetryIntervalCalculator()
        handlers += [
            ServerErrorRetryHandler(max_retry_count=server_errors, interval_calculator=interval),
            ConnectionErrorRetryHandler(
                max_retry_count=server_errors, interval_calculator=interval
            ),
        ]
    return handlers


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
