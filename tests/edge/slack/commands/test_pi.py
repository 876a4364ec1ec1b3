"""``/pi`` end to end: a signed slash command over HTTP, acknowledged at once, answered at
the response_url, ephemeral, with the blocks of the answer."""

from __future__ import annotations

import json

from tests.support.slack_harness import SlackHarness


def _texts(call_params: dict) -> str:
    return json.dumps(call_params["blocks"], ensure_ascii=False)


def test_slash_command_is_acknowledged_then_answered_ephemerally(bot: SlackHarness) -> None:
    reply = bot.command("fines henan")
    assert reply.status == 200
    assert reply.body == ""  # the fast-path ack: the answer comes separately
    [call] = bot.slack.wait_for("response_url")
    params = call.params
    assert params["response_type"] == "ephemeral"
    assert params["replace_original"] is False
    assert "Henan" in params["text"]
    blocks = params["blocks"]
    assert len(blocks) <= 50
    body = _texts(params)
    assert "Yuzhou market regulator fines property sales office" in body
    assert "CNY 200,000" in body
    assert "https://m.thepaper.cn/newsDetail_forward_18299237" in body
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == ["pi_share"]
    details = [b["accessory"] for b in blocks if b.get("accessory")]
    assert details == [
        {
            "type": "button",
            "action_id": "pi_details",
            "text": {"type": "plain_text", "text": "Details", "emoji": True},
            "value": "2022-05-27-yuzhou-face-recognition-fine",
        }
    ]


def test_a_long_list_offers_more(bot: SlackHarness) -> None:
    bot.command("latest 12")
    [call] = bot.slack.wait_for("response_url")
    buttons = [e for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == ["pi_more", "pi_share"]
    assert "Showing 1–5 of 12" in _texts(call.params)


def test_nothing_matches_is_said_plainly(bot: SlackHarness) -> None:
    bot.command("zqxwv blorfity")
    [call] = bot.slack.wait_for("response_url")
    body = _texts(call.params)
    assert "Nothing in the store matches" in body
    assert "zqxwv" in body  # what was not understood is said back (escaped)
    assert "pi_details" not in body


def test_digest_of_a_month_on_demand(bot: SlackHarness) -> None:
    bot.command("digest 2022-05")
    calls = bot.slack.wait_for("response_url")
    body = "".join(_texts(c.params) for c in calls)
    assert "Digest: May 2022" in body
    for heading in ("*Regulation* (16)", "*Enforcement* (15)", "*Courts* (5)", "*Industry* (2)"):
        assert heading in body
    assert all(len(c.params["blocks"]) <= 50 for c in calls)


def test_user_text_is_never_sent_unescaped(bot: SlackHarness) -> None:
    bot.command("<!channel> <@U999> <http://evil.example|click> fines")
    [call] = bot.slack.wait_for("response_url")
    sent = json.dumps(call.params, ensure_ascii=False)
    for raw in ("<!channel>", "<@U999>", "<http://evil.example|click>"):
        assert raw not in sent
    assert "&lt;!channel&gt;" in sent


def test_the_apology_when_answering_fails(bot: SlackHarness, monkeypatch) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("bot.edge.slack.listeners.commands.pi.answer_messages", broken)
    reply = bot.command("fines henan")
    assert reply.status == 200
    [call] = bot.slack.wait_for("response_url")
    assert call.params["text"].startswith("Something went wrong on our side")
    assert call.params["response_type"] == "ephemeral"
