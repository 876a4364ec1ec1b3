"""Every status and every category of the search form can be chosen and reaches the results,
over signed HTTP: the form builds the query from its fields (no text round trip)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from bot.core.knowledge.model import Category, Status
from bot.core.labels import STATUS_LABELS
from bot.edge.render.blocks.form_filters import FormFilters
from bot.edge.render.blocks.markup import escape
from bot.edge.render.blocks.search_form import (
    ACTION_FORM_SHARE,
    ACTION_SHARE_TO,
    ACTION_SHARE_WHAT,
    BLOCK_CATEGORY,
    BLOCK_SHARE,
    BLOCK_STATUS,
    CALLBACK_SEARCH,
    filter_inputs,
)
from tests.support.interactions import chosen, send, view_action, view_submission
from tests.support.slack_harness import CHANNEL, SlackHarness, all_text, serving
from tests.support.state import dev, write_store


def _results(sync_bot: SlackHarness, values: dict[str, Any]) -> tuple[str, list[str]]:
    reply = send(sync_bot, view_submission(CALLBACK_SEARCH, values))
    view = reply.json()["view"]
    view = json.loads(view) if isinstance(view, str) else view
    sections = [b for b in view["blocks"] if b["type"] == "section"]
    shown = [b["accessory"]["value"] for b in sections if b.get("accessory")]
    return sections[0]["text"]["text"], shown


def test_the_form_offers_every_status_and_category() -> None:
    blocks = {b.block_id: b.to_dict() for b in filter_inputs(FormFilters())}
    offered = {o["value"] for o in blocks[BLOCK_STATUS]["element"]["options"]}
    assert offered == {s.value for s in Status}
    offered = {o["value"] for o in blocks[BLOCK_CATEGORY]["element"]["options"]}
    assert offered == {c.value for c in Category}


@pytest.mark.parametrize("status", list(Status))
def test_every_status_can_be_chosen_and_reaches_the_results(
    sync_bot: SlackHarness, status: Status
) -> None:
    published = sync_bot.router.store.published
    wanted = [d for d in published.developments if d.status == status]
    headline, shown = _results(sync_bot, chosen(BLOCK_STATUS, status.value))
    assert all(published.get(i).status == status for i in shown)  # type: ignore[union-attr]
    if wanted:
        assert shown and f"{len(wanted)} development" in headline
        assert STATUS_LABELS[status] in headline
    else:
        assert not shown


@pytest.mark.parametrize("category", list(Category))
def test_every_category_can_be_chosen_and_reaches_the_results(
    sync_bot: SlackHarness, category: Category
) -> None:
    published = sync_bot.router.store.published
    wanted = [d for d in published.developments if d.category == category]
    assert wanted, "the bundled store has every category"
    headline, shown = _results(sync_bot, chosen(BLOCK_CATEGORY, category.value))
    assert shown and all(published.get(i).category == category for i in shown)  # type: ignore[union-attr]
    assert f"{len(wanted)} development" in headline


def test_sharing_the_whole_list_never_posts_an_unreviewed_development(tmp_path: Path) -> None:
    published = dev("henan-fine", dt.date(2024, 6, 4), regions=("Henan",), fine=100_000)
    pending = dev("henan-pending", dt.date(2024, 6, 5), regions=("Henan",), reviewed=False)
    path = write_store(tmp_path / "developments.json", published, pending)
    with serving(process_before_response=True, store_path=path) as bot:
        bot.slack.add_channel(CHANNEL)
        share = {
            BLOCK_SHARE: {
                ACTION_SHARE_TO: {"type": "conversations_select", "selected_conversation": CHANNEL},
                ACTION_SHARE_WHAT: {"type": "static_select", "selected_option": {"value": "all"}},
            }
        }
        metadata = json.dumps({"f": {"regions": ["Henan"]}, "o": 0})
        send(bot, view_action(ACTION_FORM_SHARE, "share", private_metadata=metadata, values=share))
        bot.slack.wait_for("views.update")
        posted = all_text({"m": [c.params for c in bot.slack.delivered()]})
    assert escape(published.title) in posted
    assert escape(pending.title) not in posted and pending.id not in posted
