"""The App Home's buttons: Search and Subscribe a channel open their modals, Help opens
the help, Remove unsubscribes a channel (through the subscription service, which lets
only subscription admins do it) and republishes the Home with the outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.core.answers import AnswerKind, Context, Router
from bot.edge.render.blocks.markup import bot_text
from bot.edge.render.blocks.search_form import plain_modal
from bot.edge.slack.background import background_of
from bot.edge.slack.listeners.home_tab import HomeTab
from bot.edge.slack.listeners.views.opening import open_search, open_subscription_builder
from bot.edge.slack.replies import log_failure


def home_search(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    open_search(client, str(body.get("trigger_id", "")))


def home_subscribe(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    open_subscription_builder(client, str(body.get("trigger_id", "")), None)


def make_home_help(router: Router) -> Callable[..., None]:
    def home_help(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user = str((body.get("user") or {}).get("id", ""))
        answer = router.handle("help", Context(user, user, None, "home"))
        try:
            view = plain_modal("Help", f"{answer.headline}\n\n{answer.message or ''}")
            client.views_open(trigger_id=body.get("trigger_id"), view=view)
        except Exception as exc:
            log_failure("the App Home's Help button", exc)

    return home_help


def make_home_remove(router: Router, home: HomeTab) -> Callable[..., None]:
    def remove(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        user = str((body.get("user") or {}).get("id", ""))
        value = str((body.get("actions") or [{}])[0].get("value") or "")
        channel, _, kind = value.partition(":")

        def work() -> None:
            notice = "That subscription could not be read; nothing was changed."
            if channel and kind in ("digest", "alerts") and router.subscriptions is not None:
                ctx = Context(
                    channel,
                    user,
                    (body.get("team") or {}).get("id"),
                    "home",
                    enterprise_id=(body.get("enterprise") or {}).get("id"),
                )
                answer = router.subscriptions.handle(f"unsubscribe {kind}", ctx)
                notice = f"*{bot_text(answer.headline)}*"
                if answer.message:
                    notice += "\n" + bot_text(answer.message)
                if answer.kind == AnswerKind.NOTICE and answer.headline == "Unsubscribed":
                    notice = notice.replace("This channel", f"<#{channel}>", 1)
            home.publish(client, user, notice=notice[:2900])

        background_of(context).run("the App Home's Remove button", work)

    return remove
