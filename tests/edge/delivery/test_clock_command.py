"""``python -m bot clock``: configuration errors, ``--once``, and a process killed with SIGKILL
in the middle of a fan-out then restarted (every due message delivered exactly once)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.periods.digest import build_digest
from bot.edge.render.blocks import digest_messages
from bot.edge.state import StateRepository, connect
from tests.support.clocks import (
    CRASH_CHANNELS,
    CRASH_NOW,
    REPO_ROOT,
    clock_env,
    crash_fixture,
    delivered_keys,
    restart_delivers_the_rest_once,
)
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.state import dev, write_store

NOW = CRASH_NOW
CHANNELS = CRASH_CHANNELS


def _bot_env(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for key in list(os.environ):
        if key.startswith(("SLACK_", "DATABASE_URL", "PI_KNOWLEDGE", "DELIVERY_")):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)


def test_a_missing_token_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _bot_env(monkeypatch, {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert main(["clock", "--once"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "SLACK_BOT_TOKEN is not set" in err


def test_now_needs_once_and_must_be_a_time(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _bot_env(monkeypatch, {"SLACK_BOT_TOKEN": BOT_TOKEN})
    assert main(["clock", "--now", NOW]) == 2
    assert main(["clock", "--once", "--now", "June 3rd"]) == 2
    assert "not an ISO-8601 time" in capsys.readouterr().err


def test_a_rejected_token_stops_with_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = write_store(tmp_path / "developments.json", dev("case", dt.date(2024, 6, 1)))
    with FakeSlack() as slack:
        _bot_env(
            monkeypatch,
            {
                "SLACK_BOT_TOKEN": "xoxb-revoked",
                "SLACK_API_URL": slack.api_url,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                "PI_KNOWLEDGE_FILE": str(store),
            },
        )
        assert main(["clock", "--once", "--now", NOW]) == 2
    err = capsys.readouterr().err
    assert "invalid_auth" in err and "xoxb-revoked" not in err


@pytest.mark.slow
def test_sigkill_mid_fan_out_then_restart_delivers_everything_exactly_once(tmp_path: Path) -> None:
    store_path, url, alert_ids = crash_fixture(tmp_path)
    from bot.core.knowledge.store import Store

    parts = len(digest_messages(build_digest(Store.load(store_path), "2024-05")))
    expected = {
        (channel, "digest", "2024-05", part) for channel in CHANNELS for part in range(parts)
    } | {(channel, "alerts", dev_id, 0) for channel in CHANNELS for dev_id in alert_ids}
    with FakeSlack() as slack:
        env = clock_env(
            slack,
            url,
            store_path,
            CHANNELS,
            DELIVERY_PACE_SECONDS="0.15",
            DELIVERY_RETRY_SECONDS="0.01",
        )
        command = [sys.executable, "-m", "bot", "clock", "--once", "--now", NOW]
        for kill_after in (4, 11):
            proc = subprocess.Popen(
                command, env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            deadline = time.monotonic() + 30
            while len(slack.delivered()) < kill_after and time.monotonic() < deadline:
                assert proc.poll() is None, proc.communicate()
                time.sleep(0.005)
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            assert proc.returncode == -signal.SIGKILL  # it died mid-fan-out
            assert len(delivered_keys(slack)) < len(expected)
        restart_delivers_the_rest_once(command, env, slack, expected)
    engine = connect(url)
    rows = StateRepository(engine).deliveries()
    engine.dispose()
    assert {r.status for r in rows} == {"sent"} and len(rows) == len(CHANNELS) * (
        1 + len(alert_ids)
    )


@pytest.mark.slow
def test_the_clock_process_delivers_at_start_up_and_stops_on_sigterm(tmp_path: Path) -> None:
    store_path, url, alert_ids = crash_fixture(tmp_path)
    with FakeSlack() as slack:
        env = clock_env(
            slack,
            url,
            store_path,
            CHANNELS,
            DELIVERY_PACE_SECONDS="0",
            ALERT_WINDOW_DAYS="36500",  # the fixture's June 2024 cases are still news
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "clock"],
            env=env,
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            slack.wait_for("chat.postMessage", len(CHANNELS) * len(alert_ids), timeout=60)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                _out, err = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                _out, err = proc.communicate()
                pytest.fail(f"the clock did not stop on SIGTERM: {err.decode()[-3000:]}")
        assert proc.returncode == 0, err
        alerts = [k for k in delivered_keys(slack) if k[1] == "alerts"]
        assert len(alerts) == len(CHANNELS) * len(alert_ids)
