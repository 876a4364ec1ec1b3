"""Hardening, faults: the bot token, the signing secret and the database password never appear
in a log record (captured at DEBUG, with tracebacks) or in anything sent to Slack, while
errors are driven on purpose: Slack refusing the token, the database down, a listener
raising an exception that carries the secrets in its message."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from bot.edge.render.paging import encode_page
from bot.edge.slack.runtime import build_runtime
from bot.edge.slack.web import create_web_app
from bot.settings import load_settings
from tests.support.fake_slack import FakeSlack
from tests.support.slack_harness import SIGNING_SECRET, SlackHarness, on_loopback

TOKEN = "xoxb-4242-hardening-secret-token-7c1d"
PASSWORD = "Pa55-w0rd-hardening-0b7f"
SECRETS = (TOKEN, SIGNING_SECRET, PASSWORD)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens there once closed


@pytest.fixture
def bot(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> Iterator[SlackHarness]:
    caplog.set_level(logging.DEBUG)
    with FakeSlack(token=TOKEN) as slack:
        for name in ("SLACK_TEAM_ID", "SLACK_APP_TOKEN", "PI_KNOWLEDGE_FILE"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        monkeypatch.setenv("SLACK_API_URL", slack.api_url)
        monkeypatch.setenv(
            "DATABASE_URL",  # a PostgreSQL server that is down
            f"postgresql+psycopg://pi:{PASSWORD}@127.0.0.1:{_closed_port()}/pi",
        )
        runtime = build_runtime(load_settings(), needs=(), command="serve")
        with on_loopback(
            create_web_app(runtime.app, runtime.live_store, signing_secret=SIGNING_SECRET)
        ) as url:
            yield SlackHarness(slack=slack, url=url, router=runtime.router)


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def _sent_to_slack(slack: FakeSlack) -> str:
    """Everything the bot sent to Slack but the Authorization header, where the token
    belongs."""
    return "\n".join(json.dumps(c.params, ensure_ascii=False) for c in slack.calls)


def test_secrets_stay_out_of_logs_and_replies_whatever_fails(
    bot: SlackHarness, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the database is down: the subscription command says so
    bot.command("subscribe digest", hook="db-down")
    [db_reply] = bot.slack.wait_for("response_url")
    assert "unavailable" in db_reply.params["text"]
    # Slack refuses the token for a direct message's answer (and for the apology)
    bot.slack.fail("chat.postMessage", "invalid_auth")
    bot.dm("fines henan")
    bot.slack.wait_for("chat.postMessage", 2)
    bot.slack.clear_faults()

    # a listener fails with an exception whose message carries every secret
    def leaky(*_args: object, **_kw: object) -> None:
        raise RuntimeError(f"token={TOKEN} secret={SIGNING_SECRET} url=pi:{PASSWORD}@db")

    monkeypatch.setattr("bot.edge.slack.listeners.commands.pi.answer_messages", leaky)
    bot.command("fines henan", hook="leak")
    answers = bot.slack.wait_for("response_url", 2)
    assert answers[-1].params["text"].startswith("Something went wrong")

    logged = _logged(caplog)
    # the failures were logged, at length...
    assert "RuntimeError" in logged and "invalid_auth" in logged
    assert "state database unavailable" in logged
    assert any(r.levelno == logging.DEBUG for r in caplog.records)
    # ...without a secret, in the logs or in what Slack was sent
    sent = _sent_to_slack(bot.slack)
    for secret in SECRETS:
        assert secret not in logged
        assert secret not in sent


def test_response_urls_stay_out_of_the_debug_log(
    bot: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    command_url = bot.slack.response_url("capability-of-a-command")
    button_url = bot.slack.response_url("capability-of-a-button")
    bot.command("fines henan", hook="capability-of-a-command")
    bot.action("pi_more", encode_page("fines", 5), hook="capability-of-a-button")
    bot.slack.wait_for("response_url", 2)
    logged = _logged(caplog)
    assert "capability" not in logged, "a response_url, plain or encoded, reached the log"
    for url in (command_url, button_url):
        assert quote(url, safe="") not in logged and url not in logged
