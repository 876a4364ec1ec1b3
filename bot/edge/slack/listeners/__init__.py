"""Bolt listeners, one package per kind, each with ``register(app, router)``."""

from __future__ import annotations

from slack_bolt import App

from bot.core.answers.router import Router
from bot.settings import Settings


def register_all(app: App, router: Router, settings: Settings | None = None) -> None:
    # imported here: the kinds import bot.edge.slack.replies, which must not import this package
    from bot.edge.slack.listeners import actions, commands, events

    if settings is not None:
        register_review(app, router, settings)  # first: before the catch-all listeners

    commands.register(app, router)
    events.register(app, router)
    actions.register(app, router)  # last: it ends with a catch-all for unknown actions


def register_review(app: App, router: Router, settings: Settings) -> None:
    """The editors' listeners: files received, review cards, the Edit modal."""
    from bot.edge.slack.listeners.actions import review
    from bot.edge.slack.listeners.events import files
    from bot.edge.slack.listeners.views import review_edit
    from bot.edge.slack.review_desk import ReviewDesk

    desk = ReviewDesk(settings, router)
    files.register(app, desk)
    review.register(app, desk)
    review_edit.register(app, desk)
