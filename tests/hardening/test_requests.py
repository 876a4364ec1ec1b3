"""Hardening, requests: what reaches ``POST /slack/events``. Forged, unsigned, stale, replayed,
wrongly typed, oversized or malformed requests are refused with the right status and change
nothing (no call to Slack, no database row); Slack's retries get no second answer, also
across several instances sharing the state database; unknown event and interaction types are
acknowledged and ignored; other workspaces are refused."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.slack.handled import HandledEvents, SharedRecord
from bot.edge.slack.runtime import build_runtime
from bot.edge.slack.web import create_web_app
from bot.edge.state import StateRepository, connect
from bot.edge.state.db import handled_requests
from bot.settings import Settings
from tests.support.fake_slack import BOT_TOKEN, TEAM_ID, FakeSlack
from tests.support.slack_harness import (
    SIGNING_SECRET,
    Reply,
    SlackHarness,
    http,
    on_loopback,
    serving,
    signed_headers,
)

FORM = "application/x-www-form-urlencoded"
SUBSCRIBE = "subscribe digest"


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[StateRepository]:
    engine = connect(f"sqlite:///{tmp_path / 'state' / 'pi-bot.sqlite3'}")
    yield StateRepository(engine)
    engine.dispose()


def _instance(repo: StateRepository, **kw: Any) -> Any:
    """One instance of the app: subscriptions and the handled record in ``repo``'s database,
    each request fully handled before its response."""
    return serving(
        subscriptions=SubscriptionCommands(repo, Settings()),
        handled=SharedRecord(repo),
        process_before_response=True,
        slack_team_id=TEAM_ID,
        **kw,
    )


@pytest.fixture
def bot(repo: StateRepository) -> Iterator[SlackHarness]:
    with _instance(repo) as harness:
        yield harness


def _slack_calls(bot: SlackHarness) -> list[str]:
    """What the bot asked of Slack (auth.test, Bolt's one-off token check, aside)."""
    return [c.method for c in bot.slack.calls if c.method != "auth.test"]


def _handled_rows(repo: StateRepository) -> int:
    with repo.engine.begin() as conn:
        return int(conn.execute(select(func.count()).select_from(handled_requests)).scalar_one())


def assert_nothing_happened(bot: SlackHarness, repo: StateRepository) -> None:
    assert bot.slack.calls == []
    assert repo.subscriptions() == []
    assert _handled_rows(repo) == 0


def _command_body(bot: SlackHarness, text: str = SUBSCRIBE, team: str = TEAM_ID) -> str:
    return urlencode(
        {
            "team_id": team,
            "channel_id": "C0CHAN1",
            "user_id": "U0USER1",
            "command": "/pi",
            "text": text,
            "response_url": bot.slack.response_url("cmd"),
        }
    )


def _raw(bot: SlackHarness, body: str, headers: dict[str, str]) -> Reply:
    return http("POST", bot.url + "/slack/events", body.encode(), headers)


# --- signatures and timestamps ---------------------------------------------------------


def test_a_forged_signature_is_refused(bot: SlackHarness, repo: StateRepository) -> None:
    assert bot.command(SUBSCRIBE, secret="not-the-signing-secret").status == 401
    body = _command_body(bot)
    for forged in ("v0=" + "0" * 64, "v1=abc", "garbage", "v0="):
        headers = {**signed_headers(body), "X-Slack-Signature": forged, "Content-Type": FORM}
        assert _raw(bot, body, headers).status == 401, forged
    # a real signature over another body
    headers = {**signed_headers(_command_body(bot, "stats")), "Content-Type": FORM}
    assert _raw(bot, body, headers).status == 401
    assert_nothing_happened(bot, repo)


@pytest.mark.parametrize(
    "missing",
    [
        ("X-Slack-Signature",),
        ("X-Slack-Request-Timestamp",),
        ("X-Slack-Signature", "X-Slack-Request-Timestamp"),
    ],
)
def test_missing_signature_headers_are_refused(
    bot: SlackHarness, repo: StateRepository, missing: tuple[str, ...]
) -> None:
    body = _command_body(bot)
    headers = {**signed_headers(body), "Content-Type": FORM}
    for name in missing:
        del headers[name]
    assert _raw(bot, body, headers).status == 401
    assert_nothing_happened(bot, repo)


@pytest.mark.parametrize("skew", [-6 * 60, -3600, 6 * 60])
def test_a_timestamp_more_than_five_minutes_off_is_refused(
    bot: SlackHarness, repo: StateRepository, skew: int
) -> None:
    assert bot.command(SUBSCRIBE, timestamp=int(time.time()) + skew).status == 401
    assert_nothing_happened(bot, repo)


# --- replays and retries -----------------------------------------------------------------


def test_a_replayed_slash_command_is_refused(bot: SlackHarness, repo: StateRepository) -> None:
    now = int(time.time())
    assert bot.command(SUBSCRIBE, timestamp=now).status == 200
    assert len(repo.subscriptions()) == 1
    repo.unsubscribe("C0CHAN1")
    replay = bot.command(SUBSCRIBE, timestamp=now)  # byte for byte the same request
    assert replay.status == 401
    assert repo.subscriptions() == []  # not subscribed again
    assert len(bot.slack.calls_to("response_url")) == 1
    assert bot.command(SUBSCRIBE, timestamp=now - 1).status == 200  # a new request: served
    assert len(repo.subscriptions()) == 1


def test_a_replayed_button_press_is_refused(bot: SlackHarness) -> None:
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": "U0USER1", "team_id": TEAM_ID},
        "api_app_id": "A0APP",
        "container": {"type": "message", "channel_id": "C0CHAN1", "is_ephemeral": True},
        "channel": {"id": "C0CHAN1"},
        "response_url": bot.slack.response_url("action"),
        "actions": [{"action_id": "pi_details", "block_id": "b", "type": "button", "value": "x"}],
    }
    body = urlencode({"payload": json.dumps(payload)})
    now = int(time.time())
    assert bot.post(body, FORM, timestamp=now).status == 200
    assert bot.post(body, FORM, timestamp=now).status == 401
    assert len(bot.slack.calls_to("response_url")) == 1


