"""Signed requests of shapes Slack never sends get 400 (not 500); a slash command whose text
says "payload" is answered; a mention while the state database is locked is answered
without conversation context."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.core.answers.answer import APOLOGY_HEADLINE
from bot.edge.state.conversations import DatabaseConversations
from bot.edge.state.db import connect
from tests.support.slack_harness import BOT_USER_ID, SlackHarness, all_text, serving


@pytest.fixture(scope="module")
def bot() -> Iterator[SlackHarness]:
    with serving(process_before_response=True) as harness:
        yield harness


def _interaction(bot: SlackHarness, payload: dict[str, Any]) -> int:
    full = {"team": {"id": "T0TEST"}, "user": {"id": "U0LAWYER1"}, **payload}
    body = urlencode({"payload": json.dumps(full)})
    return bot.post(body, "application/x-www-form-urlencoded").status


@pytest.mark.parametrize(
    "event",
    [
        {"type": 5},
        {"type": "message", "channel": {"id": "C1"}, "user": "U1", "text": "hi"},
        {"type": "app_mention", "text": ["fines"], "user": "U1", "channel": "C1"},
        {"type": "link_shared", "links": "https://x.example"},
    ],
)
def test_malformed_events_get_400(bot: SlackHarness, event: dict[str, Any]) -> None:
    assert bot.event(event).status == 400


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "block_actions", "actions": "x"},
        {"type": "block_actions", "actions": ["x"]},
        {"type": "view_submission", "view": "x"},
        {"type": "view_submission", "view": {"callback_id": 5, "state": {}}},
        {"type": 7},
        {"type": "block_actions", "actions": [], "user": "U1"},
    ],
)
def test_malformed_interactions_get_400(bot: SlackHarness, payload: dict[str, Any]) -> None:
    assert _interaction(bot, payload) == 400


def test_a_command_saying_payload_is_answered(bot: SlackHarness) -> None:
    reply = bot.command("payload rules", hook="payload")
    assert reply.status == 200
    [answer] = bot.slack.wait_for("response_url")
    assert answer.path.endswith("/payload")
    assert "another workspace" not in all_text(answer.params)


def test_a_mention_while_the_database_is_locked_is_answered_without_context(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    conversations = DatabaseConversations(connect(url, busy_timeout_ms=100))
    locker = sqlite3.connect(tmp_path / "state.sqlite3", isolation_level=None)
    with serving(process_before_response=True, conversations=conversations) as bot:
        locker.execute("BEGIN EXCLUSIVE")  # a long write elsewhere holds the database
        try:
            assert bot.mention("fines henan").status == 200
            [call] = bot.slack.wait_for("chat.postMessage")
        finally:
            locker.execute("ROLLBACK")
            locker.close()
    text = all_text(call.params)
    assert APOLOGY_HEADLINE not in text and "henan" in text.lower()
    assert BOT_USER_ID not in json.dumps(call.params)
