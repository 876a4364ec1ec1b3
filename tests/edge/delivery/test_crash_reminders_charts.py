"""SIGKILL in the middle of a fan-out of digests with their chart and of reminders, then a
restart: every message and every file lands exactly once (``python -m bot clock --once`` in
a subprocess, held by the fake Slack mid-call, the worst moment to die)."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.core.knowledge.model import Category, Status
from bot.edge.state import StateRepository, connect
from tests.support.clocks import CRASH_NOW, REPO_ROOT, clock_env
from tests.support.fake_slack import FakeSlack
from tests.support.state import dev, write_store

pytestmark = pytest.mark.slow  # clock subprocesses, one killed with SIGKILL

CHANNELS = ("C1", "C2", "C3")
SUBSCRIBED = dt.datetime(2024, 5, 20, tzinfo=dt.UTC)


def _fixture(tmp_path: Path) -> tuple[Path, str]:
    cats = [Category.REGULATION, Category.ENFORCEMENT, Category.COURT, Category.INDUSTRY]
    may = [
        dev(f"may-{i}", dt.date(2024, 5, 1 + i % 28), category=cats[i % 4], fine=1000 * (i + 1))
        for i in range(12)
    ]
    laws = [
        dev(
            f"law-{i}",
            dt.date(2024, 5, 2),
            category=Category.REGULATION,
            status=Status.ADOPTED,
            effective_date=dt.date(2024, 6, 20 + i),  # T-30 reminders are due on 3 June
        )
        for i in range(3)
    ]
    store = write_store(tmp_path / "developments.json", *may, *laws)
    url = f"sqlite:///{tmp_path / 'state' / 'pi-bot.sqlite3'}"
    engine = connect(url)
    repo = StateRepository(engine)
    for channel in CHANNELS:
        for kind in ("digest", "reminders"):
            repo.subscribe(channel, kind, filters="", user_id="U1", now=SUBSCRIBED)
    engine.dispose()
    return store, url


def _posted(slack: FakeSlack) -> Counter[tuple[str, str]]:
    """How often each message (its metadata) or file (its name) landed, per channel."""
    seen: Counter[tuple[str, str]] = Counter()
    for channel in CHANNELS:
        for message in slack.messages_in(channel):
            if message.get("files"):
                for file in message["files"]:
                    seen[(channel, "file " + file["name"])] += 1
            else:
                payload = message["metadata"]["event_payload"]
                seen[(channel, f"{payload['kind']} {payload['key']} {payload['part']}")] += 1
    return seen


def test_digests_with_charts_and_reminders_survive_sigkill_exactly_once(tmp_path: Path) -> None:
    store, url = _fixture(tmp_path)
    command = [sys.executable, "-m", "bot", "clock", "--once", "--now", CRASH_NOW]
    with FakeSlack() as slack:
        env = clock_env(
            slack,
            url,
            store,
            CHANNELS,
            DIGEST_CHART="true",
            DELIVERY_PACE_SECONDS="0",
            DELIVERY_RETRY_SECONDS="0.01",
        )
        for method, after in (
            ("chat.postMessage", 1),
            ("files.completeUploadExternal", 1),
            ("chat.postMessage", 6),
        ):
            slack.hold(method, after=after)
            proc = subprocess.Popen(
                command, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            try:
                slack.wait_for(method, after + 1, timeout=90)
                assert proc.poll() is None  # held mid-call: it cannot have finished
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
            finally:
                slack.release()
            assert proc.returncode == -signal.SIGKILL
            assert max(_posted(slack).values()) == 1
        finished = subprocess.run(
            command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
        )
        assert finished.returncode == 0, finished.stderr
        posted = _posted(slack)
        assert max(posted.values()) == 1  # none twice
        for channel in CHANNELS:
            mine = [what for (c, what) in posted if c == channel]
            assert sum(w.startswith("file pi-digest-2024-05--p") for w in mine) == 1
            assert sum(w.startswith("digest 2024-05 ") for w in mine) >= 1
            assert sum(w.startswith("reminders ") for w in mine) == 3  # none lost
        again = subprocess.run(
            command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
        )
        assert again.returncode == 0 and "0 delivered" in again.stdout
        assert _posted(slack) == posted
    engine = connect(url)
    rows = StateRepository(engine).deliveries()
    engine.dispose()
    assert {r.status for r in rows} == {"sent"} and len(rows) == len(CHANNELS) * 4
