"""What Slack sends for shortcuts, modal submissions, buttons in modals, options requests
and link previews, signed and posted to the served app (``SlackHarness``)."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from tests.support.fake_slack import BOT_USER_ID, TEAM_ID
from tests.support.slack_harness import CHANNEL, USER, Reply, SlackHarness, http

FORM = "application/x-www-form-urlencoded"


def form_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def _who(team: str) -> dict[str, Any]:
    return {
        "team": {"id": team, "domain": "test"},
        "user": {"id": USER, "username": "lawyer", "team_id": team},
        "api_app_id": "A0APP",
        "token": "legacy-verification-token",
    }


def global_shortcut(callback_id: str, *, team: str = TEAM_ID) -> dict[str, Any]:
    return {
        "type": "shortcut",
        "callback_id": callback_id,
        "trigger_id": "1.2.3",
        "action_ts": "1.1",
        **_who(team),
    }


def message_shortcut(
    bot: SlackHarness, callback_id: str, text: str, *, team: str = TEAM_ID
) -> dict[str, Any]:
    return {
        "type": "message_action",
        "callback_id": callback_id,
        "trigger_id": "1.2.3",
        "action_ts": "1.1",
        "channel": {"id": CHANNEL, "name": "general"},
        "message": {"type": "message", "user": "U0OTHER", "text": text, "ts": "5.000001"},
        "message_ts": "5.000001",
        "response_url": bot.slack.response_url("shortcut"),
        **_who(team),
    }


def options_request(action_id: str, typed: str, *, team: str = TEAM_ID) -> dict[str, Any]:
    return {
        "type": "block_suggestion",
        "action_id": action_id,
        "block_id": "f_regions",
        "value": typed,
        "container": {"type": "view", "view_id": "VOPEN0001"},
        "view": {"id": "VOPEN0001", "type": "modal"},
        **_who(team),
    }


def view_submission(
    callback_id: str,
    values: dict[str, Any],
    *,
    view_id: str = "VOPEN0001",
    private_metadata: str = "",
    team: str = TEAM_ID,
) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "trigger_id": "1.2.3",
        "view": {
            "id": view_id,
            "type": "modal",
            "callback_id": callback_id,
            "hash": "h1",
            "private_metadata": private_metadata,
            "state": {"values": values},
        },
        **_who(team),
    }


def view_action(
    action_id: str,
    value: str,
    *,
    view_id: str = "VOPEN0001",
    private_metadata: str = "",
    values: dict[str, Any] | None = None,
    team: str = TEAM_ID,
) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "trigger_id": "1.2.3",
        "container": {"type": "view", "view_id": view_id},
        "view": {
            "id": view_id,
            "type": "modal",
            "hash": "h1",
            "private_metadata": private_metadata,
            "state": {"values": values or {}},
        },
        "actions": [{"action_id": action_id, "block_id": "b", "type": "button", "value": value}],
        **_who(team),
    }


def home_action(action_id: str, value: str, *, team: str = TEAM_ID) -> dict[str, Any]:
    payload = view_action(action_id, value, view_id="VHOME", team=team)
    payload["view"]["type"] = "home"
    return payload


def link_shared(urls: list[str], *, team: str = TEAM_ID) -> dict[str, Any]:
    ts = f"{int(time.time())}.000100"
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": f"EvLINK{time.monotonic_ns()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team, "user_id": BOT_USER_ID, "is_bot": True}],
        "event": {
            "type": "link_shared",
            "channel": CHANNEL,
            "user": USER,
            "message_ts": ts,
            "links": [{"url": url, "domain": url.split("/")[2]} for url in urls],
        },
    }


def send(bot: SlackHarness, payload: dict[str, Any]) -> Reply:
    """Post ``payload`` signed, as Slack does (events as JSON, the rest as a form)."""
    if payload.get("type") == "event_callback":
        return bot.post(json.dumps(payload), "application/json")
    return bot.post(form_body(payload), FORM)


def send_unsigned(bot: SlackHarness, payload: dict[str, Any]) -> Reply:
    if payload.get("type") == "event_callback":
        body, kind = json.dumps(payload), "application/json"
    else:
        body, kind = form_body(payload), FORM
    headers = {
        "Content-Type": kind,
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    return http("POST", bot.url + "/slack/events", body.encode(), headers)


# --- form state values, as Slack reports them -------------------------------------------


def text_value(block: str, value: str) -> dict[str, Any]:
    return {block: {block: {"type": "plain_text_input", "value": value}}}


def picked(block: str, action: str, values: list[str]) -> dict[str, Any]:
    options = [{"value": v, "text": {"type": "plain_text", "text": v}} for v in values]
    return {block: {action: {"type": "multi_external_select", "selected_options": options}}}


def chosen(block: str, value: str | None) -> dict[str, Any]:
    option = {"value": value, "text": {"type": "plain_text", "text": value}} if value else None
    return {block: {block: {"type": "static_select", "selected_option": option}}}


def day(block: str, value: str | None) -> dict[str, Any]:
    return {block: {block: {"type": "datepicker", "selected_date": value}}}


def number(block: str, value: str | None) -> dict[str, Any]:
    return {block: {block: {"type": "number_input", "value": value}}}


def conversation(block: str, channel: str | None) -> dict[str, Any]:
    return {block: {block: {"type": "conversations_select", "selected_conversation": channel}}}


def ticked(block: str, values: list[str]) -> dict[str, Any]:
    options = [{"value": v, "text": {"type": "plain_text", "text": v}} for v in values]
    return {block: {block: {"type": "checkboxes", "selected_options": options}}}


def merged(*parts: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        out.update(part)
    return out
