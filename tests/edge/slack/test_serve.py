"""``python -m bot serve`` for real: gunicorn in a subprocess, signed requests over HTTP,
answers at the fake Slack; and the one clear line when a setting is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.answers.router import Router
from bot.core.knowledge.store import LiveStore
from tests.conftest import REPO_ROOT
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.processes import free_port, wait_until_serving
from tests.support.slack_harness import BUNDLED_STORE, CHANNEL, SIGNING_SECRET, SlackHarness

pytestmark = pytest.mark.slow  # `python -m bot serve|socket|clock` subprocesses, gunicorn


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PI_", "DATABASE"))}
    env["PI_KNOWLEDGE_FILE"] = str(BUNDLED_STORE)
    env.update(extra)
    return env


@pytest.fixture
def served(tmp_path: Path) -> Iterator[SlackHarness]:
    with FakeSlack() as slack:
        port = free_port()
        env = _env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
            PORT=str(port),
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--workers", "1"],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_serving(proc, url)
            yield SlackHarness(slack=slack, url=url, router=Router(LiveStore(BUNDLED_STORE)))
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def test_gunicorn_serves_health_and_signed_commands(served: SlackHarness) -> None:
    health = served.get("/healthz").json()
    assert health["developments"] == 38 and health["last_error"] is None
    assert served.command("fines henan").status == 200
    [call] = served.slack.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    assert "CNY 200,000" in str(call.params["blocks"])
    assert served.command("fines henan", secret="wrong-secret-000").status == 401
    assert served.get("/nowhere").status == 404


def test_subscriptions_are_wired_to_the_state_database(served: SlackHarness) -> None:
    served.slack.add_channel(CHANNEL)
    served.command("subscribe digest", hook="sub")
    [call] = served.slack.wait_for("response_url")
    assert call.params["text"] == "Subscription saved"
    served.command("subscriptions", hook="list")
    calls = served.slack.wait_for("response_url", 2)
    listing = str(calls[1].params["blocks"])
    assert "Monthly digest" in listing and "<@U0USER1>" in listing


@pytest.mark.parametrize(
    ("command", "env", "missing"),
    [
        ("serve", {}, "SLACK_BOT_TOKEN"),
        ("serve", {"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
        ("socket", {"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_APP_TOKEN"),
    ],
)
def test_a_missing_setting_is_one_clear_line(
    command: str, env: dict[str, str], missing: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", command],
        cwd=REPO_ROOT,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{command}: {missing} is not set: export {missing}=")
    assert BOT_TOKEN not in done.stderr


def test_socket_mode_with_a_refused_app_token_is_one_clear_line(tmp_path: Path) -> None:
    with FakeSlack() as slack:  # knows only the bot token: the app token is invalid_auth
        done = subprocess.run(
            [sys.executable, "-m", "bot", "socket"],
            cwd=REPO_ROOT,
            env=_env(
                SLACK_BOT_TOKEN=BOT_TOKEN,
                SLACK_APP_TOKEN="xapp-1-A0-not-valid",
                SLACK_API_URL=slack.api_url,
                DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
            ),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert [c.method for c in slack.calls][-1] == "apps.connections.open"
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith("socket: Slack refused SLACK_APP_TOKEN (invalid_auth)")
    )
    assert "xapp-1-A0-not-valid" not in done.stderr


def _serve_once(env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *(command or ("serve",))],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_with_a_refused_token_exits_with_one_line(tmp_path: Path) -> None:
    with FakeSlack() as slack:  # knows only its own token: any other is invalid_auth
        done = _serve_once(
            _env(
                SLACK_BOT_TOKEN="xoxb-0-refused-token",
                SLACK_SIGNING_SECRET=SIGNING_SECRET,
                SLACK_API_URL=slack.api_url,
                DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
                PORT=str(free_port()),
            )
        )
        assert [c.method for c in slack.calls] == ["auth.test"]  # once: no boot loop
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("serve: Slack refused SLACK_BOT_TOKEN (invalid_auth)")
    assert "xoxb-0-refused-token" not in done.stderr


def _broken_store(tmp_path: Path) -> Path:
    path = tmp_path / "broken.json"
    path.write_text('{"developments": [', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("store", "said"),
    [
        (lambda tmp: tmp / "missing.json", "missing.json"),
        (_broken_store, "not valid JSON"),
    ],
    ids=["missing", "broken"],
)
def test_serve_with_an_unusable_store_exits_with_one_line(
    tmp_path: Path, store: Any, said: str
) -> None:
    with FakeSlack() as slack:
        done = _serve_once(
            _env(
                SLACK_BOT_TOKEN=BOT_TOKEN,
                SLACK_SIGNING_SECRET=SIGNING_SECRET,
                SLACK_API_URL=slack.api_url,
                DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
                PI_KNOWLEDGE_FILE=str(store(tmp_path)),
                PORT=str(free_port()),
            )
        )
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("serve: ") and said in line


UNUSABLE_URLS = [
    ("not a url at all", "is not a database URL"),
    ("postgresql+psycopg2://pi:Pa55w0rd-secret@127.0.0.1/pi", "'postgresql+psycopg2'"),
    ("nosuchdb://somewhere/db", "'nosuchdb'"),
    ("sqlite:////etc/hostname/state/pi.sqlite3", "cannot create the folder"),
]


@pytest.mark.parametrize("command", ["serve", "clock"])
@pytest.mark.parametrize(
    ("url", "said"), UNUSABLE_URLS, ids=["malformed", "driver", "dialect", "path"]
)
def test_an_unusable_database_url_is_one_line(
    tmp_path: Path, command: str, url: str, said: str
) -> None:
    with FakeSlack() as slack:
        done = _serve_once(
            _env(
                SLACK_BOT_TOKEN=BOT_TOKEN,
                SLACK_SIGNING_SECRET=SIGNING_SECRET,
                SLACK_API_URL=slack.api_url,
                DATABASE_URL=url,
                PORT=str(free_port()),
            ),
            command,
            *(("--once",) if command == "clock" else ()),
        )
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"{command}: ") and said in line
    assert "Pa55w0rd-secret" not in done.stderr


def test_the_calendar_feed_is_served_to_the_workspace_token_only(served: SlackHarness) -> None:
    from icalendar import Calendar

    served.slack.add_channel(CHANNEL)
    served.command("calendar", hook="cal")
    [call] = served.slack.wait_for("response_url")
    answer = str(call.params["blocks"])
    token = answer.split("calendar.ics?token=")[1].split()[0].rstrip(".)")
    feed = served.get(f"/calendar.ics?token={token}")
    assert feed.status == 200 and feed.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.body)
    [event] = calendar.walk("VEVENT")  # the bundled store's one law taking effect
    assert str(event["DTSTART"].to_ical().decode()) == "20220701"
    assert str(event["SUMMARY"]).startswith("Takes effect: ")
    assert served.get(f"/calendar.ics?token={token}x").status == 404
    assert served.get("/calendar.ics").status == 404
