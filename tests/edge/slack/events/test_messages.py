"""Direct messages and mentions end to end: answered in place (threaded for mentions);
bots' messages, subtypes and Slack's retries of a handled event get no answer."""

from __future__ import annotations

import json

from tests.support.slack_harness import CHANNEL, DM, SlackHarness, bot_message


def test_a_direct_message_is_answered_in_the_conversation(bot: SlackHarness) -> None:
    reply = bot.dm("fines henan")
    assert reply.status == 200
    [call] = bot.slack.wait_for("chat.postMessage")
    assert call.params["channel"] == DM
    assert "thread_ts" not in call.params
    body = json.dumps(call.params["blocks"], ensure_ascii=False)
    assert "CNY 200,000" in body
    assert "pi_share" not in body  # already visible to everyone who can see it
    assert call.ok


def test_a_mention_is_answered_in_a_thread_without_the_mention(bot: SlackHarness) -> None:
    bot.mention("fines henan")
    [call] = bot.slack.wait_for("chat.postMessage")
    assert call.params["channel"] == CHANNEL
    event_ts = json.loads(bot.sent[-1])["event"]["ts"]
    assert call.params["thread_ts"] == event_ts
    assert "Yuzhou" in json.dumps(call.params["blocks"])
    assert "UBOT" not in json.dumps(call.params)  # the mention was stripped, not searched


def test_a_mention_inside_a_thread_stays_in_that_thread(bot: SlackHarness) -> None:
    bot.mention("stats", thread_ts="1650000000.000100")
    [call] = bot.slack.wait_for("chat.postMessage")
    assert call.params["thread_ts"] == "1650000000.000100"
    assert "38 developments" in call.params["text"]


def test_the_bots_own_and_other_bots_messages_get_no_answer(sync_bot: SlackHarness) -> None:
    assert sync_bot.event(bot_message("fines henan")).status == 200
    other = bot_message("fines henan") | {"user": "U0OTHER", "bot_id": "B0OTHER"}
    assert sync_bot.event(other).status == 200
    edited = {**bot_message("x"), "subtype": "message_changed", "user": "U0USER1"}
    del edited["bot_id"]
    assert sync_bot.event(edited).status == 200
    channel_message = {
        "type": "message",
        "channel": CHANNEL,
        "channel_type": "channel",
        "user": "U0USER1",
        "text": "fines henan",
        "ts": "1.5",
    }
    assert sync_bot.event(channel_message).status == 200
    assert sync_bot.slack.calls_to("chat.postMessage") == []
    # and a person's direct message still is answered by the same app
    sync_bot.dm("stats")
    assert len(sync_bot.slack.calls_to("chat.postMessage")) == 1


def test_a_retried_event_gets_no_second_answer(sync_bot: SlackHarness) -> None:
    assert sync_bot.dm("stats", event_id="Ev0RETRY01").status == 200
    assert len(sync_bot.slack.calls_to("chat.postMessage")) == 1
    again = sync_bot.dm("stats", event_id="Ev0RETRY01", retry_num=1)
    assert again.status == 200
    again = sync_bot.dm("stats", event_id="Ev0RETRY01", retry_num=2)
    assert again.status == 200
    assert len(sync_bot.slack.calls_to("chat.postMessage")) == 1
    sync_bot.dm("stats", event_id="Ev0OTHER02")  # a new event is answered
    assert len(sync_bot.slack.calls_to("chat.postMessage")) == 2


def test_user_text_in_a_mention_is_escaped(bot: SlackHarness) -> None:
    bot.mention("<!channel> <@U999> zzqxw")
    [call] = bot.slack.wait_for("chat.postMessage")
    sent = json.dumps(call.params, ensure_ascii=False)
    assert "<!channel>" not in sent and "<@U999>" not in sent
    assert "&lt;@U999&gt;" in sent


def test_unknown_event_types_are_acknowledged(sync_bot: SlackHarness) -> None:
    reply = sync_bot.event({"type": "reaction_added", "user": "U0USER1", "reaction": "eyes"})
    assert reply.status == 200
    assert [c.method for c in sync_bot.slack.calls if c.method != "auth.test"] == []


def test_a_failure_gets_a_polite_reply(bot: SlackHarness, monkeypatch) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("bot.edge.slack.listeners.events.messages.answer_messages", broken)
    bot.dm("fines henan")
    [call] = bot.slack.wait_for("chat.postMessage")
    assert call.params["channel"] == DM
    assert call.params["text"].startswith("Something went wrong on our side")


def test_a_follow_up_continues_the_conversation_on_another_worker(sqlite_url: str) -> None:
    """ "how much?" after "fines henan" in a DM, the second message reaching another
    instance of the app: the context lives in the state database."""
    from bot.edge.state.conversations import DatabaseConversations
    from bot.edge.state.db import connect
    from tests.support.fake_slack import FakeSlack
    from tests.support.slack_harness import serving

    with FakeSlack() as slack:
        with serving(slack=slack, conversations=DatabaseConversations(connect(sqlite_url))) as a:
            a.dm("fines henan")
            slack.wait_for("chat.postMessage")
        with serving(slack=slack, conversations=DatabaseConversations(connect(sqlite_url))) as b:
            b.dm("how much?")
            calls = slack.wait_for("chat.postMessage", count=2)
    body = json.dumps(calls[-1].params["blocks"], ensure_ascii=False)
    assert "was fined CNY 200,000 by AMR" in body
    assert "China Data Protection Headlines, May 2022" in body  # cited by the newsletter


def test_a_user_with_a_chinese_locale_is_answered_in_chinese(bot: SlackHarness) -> None:
    bot.slack.users["UZH"] = {"id": "UZH", "locale": "zh-CN"}
    bot.dm("How much was Shaoxing Bank fined?", extra={"user": "UZH"})
    [call] = bot.slack.wait_for("chat.postMessage")
    body = json.dumps(call.params["blocks"], ensure_ascii=False)
    assert "绍兴银行被中国人民银行罚款550万元" in body and "来源" in body
    [info] = bot.slack.calls_to("users.info")
    assert info.params["user"] == "UZH"