def test_a_replayed_event_is_acknowledged_without_a_second_answer(bot: SlackHarness) -> None:
    event = {"type": "message", "channel": "D0DM0001", "channel_type": "im", "user": "U0USER1"}
    payload = {
        "team_id": TEAM_ID,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": "Ev0REPLAY1",
        "event": {**event, "text": "stats", "ts": "1.000001"},
    }
    body, now = json.dumps(payload), int(time.time())
    assert bot.post(body, "application/json", timestamp=now).status == 200
    assert bot.post(body, "application/json", timestamp=now).status == 200
    assert len(bot.slack.calls_to("chat.postMessage")) == 1


def test_slack_retries_of_a_handled_event_get_no_second_answer(bot: SlackHarness) -> None:
    assert bot.dm("stats", event_id="Ev0RETRY1").status == 200
    for retry in (1, 2, 3):  # Slack signs each retry afresh: only the event id repeats
        assert bot.dm("stats", event_id="Ev0RETRY1", retry_num=retry).status == 200
    assert len(bot.slack.calls_to("chat.postMessage")) == 1
    bot.dm("stats", event_id="Ev0RETRY2")
    assert len(bot.slack.calls_to("chat.postMessage")) == 2


def test_retries_and_replays_reaching_another_instance_are_caught_by_the_shared_record(
    repo: StateRepository, tmp_path: Path
) -> None:
    with (
        FakeSlack() as slack,
        _instance(repo, slack=slack) as one,
        _instance(StateRepository(connect(str(repo.engine.url))), slack=slack) as two,
    ):
        assert one.dm("stats", event_id="Ev0MULTI1").status == 200
        assert two.dm("stats", event_id="Ev0MULTI1", retry_num=1).status == 200
        assert len(slack.calls_to("chat.postMessage")) == 1
        now = int(time.time())
        assert one.command(SUBSCRIBE, timestamp=now).status == 200
        repo.unsubscribe("C0CHAN1")
        assert two.command(SUBSCRIBE, timestamp=now).status == 401  # the same request
        assert repo.subscriptions() == []
        assert len(slack.calls_to("response_url")) == 1


def test_without_the_database_each_instance_still_remembers_alone(tmp_path: Path) -> None:
    repo = StateRepository(connect(f"sqlite:///{tmp_path / 'gone.sqlite3'}"))
    repo.engine.dispose()
    (tmp_path / "gone.sqlite3").unlink()
    (tmp_path / "gone.sqlite3").mkdir()  # the database file can no longer be opened
    record = SharedRecord(repo, memory=HandledEvents())
    assert record.first_time("event:Ev1") is True
    assert record.first_time("event:Ev1") is False
    assert record.first_time("event:Ev2") is True


# --- content type, size, shape -----------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "multipart/form-data; boundary=x", "application/xml", "", "image/png"],
)
def test_a_wrong_content_type_is_refused(
    bot: SlackHarness, repo: StateRepository, content_type: str
) -> None:
    body = _command_body(bot)
    headers = {**signed_headers(body), "Content-Type": content_type}
    assert _raw(bot, body, headers).status == 415
    assert_nothing_happened(bot, repo)


