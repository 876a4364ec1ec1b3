"""``/pi TEXT``: acknowledged at once, then answered through ``response_url``, visible only
to the user (with a button to share the answer in the channel). If that fails, the user is
told so there, or failing that with ``chat.postEphemeral``.

``/pi subscribe`` with nothing after it opens the subscription builder (a modal) for the
current channel instead, right after the acknowledgement."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.core.answers import PREFIX, Context, Router, split_command
from bot.core.registry import command_for
from bot.edge.render.blocks import SlackMessage, answer_messages
from bot.edge.slack.background import BUSY_TEXT, background_of
from bot.edge.slack.listeners.views.opening import open_subscription_builder
from bot.edge.slack.locale import USER_LANGUAGES
from bot.edge.slack.replies import apologise, ephemeral, log_failure, respond_all, responder


def opens_builder(text: str) -> bool:
    """``subscribe`` alone (``/pi subscribe``, any of its verbs): the builder rather than the
    usage line."""
    word, rest = split_command(text)
    spec = command_for(word)
    return spec is not None and spec.name == "subscribe" and not rest


def make_pi_command(router: Router) -> Callable[..., None]:
    def pi_command(
        ack: Ack,
        command: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()  # within Slack's 3 seconds, before any work
        if opens_builder(str(command.get("text") or "")):
            channel = str(command.get("channel_id") or "") or None
            if open_subscription_builder(client, str(command.get("trigger_id", "")), channel):
                return
        background_of(context).run(
            PREFIX,
            lambda: answer_command(command, respond, client),
            size=len(str(command)),
            busy=lambda: busy_reply(command, respond),
        )

    def busy_reply(command: dict[str, Any], respond: Respond) -> None:
        reply = responder(respond, command.get("response_url"))
        reply(text=BUSY_TEXT, response_type="ephemeral", replace_original=False)

    def answer_command(command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        reply = responder(respond, command.get("response_url"))

        def send(messages: list[SlackMessage]) -> None:
            respond_all(reply, messages, response_type="ephemeral")

        try:
            user = str(command.get("user_id", ""))
            ctx = Context(
                channel_id=str(command.get("channel_id", "")),
                user_id=user,
                team_id=command.get("team_id"),
                surface="slash",
                language=USER_LANGUAGES.language(client, user),
                enterprise_id=command.get("enterprise_id") or None,
            )
            answer = router.handle(str(command.get("text") or ""), ctx)
            send(answer_messages(answer))
        except Exception as exc:
            log_failure(PREFIX, exc)
            channel, user = str(command.get("channel_id", "")), str(command.get("user_id", ""))
            apologise(send, ephemeral(client, channel, user))

    return pi_command
