"""Opening the modals: always the first thing a listener does after ``ack()``, before any
slow work, so the ``trigger_id`` (valid for three seconds) has not expired."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.edge.render.blocks.form_filters import FormFilters
from bot.edge.render.blocks.search_form import search_view
from bot.edge.render.blocks.subscription_form import subscription_view
from bot.edge.slack.replies import log_failure


def open_search(client: WebClient, trigger_id: str) -> bool:
    try:
        client.views_open(trigger_id=trigger_id, view=search_view(FormFilters()))
        return True
    except Exception as exc:
        log_failure("opening the search form", exc)
        return False


def open_subscription_builder(client: WebClient, trigger_id: str, channel: str | None) -> bool:
    try:
        client.views_open(trigger_id=trigger_id, view=subscription_view(channel))
        return True
    except Exception as exc:
        log_failure("opening the subscription builder", exc)
        return False
