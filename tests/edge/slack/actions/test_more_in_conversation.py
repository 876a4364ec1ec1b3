"""Pressing "More" in a direct message or a mention thread leaves the conversation where
typing ``more`` would: "the first one" then means the first of the page the button
showed, and a question about "them" is asked of the same list. The conversation lives in
the state database, as in production."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.core.answers.engine import answer
from bot.edge.state.conversations import DatabaseConversations
from bot.edge.state.db import connect
from tests.support.slack_harness import CHANNEL, DM, SlackHarness, serving


@pytest.fixture
def talking(sqlite_url: str) -> Iterator[SlackHarness]:
    with serving(conversations=DatabaseConversations(connect(sqlite_url))) as bot:
        yield bot


def _more_value(call: Any) -> str:
    [value] = [
        e["value"]
        for b in call.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "pi_more"
    ]
    return str(value)


def _sixth(bot: SlackHarness) -> str:
    """The first development of the second page of ``latest 12``."""
    [dev] = answer("latest 12", bot.router.store.published, offset=5, page_size=1).results
    return dev.id


def _blocks(call: Any) -> str:
    return json.dumps(call.params["blocks"], ensure_ascii=False)


def test_the_first_one_after_more_in_a_dm_is_the_first_of_the_page_shown(
    talking: SlackHarness,
) -> None:
    talking.dm("latest 12")
    [first] = talking.slack.wait_for("chat.postMessage")
    talking.action(
        "pi_more",
        _more_value(first),
        container={"type": "message", "message_ts": "5.1", "channel_id": DM, "is_ephemeral": False},
        channel=DM,
        message={"ts": "5.1", "type": "message", "text": "x"},
    )
    talking.slack.wait_for("chat.postMessage", count=2)
    talking.dm("the first one")
    shown = talking.slack.wait_for("chat.postMessage", count=3)[-1]
    assert f"id: {_sixth(talking)}" in _blocks(shown)


def test_more_in_a_mention_thread_continues_that_threads_conversation(
    talking: SlackHarness,
) -> None:
    talking.mention("latest 12")
    [first] = talking.slack.wait_for("chat.postMessage")
    thread = first.params["thread_ts"]
    talking.action(
        "pi_more",
        _more_value(first),
        container={"type": "message", "message_ts": "7.2", "channel_id": CHANNEL},
        message={"ts": "7.2", "thread_ts": thread, "type": "message", "text": "x"},
    )
    second = talking.slack.wait_for("chat.postMessage", count=2)[-1]
    assert second.params["thread_ts"] == thread
    assert "Showing 6–10 of 12" in _blocks(second)
    talking.mention("more", thread_ts=thread)  # typed after the button: the third page
    third = talking.slack.wait_for("chat.postMessage", count=3)[-1]
    assert "Showing 11–12 of 12" in _blocks(third)
    talking.mention("the first one", thread_ts=thread)
    shown = talking.slack.wait_for("chat.postMessage", count=4)[-1]
    [eleventh] = answer("latest 12", talking.router.store.published, offset=10, page_size=1).results
    assert f"id: {eleventh.id}" in _blocks(shown)


def test_more_on_a_question_about_them_pages_that_question_in_the_list(
    talking: SlackHarness,
) -> None:
    talking.dm("latest")
    talking.slack.wait_for("chat.postMessage")
    talking.dm("which of them are laws?")
    laws = talking.slack.wait_for("chat.postMessage", count=2)[-1]
    store = talking.router.store.published
    regulations = sum(1 for d in store.developments if d.category.value == "regulation")
    assert f"Showing 1–5 of {regulations}" in _blocks(laws)
    talking.action(
        "pi_more",
        _more_value(laws),
        container={"type": "message", "message_ts": "5.1", "channel_id": DM, "is_ephemeral": False},
        channel=DM,
        message={"ts": "5.1", "type": "message", "text": "x"},
    )
    page = _blocks(talking.slack.wait_for("chat.postMessage", count=3)[-1])
    assert f"Showing 6–10 of {regulations}" in page
    assert "You asked: which of them are laws? (of: latest)" in page
    talking.dm("the first one")
    sixth = answer("which of them are laws? «of» latest", store, offset=5, page_size=1).results[0]
    shown = talking.slack.wait_for("chat.postMessage", count=4)[-1]
    assert f"id: {sixth.id}" in _blocks(shown)
