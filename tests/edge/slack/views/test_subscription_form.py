"""The subscription builder end to end: ``/pi subscribe`` opens it, saving stores the
subscription through the subscription service, says it in plain words and republishes the
user's App Home, which lists it with Remove for admins."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.render.blocks.home import ACTION_HOME_REMOVE, ACTION_HOME_SUBSCRIBE
from bot.edge.render.blocks.search_form import (
    ACTION_PICK_REGIONS,
    BLOCK_AMOUNT,
    BLOCK_REGIONS,
    BLOCK_TEXT,
)
from bot.edge.render.blocks.subscription_form import (
    BLOCK_CHANNEL,
    BLOCK_KINDS,
    CALLBACK_SUBSCRIBE,
)
from bot.edge.state import StateRepository, connect
from bot.settings import Settings
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.interactions import (
    conversation,
    home_action,
    merged,
    number,
    picked,
    send,
    text_value,
    ticked,
    view_submission,
)
from tests.support.slack_harness import CHANNEL, USER, SlackHarness, serving


@pytest.fixture
def state(tmp_path: Path) -> Iterator[StateRepository]:
    engine = connect(f"sqlite:///{tmp_path / 'state.sqlite3'}")
    yield StateRepository(engine)
    engine.dispose()


def _serve(state: StateRepository, admins: str = "") -> Any:
    slack = FakeSlack().start()
    slack.add_channel(CHANNEL)
    slack.add_member(USER, CHANNEL)
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    commands = SubscriptionCommands(state, Settings(pi_admins=admins), client=client)
    return slack, serving(
        subscriptions=commands, slack=slack, process_before_response=True, pi_admins=admins
    )


@pytest.fixture
def bot(state: StateRepository) -> Iterator[SlackHarness]:
    slack, served = _serve(state)
    with served as harness:
        yield harness
    slack.stop()


def _view(call: Any) -> dict[str, Any]:
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_pi_subscribe_alone_opens_the_builder_for_this_channel(bot: SlackHarness) -> None:
    bot.command("subscribe")
    [call] = bot.slack.wait_for("views.open")
    view = _view(call)
    assert view["callback_id"] == CALLBACK_SUBSCRIBE
    channel = next(b for b in view["blocks"] if b.get("block_id") == BLOCK_CHANNEL)
    assert channel["element"]["initial_conversation"] == CHANNEL
    assert bot.slack.calls_to("response_url") == []  # no usage line instead
    bot.command("subscribe digest", hook="typed")  # with arguments: the command as before
    assert bot.slack.wait_for("response_url")[0].path.endswith("/typed")


def test_the_home_button_opens_the_builder(bot: SlackHarness) -> None:
    send(bot, home_action(ACTION_HOME_SUBSCRIBE, "subscribe"))
    assert _view(bot.slack.wait_for("views.open")[0])["callback_id"] == CALLBACK_SUBSCRIBE


def test_saving_stores_the_subscription_and_republishes_the_home(
    bot: SlackHarness, state: StateRepository
) -> None:
    values = merged(
        conversation(BLOCK_CHANNEL, CHANNEL),
        ticked(BLOCK_KINDS, ["digest", "alerts"]),
        picked(BLOCK_REGIONS, ACTION_PICK_REGIONS, ["Henan"]),
        number(BLOCK_AMOUNT, "500000"),
    )
    reply = send(bot, view_submission(CALLBACK_SUBSCRIBE, values))
    assert reply.status == 200
    body = reply.json()
    assert body["response_action"] == "update"
    shown = json.dumps(body["view"])
    assert "monthly digest" in shown and "alerts on new developments matching" in shown
    assert "region Henan" in shown and "at least CNY 500,000" in shown
    subs = {s.kind: s for s in state.subscriptions(channel_id=CHANNEL)}
    assert set(subs) == {"digest", "alerts"}
    assert subs["alerts"].filters == "Henan at least CNY 500000"
    assert subs["alerts"].created_by == USER
    [published] = bot.slack.wait_for("views.publish")
    assert published.params["user_id"] == USER
    home = json.dumps(_view(published))
    assert f"<#{CHANNEL}>" in home and "region Henan" in home
    assert ACTION_HOME_REMOVE in home  # no admins configured: anyone may remove


def test_the_digest_alone_takes_no_filters(bot: SlackHarness, state: StateRepository) -> None:
    values = merged(
        conversation(BLOCK_CHANNEL, CHANNEL),
        ticked(BLOCK_KINDS, ["digest"]),
        picked(BLOCK_REGIONS, ACTION_PICK_REGIONS, ["Henan"]),
    )
    body = send(bot, view_submission(CALLBACK_SUBSCRIBE, values)).json()
    assert body["response_action"] == "errors" and BLOCK_KINDS in body["errors"]
    assert state.subscriptions() == []


def test_a_channel_the_bot_is_not_in_is_an_error_on_the_channel(
    bot: SlackHarness, state: StateRepository
) -> None:
    bot.slack.add_channel("C0OUTSIDE", is_member=False)
    values = merged(conversation(BLOCK_CHANNEL, "C0OUTSIDE"), ticked(BLOCK_KINDS, ["alerts"]))
    body = send(bot, view_submission(CALLBACK_SUBSCRIBE, values)).json()
    assert body["response_action"] == "errors"
    assert "/invite @pi" in body["errors"][BLOCK_CHANNEL]
    assert state.subscriptions() == []


def test_remove_is_for_admins_only(state: StateRepository) -> None:
    slack, served = _serve(state, admins="U0ADMIN")
    with served as bot:
        values = merged(conversation(BLOCK_CHANNEL, CHANNEL), ticked(BLOCK_KINDS, ["alerts"]))
        body = send(bot, view_submission(CALLBACK_SUBSCRIBE, values)).json()
        assert body["response_action"] == "errors"  # the user is not an admin
        assert "admins" in body["errors"][BLOCK_CHANNEL]
        state.subscribe(CHANNEL, "alerts", filters="", user_id="U0ADMIN", now=_now())
        send(bot, home_action(ACTION_HOME_REMOVE, f"{CHANNEL}:alerts"))
        [published] = bot.slack.wait_for("views.publish")
        home = json.dumps(_view(published))
        assert "Only subscription admins" in home
        assert ACTION_HOME_REMOVE not in home  # no Remove button for a non-admin
        assert len(state.subscriptions()) == 1
    slack.stop()


def test_an_admin_removes_from_the_home(state: StateRepository) -> None:
    slack, served = _serve(state, admins=USER)
    with served as bot:
        state.subscribe(CHANNEL, "digest", filters="", user_id=USER, now=_now())
        send(bot, home_action(ACTION_HOME_REMOVE, f"{CHANNEL}:digest"))
        [published] = bot.slack.wait_for("views.publish")
        assert "Unsubscribed" in json.dumps(_view(published))
        assert state.subscriptions() == []
    slack.stop()


def _now() -> dt.datetime:
    return dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def test_what_the_subscription_service_refuses_shows_on_its_field(
    bot: SlackHarness, state: StateRepository
) -> None:
    words = merged(
        conversation(BLOCK_CHANNEL, CHANNEL),
        ticked(BLOCK_KINDS, ["alerts"]),
        text_value(BLOCK_TEXT, "zqxwv blorfity"),
    )
    body = send(bot, view_submission(CALLBACK_SUBSCRIBE, words)).json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {BLOCK_TEXT}  # the filter words, not the channel
    assert "could not use those filters" in body["errors"][BLOCK_TEXT]
    assert state.subscriptions() == []


def test_a_non_admin_is_refused_on_the_channel_field(state: StateRepository) -> None:
    slack, served = _serve(state, admins="U0ADMIN")
    with served as harness:
        values = merged(conversation(BLOCK_CHANNEL, CHANNEL), ticked(BLOCK_KINDS, ["digest"]))
        body = send(harness, view_submission(CALLBACK_SUBSCRIBE, values)).json()
    slack.stop()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {BLOCK_CHANNEL}
    assert "Only subscription admins" in body["errors"][BLOCK_CHANNEL]
    assert state.subscriptions() == []
