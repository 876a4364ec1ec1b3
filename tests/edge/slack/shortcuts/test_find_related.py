"""The message shortcut "Find related developments": the message's text goes through the
answer engine and the results come back only to the user."""

from __future__ import annotations

from bot.core.answers.engine import answer
from bot.edge.render.blocks.markup import escape
from bot.edge.slack.listeners.shortcuts import RELATED_SHORTCUT
from tests.support.interactions import message_shortcut, send
from tests.support.slack_harness import SlackHarness, all_text


def test_results_come_back_privately(sync_bot: SlackHarness) -> None:
    text = "Has anyone seen the facial recognition fine in Yuzhou? Client asks."
    reply = send(sync_bot, message_shortcut(sync_bot, RELATED_SHORTCUT, text))
    assert reply.status == 200
    [response] = sync_bot.slack.wait_for("response_url")
    assert response.path.endswith("/shortcut")
    assert response.params["response_type"] == "ephemeral"
    # "seen" and "Client" appear in no development: they are dropped and the rest asked again
    expected = answer(
        "about Has anyone the facial recognition fine in Yuzhou? asks.", sync_bot.router.store
    )
    assert expected.results
    assert escape(expected.results[0].title) in all_text(response.params)
    assert sync_bot.slack.calls_to("chat.postMessage") == []  # nothing public


def test_a_message_that_starts_like_a_command_is_searched_not_run(sync_bot: SlackHarness) -> None:
    send(sync_bot, message_shortcut(sync_bot, RELATED_SHORTCUT, "subscribe me to crawler news"))
    [response] = sync_bot.slack.wait_for("response_url")
    assert "Subscription" not in all_text(response.params)
    assert "crawler" in all_text(response.params).lower()


def test_when_the_reply_url_fails_the_results_come_by_direct_message(
    sync_bot: SlackHarness,
) -> None:
    sync_bot.slack.fail("response_url", status=404)
    send(sync_bot, message_shortcut(sync_bot, RELATED_SHORTCUT, "crawler"))
    [dm] = sync_bot.slack.wait_for("chat.postMessage")
    assert dm.params["channel"] == "U0USER1"
