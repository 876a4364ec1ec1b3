"""``app_home_opened``: publish the App Home dashboard (``bot.edge.slack.listeners.home_tab``),
and remember the visitor so their Home is republished when the store changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.edge.slack.background import background_of
from bot.edge.slack.listeners.home_tab import HomeTab
from bot.edge.slack.replies import log_failure


def make_home_opened(home: HomeTab) -> Callable[..., None]:
    def home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") != "home":
            return  # the Messages tab: nothing to publish
        user = str(event.get("user", ""))
        dm = str(event.get("channel") or "") or None

        def publish() -> None:
            try:
                home.opened(client, user, dm, context.team_id)
            except Exception as exc:
                log_failure("publishing the App Home", exc)

        background_of(context).run("publishing the App Home", publish)

    return home_opened
