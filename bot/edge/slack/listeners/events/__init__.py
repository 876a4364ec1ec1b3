"""Events: direct messages, mentions, the App Home tab, link previews (``link_shared``),
and the rest acknowledged. ``HANDLED_EVENTS`` is what the manifest subscribes to."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from slack_bolt import Ack, App

from bot.core.answers import Router
from bot.edge.slack.listeners.events.home import make_home_opened
from bot.edge.slack.listeners.events.links import make_link_shared
from bot.edge.slack.listeners.events.messages import make_direct_message, make_mention

if TYPE_CHECKING:
    from bot.edge.slack.listeners import Deps


HANDLED_EVENTS = (
    "app_home_opened",
    "app_mention",
    "message.im",
    "link_shared",
    "message.channels",  # newsletters shared as files in the intake channel (editors)
    "message.groups",
    "file_shared",
)


def register(app: App, router: Router, deps: Deps) -> None:
    app.event("app_mention")(make_mention(router))
    app.event("message")(make_direct_message(router))
    app.event("app_home_opened")(make_home_opened(deps.home))
    app.event("link_shared")(make_link_shared(router, deps.settings))

    @app.event(re.compile(".*"))
    def acknowledge_other_events(ack: Ack) -> None:
        """Event types we do not use are acknowledged, so Slack does not retry them."""
        ack()
