"""The subscription builder's submission: the choices go to the typed subscription service
(``subscribe(...)`` for the chosen channel, with the user's rights), what it refuses comes
back as an error on its field, and what it saved is shown in plain words; then the user's
App Home is republished."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.core.answers.router import Context, Router
from bot.core.notify.records import Kind
from bot.edge.delivery.workspace_commands.subscribe import Field, Problem, SubscriptionService
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


FIELDS: dict[Field, str] = {"channel": BLOCK_CHANNEL, "kinds": BLOCK_KINDS, "filters": BLOCK_TEXT}
"""The builder's input block of each field the subscription service may refuse."""


def _field_errors(problems: dict[Field, Problem]) -> dict[str, str]:
    errors = {}
    for field, problem in problems.items():
        text = f"{problem.headline}. {problem.message}".strip()
        if len(text) > ERROR_LIMIT:
            text = text[: ERROR_LIMIT - 1] + "…"
        errors[FIELDS[field]] = text
    return errors


def save(
    router: Router, ctx: Context, kinds: tuple[Kind, ...], words: str
) -> tuple[dict[str, str], list[str]]:
    """Subscribe ``ctx.channel_id`` to ``kinds`` through the typed subscription service
    (the filter ``words`` for the alerts only); (field errors, saved lines)."""
    service = router.subscriptions
    if not isinstance(service, SubscriptionService):
        return {BLOCK_CHANNEL: "Subscriptions are not available on this server."}, []
    lines: list[str] = []
    for kind in kinds:
        done = service.subscribe(ctx, (kind,), filters=words if kind == "alerts" else "")
        if not done.ok:
            return _field_errors(done.errors), lines
        lines.extend(done.lines)
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
