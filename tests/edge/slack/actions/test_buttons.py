"""The Details, More and Share in channel buttons end to end (signed interaction payloads);
unknown actions are acknowledged and ignored."""

from __future__ import annotations

import json

from bot.edge.render.paging import encode_page
from tests.support.slack_harness import CHANNEL, DM, USER, SlackHarness

YUZHOU = "2022-05-27-yuzhou-face-recognition-fine"


def _blocks(call) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(call.params.get("blocks"), ensure_ascii=False)


def test_details_shows_the_full_record_to_the_presser(bot: SlackHarness) -> None:
    reply = bot.action("pi_details", YUZHOU)
    assert reply.status == 200
    [call] = bot.slack.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    assert call.params["replace_original"] is False
    body = _blocks(call)
    dev = bot.router.store.get(YUZHOU)
    assert dev is not None
    assert dev.summary[:60] in body  # the whole summary, not two lines
    assert "Sources (1)" in body and "thepaper.cn" in body
    assert f"id: {YUZHOU}" in body


def test_more_gives_the_next_page(bot: SlackHarness) -> None:
    bot.action("pi_more", encode_page("latest 12", 5))
    [call] = bot.slack.wait_for("response_url")
    body = _blocks(call)
    assert "*6. " in body and "*10. " in body and "*11. " not in body
    assert "Showing 6–10 of 12" in body
    more = [
        e
        for b in call.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "pi_more"
    ]
    assert [e["value"] for e in more] == [encode_page("latest 12", 10)]


def test_more_with_a_very_long_question_still_works(bot: SlackHarness) -> None:
    words = "fines henan " + " ".join(f"word{n}x{n * 7919 % 10007}" for n in range(380))
    assert len(words) > 3000
    value = encode_page(words, 0)
    assert len(value) <= 2000
    bot.action("pi_more", value)
    [call] = bot.slack.wait_for("response_url")
    assert "no longer available" not in call.params["text"]


def test_an_unreadable_page_token_asks_to_ask_again(bot: SlackHarness) -> None:
    bot.action("pi_more", "k:0123456789abcdef0123456789abcdef:5")
    [call] = bot.slack.wait_for("response_url")
    assert "no longer available" in call.params["text"]


def test_share_posts_the_answer_in_the_channel(bot: SlackHarness) -> None:
    bot.action("pi_share", encode_page("fines henan", 0))
    [call] = bot.slack.wait_for("response_url")
    assert call.params["response_type"] == "in_channel"
    body = _blocks(call)
    assert f"Shared by <@{USER}>" in body
    assert "CNY 200,000" in body
    assert "pi_share" not in body


def test_more_in_a_direct_message_continues_there(bot: SlackHarness) -> None:
    bot.action(
        "pi_more",
        encode_page("latest 12", 5),
        container={"type": "message", "message_ts": "5.1", "channel_id": DM, "is_ephemeral": False},
        channel=DM,
        message={"ts": "5.1", "type": "message", "text": "x"},
    )
    [call] = bot.slack.wait_for("chat.postMessage")
    assert call.params["channel"] == DM
    assert bot.slack.calls_to("response_url") == []


def test_details_in_a_mention_thread_answers_in_the_thread(bot: SlackHarness) -> None:
    bot.action(
        "pi_details",
        YUZHOU,
        container={"type": "message", "message_ts": "7.2", "channel_id": CHANNEL},
        message={"ts": "7.2", "thread_ts": "7.1", "type": "message", "text": "x"},
    )
    [call] = bot.slack.wait_for("chat.postMessage")
    assert call.params["channel"] == CHANNEL
    assert call.params["thread_ts"] == "7.1"


def test_details_from_the_app_home_arrives_as_a_direct_message(bot: SlackHarness) -> None:
    bot.action("pi_details", YUZHOU, container={"type": "view", "view_id": "V1"}, channel="")
    [call] = bot.slack.wait_for("chat.postMessage")
    assert call.params["channel"] == USER
    assert "thepaper.cn" in _blocks(call)


def test_unknown_actions_are_acknowledged_and_ignored(sync_bot: SlackHarness) -> None:
    reply = sync_bot.action("someone_elses_button", "x")
    assert reply.status == 200
    assert [c.method for c in sync_bot.slack.calls if c.method != "auth.test"] == []