def test_a_body_over_one_megabyte_is_refused(bot: SlackHarness, repo: StateRepository) -> None:
    assert bot.command(SUBSCRIBE + " " + "x" * (1024 * 1024)).status == 413
    assert_nothing_happened(bot, repo)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("[1, 2]", "application/json"),
        ("command=%2Fpi&text=stats", "application/json"),
        ("payload=%7Bbad", FORM),
        ("payload=%5B%5D", FORM),
    ],
)
def test_a_signed_but_malformed_body_is_refused(
    bot: SlackHarness, repo: StateRepository, body: str, content_type: str
) -> None:
    assert bot.post(body, content_type).status == 400
    assert _slack_calls(bot) == []
    assert repo.subscriptions() == []


# --- what no listener handles ------------------------------------------------------------


@pytest.mark.parametrize(
    "event_type", ["reaction_added", "app_uninstalled", "tokens_revoked", "a_future_event"]
)
def test_unknown_event_types_are_acknowledged_and_ignored(
    bot: SlackHarness, event_type: str
) -> None:
    assert bot.event({"type": event_type, "user": "U0USER1"}).status == 200
    assert _slack_calls(bot) == []


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "block_actions", "actions": [{"action_id": "other_app", "value": "1"}]},
        {"type": "block_actions"},
        {"type": "shortcut", "callback_id": "unknown"},
        {"type": "message_action", "callback_id": "unknown", "message": {"ts": "1.1"}},
        {"type": "view_submission", "view": {"id": "V1", "type": "modal", "callback_id": "x"}},
        {"type": "view_closed", "view": {"id": "V1", "type": "modal", "callback_id": "x"}},
        {"type": "block_suggestion", "action_id": "unknown", "block_id": "b", "value": "x"},
        {"type": "interactive_message", "callback_id": "legacy", "actions": [{"name": "a"}]},
        {"type": "a_future_interaction"},
    ],
    ids=lambda p: str(p["type"]),
)
def test_interactions_from_unknown_blocks_are_acknowledged_and_ignored(
    bot: SlackHarness, payload: dict[str, Any]
) -> None:
    base = {"team": {"id": TEAM_ID}, "user": {"id": "U0USER1", "team_id": TEAM_ID}}
    base["container"] = {"type": "message", "is_ephemeral": False, "channel_id": "C0CHAN1"}
    reply = bot.post(urlencode({"payload": json.dumps({**base, **payload})}), FORM)
    assert reply.status == 200
    assert _slack_calls(bot) == []


# --- other workspaces ----------------------------------------------------------------------


def test_requests_from_another_workspace_are_refused(
    bot: SlackHarness, repo: StateRepository
) -> None:
    assert bot.command(SUBSCRIBE, team="T0INTRUDER").status == 403
    assert bot.dm("stats", team="T0INTRUDER").status == 403
    assert bot.action("pi_details", "x", team="T0INTRUDER").status == 403
    no_team = _command_body(bot, team="")
    assert bot.post(no_team, FORM).status == 403
    assert _slack_calls(bot) == [] and repo.subscriptions() == []


def test_the_workspace_defaults_to_the_bot_tokens_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without SLACK_TEAM_ID, the serving workspace is the one auth.test names for the token."""
    with FakeSlack() as slack:
        settings = Settings(
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=slack.api_url,
            database_url=f"sqlite:///{tmp_path / 'state.sqlite3'}",
        )
        runtime = build_runtime(settings, needs=(), command="serve")
        assert runtime.settings.slack_team_id == TEAM_ID
        web = create_web_app(runtime.app, runtime.live_store, signing_secret=SIGNING_SECRET)
        with on_loopback(web) as url:
            bot = SlackHarness(slack=slack, url=url, router=runtime.router)
            assert bot.command("stats", team="T0INTRUDER").status == 403
            assert bot.command("stats").status == 200
            slack.wait_for("response_url")


@pytest.mark.parametrize("event", ["message", ["message"], 7, None, True])
def test_a_signed_event_whose_event_is_not_an_object_is_refused(
    bot: SlackHarness, repo: StateRepository, event: Any
) -> None:
    body = {"type": "event_callback", "team_id": TEAM_ID, "event_id": "Ev0SHAPE1", "event": event}
    assert bot.post(json.dumps(body), "application/json").status == 400
    assert _slack_calls(bot) == []
    assert _handled_rows(repo) == 0
