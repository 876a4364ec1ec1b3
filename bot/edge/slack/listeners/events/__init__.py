"""Events: direct messages, mentions, the App Home tab, and the rest acknowledged."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.core.answers.router import Router
from bot.edge.slack.listeners.events.home import make_home_opened
from bot.edge.slack.listeners.events.messages import make_direct_message, make_mention


def register(app: App, router: Router) -> None:
    app.event("app_mention")(make_mention(router))
    app.event("message")(make_direct_message(router))
    app.event("app_home_opened")(make_home_opened(router))

    @app.event(re.compile(".*"))
    def acknowledge_other_events(ack: Ack) -> None:
        """Event types we do not use are acknowledged, so Slack does not retry them."""
        ack()
