"""``app_home_opened``: publish the App Home view (how to use, latest developments)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.core.answers.router import Router
from bot.edge.render.blocks import home_view
from bot.edge.slack.background import background_of
from bot.edge.slack.replies import log_failure


def make_home_opened(router: Router) -> Callable[..., None]:
    def home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") != "home":
            return  # the Messages tab: nothing to publish
        user = str(event.get("user", ""))

        def publish() -> None:
            try:
                client.views_publish(user_id=user, view=home_view(router.store.published))
            except Exception as exc:
                log_failure("publishing the App Home", exc)

        background_of(context).run("publishing the App Home", publish)

    return home_opened
