"""Bolt listeners, one package per kind, each with ``register(app, router, deps)``:
commands, events (messages, mentions, the App Home, link previews), shortcuts, views
(the search and subscription modals and their buttons), options (type-ahead for the
external selects) and actions (buttons)."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import App

from bot.core.answers import Router
from bot.edge.delivery.factory import DelivererFactory
from bot.edge.slack.listeners import actions, commands, events, options, shortcuts, views
from bot.edge.slack.listeners.actions import review
from bot.edge.slack.listeners.commands import ingest
from bot.edge.slack.listeners.events import files
from bot.edge.slack.listeners.home_tab import HomeTab
from bot.edge.slack.listeners.views import review_edit
from bot.edge.slack.review_desk import ReviewDesk
from bot.settings import Settings


@dataclass
class Deps:
    """What listeners share besides the router: the settings and the App Home publisher."""

    settings: Settings
    home: HomeTab


def register_all(
    app: App, router: Router, settings: Settings, *, deliverers: DelivererFactory
) -> Deps:
    """Every listener on ``app``; ``deliverers`` send the review desk's cards."""
    deps = Deps(settings=settings, home=HomeTab(router, settings))
    register_review(app, router, settings, deliverers)  # first: before the catch-all listeners
    commands.register(app, router, deps)
    events.register(app, router, deps)
    shortcuts.register(app, router, deps)
    views.register(app, router, deps)
    options.register(app, router, deps)
    actions.register(app, router, deps)  # last: it ends with catch-alls for the rest
    return deps


def register_review(
    app: App, router: Router, settings: Settings, deliverers: DelivererFactory
) -> None:
    """The editors' listeners: files received, review cards, the Edit modal."""
    desk = ReviewDesk(settings, router, deliverers=deliverers)
    files.register(app, desk)
    ingest.register(app, desk)
    review.register(app, desk)
    review_edit.register(app, desk)
