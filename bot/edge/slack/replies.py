"""Sending answers back to Slack, and the polite reply when something fails.

``response_url`` (``respond``) takes at most five messages per interaction; an answer
longer than that ends with a note saying how to narrow it, never silently cut. Posts to a
``response_url`` are retried on 429 (after ``Retry-After``), 500/503 and dropped
connections, and a refusal raises ``ReplyFailed`` rather than passing unnoticed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, Literal

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.core.answers import APOLOGY
from bot.edge.render.blocks import SlackMessage, error_message
from bot.edge.slack_api import retry_handlers

log = logging.getLogger(__name__)

RESPONSE_URL_MESSAGES = 5
"""Slack accepts five messages per ``response_url``."""

ResponseType = Literal["ephemeral", "in_channel"]


class ReplyFailed(Exception):
    """Slack did not accept a reply (after the retries that could help)."""


def webhook(url: str) -> Callable[..., Any]:
    """A ``respond`` for ``url`` (an interaction's response_url) that retries what retrying
    can fix; used instead of Bolt's, which does not retry."""
    client = WebhookClient(
        url,
        timeout=10,
        retry_handlers=retry_handlers(),
    )

    def respond(**message: Any) -> Any:
        return client.send(**message)

    return respond


def responder(respond: Callable[..., Any], url: object) -> Callable[..., Any]:
    """``webhook(url)`` when the request carries a response_url, else Bolt's ``respond``."""
    return webhook(url) if isinstance(url, str) and url else respond


def _fit(messages: Sequence[SlackMessage], limit: int) -> list[SlackMessage]:
    if len(messages) <= limit:
        return list(messages)
    note = error_message(
        f"This answer is too long for one reply: {len(messages) - limit + 1} more part(s) "
        "were not sent. Please narrow the question (a month, a region, a category)."
    )
    return [*messages[: limit - 1], note]


def respond_all(
    respond: Callable[..., Any],
    messages: Sequence[SlackMessage],
    *,
    response_type: ResponseType = "ephemeral",
) -> None:
    """Post ``messages`` to the interaction's ``response_url``, as new messages."""
    for message in _fit(messages, RESPONSE_URL_MESSAGES):
        result = respond(
            text=message.text,
            blocks=message.blocks,
            response_type=response_type,
            replace_original=False,
        )
        status = getattr(result, "status_code", 200)
        if status != 200:
            raise ReplyFailed(f"response_url answered HTTP {status}")


def post_all(
    client: WebClient,
    channel: str,
    messages: Sequence[SlackMessage],
    *,
    thread_ts: str | None = None,
) -> None:
    """Post ``messages`` with ``chat.postMessage`` (in a thread when ``thread_ts``)."""
    for message in messages:
        client.chat_postMessage(
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
        )


def log_failure(what: str, error: BaseException) -> None:
    """Log a listener failure: the kind of error and where, never the request or tokens."""
    log.error("%s failed: %s: %s", what, type(error).__name__, error, exc_info=error)


def apologise(*senders: Callable[[list[SlackMessage]], None]) -> None:
    """Tell the user something went wrong, by the first of ``senders`` that Slack accepts."""
    for send in senders:
        try:
            send([error_message(APOLOGY)])
            return
        except Exception as exc:  # this way to the user is failing too: try the next
            log.error("could not send the apology (%s)", type(exc).__name__)
    # Slack cannot be reached at all: the failure is logged, nothing more can be done


def ephemeral(client: WebClient, channel: str, user: str) -> Callable[[list[SlackMessage]], None]:
    """Send messages only ``user`` sees in ``channel`` (``chat.postEphemeral``): the last way
    to reach someone whose response_url failed."""

    def send(messages: list[SlackMessage]) -> None:
        for message in messages:
            client.chat_postEphemeral(
                channel=channel, user=user, text=message.text, blocks=message.blocks
            )

    return send
