"""Direct messages to the bot are answered in the conversation; mentions in a channel are
answered in a thread. Messages from bots (the bot's own included) and message subtypes
(edits, joins, deletions...) are ignored."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.core.answers import Context, Router, Surface
from bot.edge.render.blocks import SlackMessage, answer_messages
from bot.edge.slack.background import BUSY_TEXT, background_of
from bot.edge.slack.locale import USER_LANGUAGES
from bot.edge.slack.replies import apologise, log_failure, post_all

_ANY_MENTION_OF = "<@{user}(?:\\|[^>]*)?>"


def from_a_person(event: dict[str, Any]) -> bool:
    """A plain message a person wrote: no bot_id, no subtype."""
    return not event.get("bot_id") and not event.get("subtype") and bool(event.get("user"))


def strip_mention(text: str, bot_user_id: str | None) -> str:
    """``<@UBOT> fines henan`` -> ``fines henan`` (only the bot's own mention is removed)."""
    if bot_user_id:
        text = re.sub(_ANY_MENTION_OF.format(user=re.escape(bot_user_id)), " ", text)
    return " ".join(text.split())


def _answer_in_conversation(
    router: Router,
    client: WebClient,
    event: dict[str, Any],
    context: BoltContext,
    *,
    surface: Surface,
    thread_ts: str | None,
) -> None:
    channel = str(event.get("channel", ""))

    def send(messages: list[SlackMessage]) -> None:
        post_all(client, channel, messages, thread_ts=thread_ts)

    try:
        user = str(event.get("user", ""))
        ctx = Context(
            channel_id=channel,
            user_id=user,
            team_id=context.team_id,
            surface=surface,
            language=USER_LANGUAGES.language(client, user),
            thread=thread_ts,  # a thread is a conversation of its own; a DM's main view too
            enterprise_id=context.enterprise_id,
        )
        text = strip_mention(str(event.get("text") or ""), context.bot_user_id)
        send(answer_messages(router.handle(text, ctx), shared=True))
    except Exception as exc:
        log_failure(f"answering a {surface}", exc)
        apologise(send)


def _busy_reply(client: WebClient, event: dict[str, Any], thread_ts: str | None) -> None:
    client.chat_postMessage(
        channel=str(event.get("channel", "")), text=BUSY_TEXT, thread_ts=thread_ts
    )


def make_direct_message(router: Router) -> Callable[..., None]:
    def direct_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("channel_type") != "im" or not from_a_person(event):
            return
        thread_ts = event.get("thread_ts")
        background_of(context).run(
            "answering a dm",
            lambda: _answer_in_conversation(
                router, client, event, context, surface="dm", thread_ts=thread_ts
            ),
            size=len(str(event)),
            busy=lambda: _busy_reply(client, event, thread_ts),
        )

    return direct_message


def make_mention(router: Router) -> Callable[..., None]:
    def mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if not from_a_person(event):
            return
        thread_ts = event.get("thread_ts") or event.get("ts")
        background_of(context).run(
            "answering a mention",
            lambda: _answer_in_conversation(
                router, client, event, context, surface="mention", thread_ts=thread_ts
            ),
            size=len(str(event)),
            busy=lambda: _busy_reply(client, event, thread_ts),
        )

    return mention
