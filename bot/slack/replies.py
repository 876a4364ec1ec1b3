"""Sending answers back to Slack, and the polite reply when something fails.

``response_url`` (``respond``) takes at most five messages per interaction; an answer
longer than that ends with a note saying how to narrow it, never silently cut.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, Literal

from slack_sdk import WebClient

from bot.render.blocks import SlackMessage, error_message

log = logging.getLogger(__name__)

SORRY = "Something went wrong on our side, sorry. The problem has been logged; please try again."
RESPONSE_URL_MESSAGES = 5
"""Slack accepts five messages per ``response_url``."""

ResponseType = Literal["ephemeral", "in_channel"]


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
        respond(
            text=message.text,
            blocks=message.blocks,
            response_type=response_type,
            replace_original=False,
        )


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


def apologise(send: Callable[[list[SlackMessage]], None]) -> None:
    """Tell the user something went wrong, if Slack can still be reached."""
    try:
        send([error_message(SORRY)])
    except Exception as exc:  # Slack itself is failing: nothing more to tell the user
        log.error("could not send the apology either: %s", type(exc).__name__)
