"""Slash commands: ``/pi``."""

from __future__ import annotations

from slack_bolt import App

from bot.core.answers.command import PREFIX
from bot.core.answers.router import Router
from bot.edge.slack.listeners.commands.pi import make_pi_command

COMMAND = PREFIX


def register(app: App, router: Router) -> None:
    app.command(COMMAND)(make_pi_command(router))
