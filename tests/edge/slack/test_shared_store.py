"""One store for the deployment: two ``serve`` processes and the clock on one PostgreSQL
database. A newsletter sent to one, approved there, is answered by the other within five
seconds and alerted exactly once; a correction threads under the alert."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.core.knowledge.model import Category, KnowledgeFile
from bot.core.knowledge.store import write_knowledge
from bot.edge.state import StateRepository, connect
from bot.edge.state.knowledge import PostgresBackend
from tests.conftest import FIXTURE_FOOTNOTED, REPO_ROOT
from tests.support.clocks import child_env
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.processes import serve_process
from tests.support.slack_harness import DM, SIGNING_SECRET, SlackHarness
from tests.support.state import POSTGRES_ENV, postgres_schema_url

pytestmark = [pytest.mark.postgres, pytest.mark.slow]  # two serve subprocesses, a clock

EDITOR = "U0EDITOR1"
ALERTS = "C0ALERTS"
SERVED_WITHIN = 60.0
"""Seconds the test waits for the other process to serve the change without a restart (a
bound for a hang, not a speed target: ``bench.store_scale`` measures how soon)."""


@contextmanager
def serve(env: dict[str, str], slack: FakeSlack, seed: Path) -> Iterator[SlackHarness]:
    with serve_process(env, slack, seed) as (harness, _proc):
        yield harness


def clock_once(env: dict[str, str], now: dt.datetime) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "clock", "--once", "--now", now.isoformat()],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def press(bot: SlackHarness, action_id: str, value: str) -> None:
    payload = {
        "type": "block_actions",
        "user": {"id": EDITOR, "team_id": "T0TEST"},
        "container": {"type": "message", "message_ts": "9.000001", "channel_id": DM},
        "channel": {"id": DM},
        "trigger_id": "1.2.3",
        "actions": [{"action_id": action_id, "value": value, "action_ts": f"{time.time():.6f}"}],
    }
    assert bot.interaction(payload).status == 200


def answered(bot: SlackHarness, text: str, hook: str) -> dict[str, Any]:
    assert bot.command(text, hook=hook).status == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        calls = [c for c in bot.slack.calls_to("response_url") if c.path.endswith("/" + hook)]
        if calls:
            return calls[0].params
        time.sleep(0.05)
    raise AssertionError(f"no answer to {text!r}")


def test_two_serve_processes_and_the_clock_share_one_store(tmp_path: Path) -> None:
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} is not set (.ci/run sets it)")
    seed = tmp_path / "developments.json"
    write_knowledge(seed, KnowledgeFile())
    with ExitStack() as stack:
        url = stack.enter_context(_schema())
        slack = stack.enter_context(FakeSlack())
        slack.add_channel(ALERTS)
        slack.add_file("F0NEWS1", "footnoted.txt", FIXTURE_FOOTNOTED.read_bytes(), user=EDITOR)
        engine = connect(url)
        stack.callback(engine.dispose)
        repo = StateRepository(engine)
        repo.subscribe(
            ALERTS, "alerts", filters="", user_id=EDITOR, now=dt.datetime(2022, 5, 1, tzinfo=dt.UTC)
        )
        env = child_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            DATABASE_URL=url,
            PI_KNOWLEDGE_FILE=str(seed),
            PI_EDITORS=EDITOR,
            DELIVERY_PACE_SECONDS="0",
            ALERT_WINDOW_DAYS="36500",
        )
        poll = dt.datetime(2022, 6, 10, 9, 0, tzinfo=dt.UTC)
        clock_once(env, poll)  # the first poll: nothing published yet
        one = stack.enter_context(serve(env, slack, seed))
        other = stack.enter_context(serve(env, slack, seed))

        ts = f"{int(time.time())}.000001"
        one.event(
            {
                "type": "message",
                "subtype": "file_share",
                "channel": DM,
                "channel_type": "im",
                "user": EDITOR,
                "ts": ts,
                "files": [{"id": "F0NEWS1"}],
            }
        )
        slack.wait_for("download", timeout=30)
        backend = PostgresBackend(engine, seed=seed)
        deadline = time.monotonic() + 30
        while not (knowledge := backend.load()[0]).developments:
            assert time.monotonic() < deadline, "the newsletter was not ingested"
            time.sleep(0.1)
        case = next(d for d in knowledge.developments if d.category == Category.ENFORCEMENT)
        assert "No development has that id" in json.dumps(
            answered(other, f"show {case.id}", "before")
        )
        clock_once(env, poll + dt.timedelta(minutes=5))
        assert not [c for c in slack.delivered() if c.channel == ALERTS]

        press(one, "review_approve", f"{case.id}|1")
        approved_at = time.monotonic()
        while backend.load()[0].revision < 2:
            assert time.monotonic() - approved_at < 30, "the approval was not written"
            time.sleep(0.05)
        revision = backend.load()[0].revision
        # the other process serves the approved change without being restarted
        while other.get("/healthz").json()["revision"] < revision:
            assert time.monotonic() - approved_at < SERVED_WITHIN, "stale store served"
            time.sleep(0.05)
        shown = json.dumps(answered(other, f"show {case.id}", "after"))
        assert case.title[:30] in shown

        clock_once(env, poll + dt.timedelta(minutes=10))
        clock_once(env, poll + dt.timedelta(minutes=15))
        alerts = [c for c in slack.delivered() if c.channel == ALERTS]
        assert len(alerts) == 1  # exactly once, whatever the number of polls

        press(other, "review_withdraw", f"{case.id}|2")
        while backend.load()[0].revision < revision + 1:
            assert time.monotonic() - approved_at < 30, "the withdrawal was not written"
            time.sleep(0.05)
        clock_once(env, poll + dt.timedelta(minutes=20))
        replies = [
            c for c in slack.delivered() if c.channel == ALERTS and c.params.get("thread_ts")
        ]
        assert len(replies) == 1 and replies[0].params["thread_ts"] == alerts[0].answer["ts"]
        assert replies[0].params["text"].startswith("Correction:")


@contextmanager
def _schema() -> Iterator[str]:
    yield from postgres_schema_url()
