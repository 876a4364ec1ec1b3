"""Interactive buttons: Details, More, Share in channel, the App Home's buttons; any other
action, shortcut, view or options request is acknowledged and ignored."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from slack_bolt import Ack, App

from bot.core.answers import Router
from bot.edge.render.blocks import ACTION_DETAILS, ACTION_MORE, ACTION_SHARE
from bot.edge.render.blocks.home import (
    ACTION_HOME_HELP,
    ACTION_HOME_REMOVE,
    ACTION_HOME_SEARCH,
    ACTION_HOME_SUBSCRIBE,
)
from bot.edge.slack.listeners.actions.buttons import make_details, make_more, make_share
from bot.edge.slack.listeners.actions.home import (
    home_search,
    home_subscribe,
    make_home_help,
    make_home_remove,
)

if TYPE_CHECKING:
    from bot.edge.slack.listeners import Deps


def register(app: App, router: Router, deps: Deps) -> None:
    app.action(ACTION_DETAILS)(make_details(router))
    app.action(ACTION_MORE)(make_more(router))
    app.action(ACTION_SHARE)(make_share(router))
    app.action(ACTION_HOME_SEARCH)(home_search)
    app.action(ACTION_HOME_SUBSCRIBE)(home_subscribe)
    app.action(ACTION_HOME_HELP)(make_home_help(router))
    app.action(ACTION_HOME_REMOVE)(make_home_remove(router, deps.home))

    @app.action(re.compile(".*"))
    def acknowledge_unknown_action(ack: Ack) -> None:
        """Buttons we do not know (old messages, other apps' blocks): acknowledged only."""
        ack()

    for kind in (app.shortcut, app.view, app.options):
        kind(re.compile(".*"))(_ack_only)


def _ack_only(ack: Ack) -> None:
    ack()
