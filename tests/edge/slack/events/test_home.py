"""``app_home_opened`` publishes the App Home dashboard, its buttons work, and it is
republished when the knowledge store changes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from bot.core.knowledge.store import read_knowledge, write_knowledge
from bot.core.labels import CATEGORY_HEADINGS, CATEGORY_ORDER, format_amount
from bot.edge.render.blocks import escape
from bot.edge.render.blocks.home import ACTION_HOME_HELP, ACTION_HOME_SEARCH, ACTION_HOME_SUBSCRIBE
from bot.edge.render.blocks.search_form import CALLBACK_SEARCH
from tests.support.interactions import home_action, send
from tests.support.slack_harness import BUNDLED_STORE, USER, SlackHarness, serving
from tests.support.state import dev as development


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


def _published(call: Any) -> dict[str, Any]:
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_the_home_is_a_dashboard(sync_bot: SlackHarness) -> None:
    sync_bot.router.today = lambda: dt.date(2022, 5, 31)
    sync_bot.event({"type": "app_home_opened", "user": USER, "channel": "D0DM0001", "tab": "home"})
    view = _published(sync_bot.slack.wait_for("views.publish")[0])
    body = json.dumps(view, ensure_ascii=False)
    buttons = [
        e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert buttons[:3] == [ACTION_HOME_SEARCH, ACTION_HOME_SUBSCRIBE, ACTION_HOME_HELP]
    store = sync_bot.router.store
    counts = Counter(d.category for d in store.developments if d.month == "2022-05")
    glance = " · ".join(f"{CATEGORY_HEADINGS[c]}: {counts[c]}" for c in CATEGORY_ORDER)
    assert "This month at a glance (May 2022)" in body and glance in body
    fined = sorted(
        (d for d in store.developments if d.penalties), key=lambda d: d.total_penalty, reverse=True
    )
    assert fined, "the bundled store has fines in May 2022"
    texts = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    fines_at = [next(i for i, t in enumerate(texts) if escape(d.title) in t) for d in fined[:3]]
    assert fines_at == sorted(fines_at)  # largest first
    assert format_amount(fined[0].total_penalty) in body
    assert "Upcoming effective dates" in body and "Latest developments" in body


def test_the_home_buttons_open_the_search_form_and_the_help(sync_bot: SlackHarness) -> None:
    send(sync_bot, home_action(ACTION_HOME_SEARCH, "search"))
    send(sync_bot, home_action(ACTION_HOME_HELP, "help"))
    search, help_view = (_published(c) for c in sync_bot.slack.wait_for("views.open", 2))
    assert search["callback_id"] == CALLBACK_SEARCH
    assert "fines henan" in json.dumps(help_view)


def test_the_home_is_republished_when_the_store_changes(tmp_path: Path) -> None:
    path = tmp_path / "developments.json"
    shutil.copy(BUNDLED_STORE, path)
    with serving(store_path=path, home_refresh_seconds=0.05) as bot:
        bot.event({"type": "app_home_opened", "user": USER, "channel": "D0DM0001", "tab": "home"})
        bot.slack.wait_for("views.publish", 1)
        knowledge = read_knowledge(path)
        added = development(
            "new-ingest-fine", dt.date(2022, 6, 2), title="Freshly ingested fine on a bank"
        )
        write_knowledge(
            path,
            knowledge.model_copy(update={"developments": (*knowledge.developments, added)}),
        )
        calls = bot.slack.wait_for("views.publish", 2)
        assert calls[-1].params["user_id"] == USER
        assert "Freshly ingested fine on a bank" in json.dumps(_published(calls[-1]))
