"""Hardening, bursts: ``serve`` under more slow-to-answer commands than its answer queue
holds. Past the bound a request is told at once that the bot is busy; on SIGTERM the worker
answers what it acknowledged within the shutdown timeout and logs how many it could not:
every acknowledged request is answered, told busy, or counted."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.core.answers.router import Router
from bot.core.knowledge.store import LiveStore
from bot.core.limits import MAX_WAITING
from bot.edge.slack.background import BUSY_TEXT
from tests.conftest import REPO_ROOT
from tests.support.clocks import child_env
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.processes import free_port, wait_until_serving
from tests.support.slack_harness import BUNDLED_STORE, SIGNING_SECRET, SlackHarness

pytestmark = pytest.mark.slow  # a gunicorn serve subprocess under a burst, then SIGTERM

BURST = MAX_WAITING + 36
ANSWER_SECONDS = 0.5  # each reply takes the slow Slack this long
UNANSWERED = re.compile(r"shut down with (\d+) acknowledged request\(s\) unanswered")


def test_a_burst_is_bounded_and_sigterm_drains_and_counts(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        slack.slow("response_url", ANSWER_SECONDS)
        port = free_port()
        env = child_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
            PI_KNOWLEDGE_FILE=str(BUNDLED_STORE),
            PORT=str(port),
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--shutdown-timeout", "2"],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_serving(proc, url)
            bot = SlackHarness(slack=slack, url=url, router=Router(LiveStore(BUNDLED_STORE)))
            with ThreadPoolExecutor(max_workers=16) as clients:
                acks = list(
                    clients.map(lambda n: bot.command("stats", hook=f"burst-{n}"), range(BURST))
                )
            assert [a.status for a in acks] == [200] * BURST
            proc.send_signal(signal.SIGTERM)
            _out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        time.sleep(ANSWER_SECONDS * 2)  # replies already on their way reach the fake
        replies = {c.path: c.params.get("text") for c in slack.calls_to("response_url")}
    busy = {path for path, text in replies.items() if text == BUSY_TEXT}
    answered = set(replies) - busy
    assert busy, "past the bound, requests are told at once that the bot is busy"
    found = UNANSWERED.search(err)
    assert found, f"the number left unanswered is logged: {err[-2000:]}"
    unanswered = int(found.group(1))
    assert len(replies) <= BURST  # one reply each at most
    # every acknowledged request is answered, told busy, or counted (one reply may have
    # been on its way while the worker stopped)
    assert BURST <= len(busy) + len(answered) + unanswered <= BURST + 1
    assert proc.returncode == 0
