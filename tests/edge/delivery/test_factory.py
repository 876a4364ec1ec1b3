"""Every deliverer of a process follows the DELIVERY_* settings, the review desk's too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from slack_sdk import WebClient

from bot.core.answers.router import Router
from bot.core.knowledge.store import LiveStore, default_store_path
from bot.edge.delivery.factory import DelivererFactory
from bot.edge.slack.review_desk import ReviewDesk
from bot.edge.state.database import StateDatabase
from bot.settings import Settings


def _settings(tmp_path: Path) -> Settings:
    return Settings(
        slack_bot_token="xoxb-test",
        database_url=f"sqlite:///{tmp_path / 'state.db'}",
        delivery_pace_seconds=0.25,
        delivery_workspace_per_second=3,
        delivery_retry_seconds=0.5,
        delivery_lease_seconds=77,
        delivery_workers=6,
    )


def test_a_deliverer_is_made_as_the_settings_say(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    factory = DelivererFactory(
        settings, StateDatabase(settings.database_url.get_secret_value()).repository
    )
    deliverer = factory.make(WebClient(token="xoxb-test"), team_id="T1")
    assert deliverer.lease == dt.timedelta(seconds=77)
    assert deliverer.workers == 6
    assert deliverer.retry_delays == (0.5, 1.0, 2.0)
    assert deliverer.pacer.pace_seconds == 0.25
    assert deliverer.pacer.workspace_interval == 1 / 3
    assert deliverer.team_id == "T1"


def test_the_review_desk_posts_cards_with_the_settings_lease_and_one_worker(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path)
    state = StateDatabase(settings.database_url.get_secret_value())
    router = Router(LiveStore(default_store_path()), None)
    desk = ReviewDesk(settings, router, deliverers=DelivererFactory(settings, state.repository))
    cards = desk._cards_deliverer("xoxb-test")
    assert cards.lease == dt.timedelta(seconds=77)  # it once kept its own ten minutes
    assert cards.pacer.workspace_interval == 1 / 3  # and ignored the workspace rate
    assert cards.workers == 1  # the cards in order, the approve-all message last
    assert cards.retry_delays == (1.0, 2.0)  # an editor is waiting
    assert desk._cards_deliverer("xoxb-test") is cards
