"""The fake Web API itself behaves like Slack where the bot's tests rely on it."""

from __future__ import annotations

import threading

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fake_slack import BOT_TOKEN, FakeSlack


def test_records_calls_through_the_real_web_client() -> None:
    with FakeSlack() as slack:
        client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="hello")
        [call] = slack.delivered()
        assert call.params["channel"] == "C1"
        assert call.params["text"] == "hello"
        assert call.headers["authorization"] == f"Bearer {BOT_TOKEN}"


def test_injected_errors_and_rate_limits() -> None:
    with FakeSlack() as slack:
        slack.add_channel("C1", is_member=False)
        slack.fail("chat.postMessage", status=429, retry_after=3, times=1, channel="C2")
        slack.add_channel("C2")
        client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
        with pytest.raises(SlackApiError) as err:
            client.chat_postMessage(channel="C1", text="x")
        assert err.value.response["error"] == "not_in_channel"
        with pytest.raises(SlackApiError) as err:
            client.chat_postMessage(channel="C2", text="x")
        assert err.value.response.status_code == 429
        assert err.value.response.headers["Retry-After"] == "3"
        assert client.chat_postMessage(channel="C2", text="x")["ok"]


def test_wrong_token_is_invalid_auth() -> None:
    with FakeSlack() as slack:
        client = WebClient(token="xoxb-wrong", base_url=slack.api_url)
        with pytest.raises(SlackApiError) as err:
            client.auth_test()
        assert err.value.response["error"] == "invalid_auth"


def test_a_held_call_is_acted_on_but_answered_only_when_released() -> None:
    with FakeSlack() as slack:
        client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="first")
        slack.hold("chat.postMessage", after=1)
        answered = threading.Event()

        def post() -> None:
            client.chat_postMessage(channel="C1", text="second")
            answered.set()

        thread = threading.Thread(target=post)
        thread.start()
        slack.wait_for("chat.postMessage", 2)
        assert [m["text"] for m in slack.messages_in("C1")] == ["first", "second"]
        assert not answered.is_set()  # Slack posted it; the caller has not heard back
        slack.release()
        thread.join(timeout=10)
        assert answered.is_set()
        assert (
            slack.calls_to("response_url") == [] and slack.calls[-1].path == "/api/chat.postMessage"
        )
