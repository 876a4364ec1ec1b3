"""Slash commands: ``/pi``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App

from bot.core.answers import PREFIX, Router
from bot.edge.slack.listeners.commands.pi import make_pi_command

if TYPE_CHECKING:
    from bot.edge.slack.listeners import Deps

COMMAND = PREFIX


def register(app: App, router: Router, deps: Deps) -> None:
    app.command(COMMAND)(make_pi_command(router))
