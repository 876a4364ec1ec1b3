"""``app_home_opened`` publishes the App Home: how to use the bot and the latest news."""

from __future__ import annotations

import json

from bot.edge.render.blocks import escape
from tests.support.slack_harness import USER, SlackHarness


def test_opening_the_home_tab_publishes_the_view(bot: SlackHarness) -> None:
    bot.event({"type": "app_home_opened", "user": USER, "channel": "D0DM0001", "tab": "home"})
    [call] = bot.slack.wait_for("views.publish")
    assert call.params["user_id"] == USER
    view = call.params["view"]
    if isinstance(view, str):
        view = json.loads(view)
    assert view["type"] == "home"
    body = json.dumps(view, ensure_ascii=False)
    assert "/pi fines henan" in body
    sections = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    for dev in bot.router.store.developments[:10]:
        assert any(escape(dev.title) in text for text in sections)
    assert len(view["blocks"]) <= 100


def test_the_messages_tab_publishes_nothing(sync_bot: SlackHarness) -> None:
    sync_bot.event({"type": "app_home_opened", "user": USER, "channel": "D0", "tab": "messages"})
    assert sync_bot.slack.calls_to("views.publish") == []
