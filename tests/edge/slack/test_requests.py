"""What reaches the HTTP endpoint: signatures (checked with slack_sdk's verifier), stale
timestamps, oversized bodies, other workspaces, and the health check."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from tests.support.slack_harness import SIGNING_SECRET, SlackHarness, serving, sign, signed_headers


def test_our_signer_agrees_with_slack_sdk() -> None:
    verifier = SignatureVerifier(SIGNING_SECRET)
    body = urlencode({"command": "/pi", "text": "fines henan <!channel> 网信办"})
    headers = signed_headers(body)
    assert verifier.is_valid_request(body, headers)
    now = int(time.time())
    assert verifier.is_valid(body, now, sign(body, now))
    assert not verifier.is_valid(body + "x", now, sign(body, now))
    assert not verifier.is_valid(body, now, sign(body, now, secret="another-secret-123"))


def test_a_bad_signature_is_refused_without_side_effects(sync_bot: SlackHarness) -> None:
    reply = sync_bot.command("fines henan", secret="not-the-signing-secret")
    assert reply.status == 401
    forged = sync_bot.post(
        '{"type":"event_callback"}', "application/json", headers={"X-Slack-Signature": "v0=00"}
    )
    assert forged.status == 401
    assert sync_bot.slack.calls == []


def test_a_stale_timestamp_is_refused_without_side_effects(sync_bot: SlackHarness) -> None:
    six_minutes_ago = int(time.time()) - 6 * 60
    reply = sync_bot.command("fines henan", timestamp=six_minutes_ago)
    assert reply.status == 401
    assert sync_bot.slack.calls == []


def test_missing_signature_headers_are_refused(sync_bot: SlackHarness) -> None:
    reply = sync_bot.post(
        "command=%2Fpi&text=stats",
        "application/x-www-form-urlencoded",
        headers={"X-Slack-Signature": "", "X-Slack-Request-Timestamp": ""},
    )
    assert reply.status == 401
    assert sync_bot.slack.calls == []


def test_a_body_over_one_megabyte_is_refused(sync_bot: SlackHarness) -> None:
    body = urlencode({"command": "/pi", "text": "x" * (1024 * 1024 + 10)})
    reply = sync_bot.post(body, "application/x-www-form-urlencoded")
    assert reply.status == 413
    assert sync_bot.slack.calls == []


def test_requests_from_another_workspace_are_refused() -> None:
    with serving(process_before_response=True, slack_team_id="T0TEST") as bot:
        assert bot.command("stats", team="T0INTRUDER").status == 403
        assert bot.dm("stats", team="T0INTRUDER").status == 403
        assert bot.action("pi_details", "x", team="T0INTRUDER").status == 403
        assert [c.method for c in bot.slack.calls if c.method != "auth.test"] == []
        assert bot.command("stats").status == 200  # our own workspace is served
        assert len(bot.slack.calls_to("response_url")) == 1


def test_health_check_reports_the_store(bot: SlackHarness) -> None:
    reply = bot.get("/healthz")
    assert reply.status == 200
    data = reply.json()
    assert data["developments"] == len(bot.router.store) == 38
    assert data["last_error"] is None


def test_a_non_numeric_timestamp_is_refused(sync_bot: SlackHarness) -> None:
    body = "command=%2Fpi&text=stats"
    reply = sync_bot.post(
        body, "application/x-www-form-urlencoded", headers={"X-Slack-Request-Timestamp": "soon"}
    )
    assert reply.status == 401
    assert sync_bot.slack.calls == []
