"""The search form end to end over signed HTTP: the shortcut opens it, a submission puts
the results in the same modal (in the response, or by ``views.update`` after "Searching…"
when the search is slow), a bad date range is an error on the field, paging, Details and
"Share in…" work."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from bot.core.answers.engine import answer
from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.query import Filters
from bot.edge.render.blocks.markup import escape
from bot.edge.render.blocks.search_form import (
    ACTION_FORM_DETAILS,
    ACTION_FORM_PAGE,
    ACTION_FORM_SHARE,
    ACTION_PICK_REGIONS,
    ACTION_SHARE_TO,
    ACTION_SHARE_WHAT,
    BLOCK_CATEGORY,
    BLOCK_FROM,
    BLOCK_REGIONS,
    BLOCK_SHARE,
    BLOCK_TEXT,
    BLOCK_TO,
    CALLBACK_SEARCH,
)
from bot.edge.slack.listeners.shortcuts import SEARCH_SHORTCUT
from bot.edge.slack.listeners.views import search as search_listener
from tests.support.interactions import (
    chosen,
    day,
    global_shortcut,
    merged,
    picked,
    send,
    text_value,
    view_action,
    view_submission,
)
from tests.support.slack_harness import CHANNEL, USER, SlackHarness, all_text


def _view(call: Any) -> dict[str, Any]:
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def _section_texts(view: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]


def test_the_shortcut_opens_the_form_before_anything_else(sync_bot: SlackHarness) -> None:
    reply = send(sync_bot, global_shortcut(SEARCH_SHORTCUT))
    assert reply.status == 200
    # (Bolt checks its token with auth.test first)
    assert [c.method for c in sync_bot.slack.calls if c.method != "auth.test"] == ["views.open"]
    [call] = sync_bot.slack.calls_to("views.open")
    assert call.params["trigger_id"] == "1.2.3"
    view = _view(call)
    assert view["type"] == "modal" and view["callback_id"] == CALLBACK_SEARCH
    inputs = {b["block_id"]: b["element"]["type"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs == {
        "f_text": "plain_text_input",
        "f_category": "static_select",
        "f_regions": "multi_external_select",
        "f_authorities": "multi_external_select",
        "f_status": "static_select",
        "f_from": "datepicker",
        "f_to": "datepicker",
        "f_amount": "number_input",
    }


BEIJING = merged(
    picked(BLOCK_REGIONS, ACTION_PICK_REGIONS, ["Beijing"]),
    chosen(BLOCK_CATEGORY, None),
    text_value(BLOCK_TEXT, ""),
)


def test_a_slow_search_shows_searching_then_views_update_puts_the_results(
    sync_bot: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_listener, "ANSWER_BUDGET_SECONDS", 0)  # never wait
    reply = send(sync_bot, view_submission(CALLBACK_SEARCH, BEIJING, view_id="VFORM1"))
    assert reply.status == 200
    immediate = reply.json()
    assert immediate["response_action"] == "update"
    assert "Searching…" in json.dumps(immediate["view"], ensure_ascii=False)
    [call] = sync_bot.slack.wait_for("views.update")
    assert call.params["view_id"] == "VFORM1"
    assert_beijing_results(sync_bot, _view(call))


def test_a_submission_updates_the_modal_with_the_results(sync_bot: SlackHarness) -> None:
    reply = send(sync_bot, view_submission(CALLBACK_SEARCH, BEIJING, view_id="VFORM1"))
    assert reply.status == 200
    body = reply.json()
    assert body["response_action"] == "update"  # the results, in the same modal
    assert_beijing_results(sync_bot, body["view"])
    assert sync_bot.slack.calls_to("views.update") == []


def assert_beijing_results(sync_bot: SlackHarness, view: dict[str, Any]) -> None:
    store = sync_bot.router.store
    expected = answer("about Beijing", store)
    assert expected.results, "the bundled store has developments in Beijing"
    texts = "\n".join(_section_texts(view))
    for dev in expected.results:
        assert escape(dev.title) in texts
        assert "Beijing" in default_gazetteer().region_with_ancestors(dev.regions)
    details = [
        e["value"]
        for b in view["blocks"]
        if b["type"] == "section" and b.get("accessory")
        for e in [b["accessory"]]
        if e.get("action_id") == ACTION_FORM_DETAILS
    ]
    assert details == [d.id for d in expected.results]
    # the inputs keep what was asked, so the search can be refined
    regions = next(b for b in view["blocks"] if b.get("block_id") == BLOCK_REGIONS)
    assert [o["value"] for o in regions["element"]["initial_options"]] == ["Beijing"]
    assert len(view["blocks"]) <= 100


def test_an_end_date_before_the_start_date_is_an_error_on_the_field(
    sync_bot: SlackHarness,
) -> None:
    values = merged(day(BLOCK_FROM, "2022-05-20"), day(BLOCK_TO, "2022-05-01"))
    reply = send(sync_bot, view_submission(CALLBACK_SEARCH, values))
    assert reply.status == 200
    body = reply.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {BLOCK_TO}
    assert "before the start date" in body["errors"][BLOCK_TO]
    assert sync_bot.slack.calls_to("views.update") == []


def test_dates_narrow_the_results(sync_bot: SlackHarness) -> None:
    values = merged(day(BLOCK_FROM, "2022-05-20"), day(BLOCK_TO, "2022-05-31"))
    view = send(sync_bot, view_submission(CALLBACK_SEARCH, values)).json()["view"]
    headline = _section_texts(view)[0]
    span = Filters(date_from=dt.date(2022, 5, 20), date_to=dt.date(2022, 5, 31))
    wanted = [d for d in sync_bot.router.store.developments if span.matches(d)]
    assert 0 < len(wanted) < len(sync_bot.router.store)
    assert f"{len(wanted)} developments" in headline


def test_paging_details_and_sharing_from_the_modal(sync_bot: SlackHarness) -> None:
    sync_bot.slack.add_channel(CHANNEL)
    metadata = json.dumps({"f": {"category": "regulation"}, "o": 0})
    send(sync_bot, view_action(ACTION_FORM_PAGE, "5", private_metadata=metadata))
    view = _view(sync_bot.slack.wait_for("views.update")[0])
    expected = answer("about laws", sync_bot.router.store, offset=5)
    assert f"Showing 6–{5 + len(expected.results)} of {expected.total}." in all_text(view)

    first = expected.results[0]
    send(sync_bot, view_action(ACTION_FORM_DETAILS, first.id))
    [push] = sync_bot.slack.wait_for("views.push")
    assert escape(first.title) in all_text(_view(push))

    share = {
        BLOCK_SHARE: {
            ACTION_SHARE_TO: {"type": "conversations_select", "selected_conversation": CHANNEL},
            ACTION_SHARE_WHAT: {"type": "static_select", "selected_option": {"value": first.id}},
        }
    }
    metadata = json.dumps({"f": {"category": "regulation"}, "o": 5})
    send(sync_bot, view_action(ACTION_FORM_SHARE, "share", private_metadata=metadata, values=share))
    [posted] = sync_bot.slack.wait_for("chat.postMessage")
    assert posted.params["channel"] == CHANNEL
    assert escape(first.title) in all_text(posted.params)
    assert f"<@{USER}>" in all_text(posted.params)  # shared by
    after = _view(sync_bot.slack.wait_for("views.update", 2)[-1])
    assert f"Shared in <#{CHANNEL}>." in all_text(after)


def test_sharing_where_the_bot_is_not_says_how_to_fix_it(sync_bot: SlackHarness) -> None:
    sync_bot.slack.add_channel("C0NOTIN", is_member=False)
    share = {
        BLOCK_SHARE: {
            ACTION_SHARE_TO: {"type": "conversations_select", "selected_conversation": "C0NOTIN"},
            ACTION_SHARE_WHAT: {"type": "static_select", "selected_option": {"value": "all"}},
        }
    }
    metadata = json.dumps({"f": {"regions": ["Beijing"]}, "o": 0})
    send(sync_bot, view_action(ACTION_FORM_SHARE, "share", private_metadata=metadata, values=share))
    view = _view(sync_bot.slack.wait_for("views.update")[0])
    assert "/invite @pi" in all_text(view)
    assert sync_bot.slack.delivered("chat.postMessage") == []


def test_user_text_is_never_echoed_unescaped(sync_bot: SlackHarness) -> None:
    values = text_value(BLOCK_TEXT, "<!channel> crawler & <@U999>")
    view = send(sync_bot, view_submission(CALLBACK_SEARCH, values)).json()["view"]
    shown = json.dumps([b for b in view["blocks"] if b["type"] != "input"])
    assert "<!channel>" not in shown and "<@U999>" not in shown


def test_sharing_the_whole_list_posts_every_result(sync_bot: SlackHarness) -> None:
    sync_bot.slack.add_channel(CHANNEL)
    share = {
        BLOCK_SHARE: {
            ACTION_SHARE_TO: {"type": "conversations_select", "selected_conversation": CHANNEL},
            ACTION_SHARE_WHAT: {"type": "static_select", "selected_option": {"value": "all"}},
        }
    }
    metadata = json.dumps({"f": {"category": "regulation"}, "o": 5})  # on the second page
    send(sync_bot, view_action(ACTION_FORM_SHARE, "share", private_metadata=metadata, values=share))
    expected = answer("about laws", sync_bot.router.store, page_size=50)
    assert expected.total > 5
    posted = all_text({"m": [c.params for c in sync_bot.slack.delivered()]})
    for dev in expected.results:
        assert escape(dev.title) in posted
    assert sync_bot.slack.delivered()[0].params["channel"] == CHANNEL


def test_an_empty_form_lists_the_newest(sync_bot: SlackHarness) -> None:
    view = send(sync_bot, view_submission(CALLBACK_SEARCH, {})).json()["view"]
    newest = sync_bot.router.store.developments[:5]
    texts = "\n".join(_section_texts(view))
    for dev in newest:
        assert escape(dev.title) in texts
