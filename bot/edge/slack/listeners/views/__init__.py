"""Modals: the search form (submission, paging, Details, Share in…) and the subscription
builder (submission)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App

from bot.core.answers import Router
from bot.edge.render.blocks.search_form import (
    ACTION_FORM_DETAILS,
    ACTION_FORM_PAGE,
    ACTION_FORM_SHARE,
    CALLBACK_SEARCH,
)
from bot.edge.render.blocks.subscription_form import CALLBACK_SUBSCRIBE
from bot.edge.slack.listeners.views.search import (
    make_form_details,
    make_form_share,
    make_page,
    make_search_submission,
)
from bot.edge.slack.listeners.views.subscribe import make_subscription_submission

if TYPE_CHECKING:
    from bot.edge.slack.listeners import Deps

VIEW_CALLBACKS = (CALLBACK_SEARCH, CALLBACK_SUBSCRIBE)


def register(app: App, router: Router, deps: Deps) -> None:
    app.view_submission(CALLBACK_SEARCH)(make_search_submission(router))
    app.view_submission(CALLBACK_SUBSCRIBE)(make_subscription_submission(router, deps.home))
    app.action(ACTION_FORM_PAGE)(make_page(router))
    app.action(ACTION_FORM_DETAILS)(make_form_details(router))
    app.action(ACTION_FORM_SHARE)(make_form_share(router))
