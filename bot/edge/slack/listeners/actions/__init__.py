"""Interactive buttons: Details, More, Share in channel; anything else is acknowledged and
ignored."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.core.answers.router import Router
from bot.edge.render.blocks import ACTION_DETAILS, ACTION_MORE, ACTION_SHARE
from bot.edge.slack.listeners.actions.buttons import make_details, make_more, make_share


def register(app: App, router: Router) -> None:
    app.action(ACTION_DETAILS)(make_details(router))
    app.action(ACTION_MORE)(make_more(router))
    app.action(ACTION_SHARE)(make_share(router))

    @app.action(re.compile(".*"))
    def acknowledge_unknown_action(ack: Ack) -> None:
        """Buttons we do not know (old messages, other apps' blocks): acknowledged only."""
        ack()

    for kind in (app.shortcut, app.view, app.options):
        kind(re.compile(".*"))(_ack_only)


def _ack_only(ack: Ack) -> None:
    ack()
