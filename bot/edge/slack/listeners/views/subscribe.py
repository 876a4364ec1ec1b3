"""The subscription builder's submission: the choices go through the subscription
service (``/pi subscribe ...`` in the chosen channel, with the user's rights), what it
refuses comes back as an error on the field, and what it saved is shown in plain words;
then the user's App Home is republished."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.core.answers.answer import AnswerKind
from bot.core.answers.router import Context, Router
from bot.edge.render.blocks.search_form import BLOCK_TEXT
from bot.edge.render.blocks.subscription_form import (
    BLOCK_CHANNEL,
    BLOCK_KINDS,
    read_subscription,
    saved_view,
)
from bot.edge.slack.background import background_of
from bot.edge.slack.listeners.home_tab import HomeTab
from bot.edge.slack.replies import log_failure

ERROR_LIMIT = 300


def _field_error(headline: str, message: str | None, *, about_filters: bool) -> dict[str, str]:
    text = f"{headline}. {message or ''}".strip()
    if len(text) > ERROR_LIMIT:
        text = text[: ERROR_LIMIT - 1] + "…"
    return {BLOCK_TEXT if about_filters else BLOCK_CHANNEL: text}


def save(
    router: Router, ctx: Context, kinds: tuple[str, ...], words: str
) -> tuple[dict[str, str], list[str]]:
    """Subscribe ``ctx.channel_id`` to ``kinds``; (field errors, saved lines)."""
    handler = router.subscriptions
    if handler is None:
        return {BLOCK_CHANNEL: "Subscriptions are not available on this server."}, []
    lines: list[str] = []
    for kind in kinds:
        command = f"subscribe {kind} {words if kind == 'alerts' else ''}".strip()
        answer = handler.handle(command, ctx)
        if answer.kind != AnswerKind.NOTICE:
            about_filters = bool(answer.not_understood) or "filter" in answer.headline.lower()
            return _field_error(answer.headline, answer.message, about_filters=about_filters), lines
        lines.extend((answer.message or answer.headline).split("\n"))
    return {}, lines


def make_subscription_submission(router: Router, home: HomeTab) -> Callable[..., None]:
    def submit(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        view = body.get("view") or {}
        channel, kinds, words, errors = read_subscription(
            (view.get("state") or {}).get("values") or {}
        )
        if errors or channel is None:
            ack(response_action="errors", errors=errors or {BLOCK_KINDS: "Nothing to save."})
            return
        user = body.get("user") or {}
        ctx = Context(
            channel_id=channel,
            user_id=str(user.get("id", "")),
            team_id=(body.get("team") or {}).get("id") or user.get("team_id"),
            surface="slash",
            enterprise_id=(body.get("enterprise") or {}).get("id"),
        )
        # saved before answering (a database write and one Slack call, well within the
        # three seconds), so what the service refuses shows on the field it concerns
        try:
            errors, lines = save(router, ctx, kinds, words)
        except Exception as exc:
            log_failure("the subscription builder", exc)
            errors, lines = {BLOCK_CHANNEL: "Sorry, something went wrong; nothing was saved."}, []
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack(response_action="update", view=saved_view("Subscription saved", lines))

        def republish() -> None:
            home.publish(client, ctx.user_id)

        background_of(context).run("republishing the App Home", republish)

    return submit
