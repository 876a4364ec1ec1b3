"""Bolt listeners, one package per kind, each with ``register(app, router)``."""

from __future__ import annotations

from slack_bolt import App

from bot.core.answers.router import Router


def register_all(app: App, router: Router) -> None:
    # imported here: the kinds import bot.edge.slack.replies, which must not import this package
    from bot.edge.slack.listeners import actions, commands, events

    commands.register(app, router)
    events.register(app, router)
    actions.register(app, router)  # last: it ends with a catch-all for unknown actions
