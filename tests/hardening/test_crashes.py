"""Hardening, faults: processes killed with SIGKILL (during an ingest, a digest fan-out, an
alert fan-out) and then run again; and 50 slash commands at once while an ingest runs. The
store is always the old one or the new one, never half; every due message is delivered
exactly once."""

from __future__ import annotations

import hashlib
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.store import FileBackend, Store, StoreError, read_knowledge
from bot.core.knowledge.store.changelog import changes_path
from bot.core.notify.records import Kind
from bot.core.periods.digest import build_digest
from bot.edge.render.blocks import digest_messages
from bot.edge.state import StateRepository, connect
from tests.conftest import BUNDLED_STORE
from tests.support.clocks import (
    CRASH_CHANNELS,
    CRASH_NOW,
    REPO_ROOT,
    child_env,
    clock_env,
    crash_fixture,
    delivered_keys,
    restart_delivers_the_rest_once,
)
from tests.support.fake_slack import FakeSlack
from tests.support.newsletters import MONTH, write_newsletter
from tests.support.slack_harness import serving

pytestmark = pytest.mark.slow  # ingest and clock subprocesses killed with SIGKILL

BUNDLED_COUNT = 38


def _ingest_command(newsletter: Path, store: Path) -> list[str]:
    return [
        sys.executable, "-m", "bot", "ingest", str(newsletter), "--store", str(store),
        "--month", MONTH, "--approve",  # published at once: the answers must change
    ]  # fmt: skip


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- SIGKILL during an ingest --------------------------------------------------------------


def test_an_ingest_killed_at_any_point_leaves_the_old_or_the_new_store(tmp_path: Path) -> None:
    newsletter = write_newsletter(tmp_path / "big.txt", 150)
    store = tmp_path / "developments.json"
    shutil.copy(BUNDLED_STORE, store)
    old = _digest(store)
    # once to the end, to know how long an ingest takes and what it leaves
    started = time.monotonic()
    done = subprocess.run(
        _ingest_command(newsletter, store), env=child_env(), cwd=REPO_ROOT, capture_output=True
    )
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    new_count = len(read_knowledge(store).developments)
    assert new_count == BUNDLED_COUNT + 150
    rng = random.Random(6)
    outcomes = []
    for _ in range(6):
        shutil.copy(BUNDLED_STORE, store)
        changes_path(store).unlink(missing_ok=True)  # the store is the file and its log
        proc = subprocess.Popen(
            _ingest_command(newsletter, store),
            env=child_env(),
            cwd=REPO_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 1.1) * duration)  # anywhere, the write included
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        try:  # as every process reads it: the file and the change log beside it
            knowledge, _ = FileBackend(store).load()  # a half-written file would fail here
        except StoreError as exc:
            pytest.fail(f"the store was left half-written: {exc}")
        if _digest(store) == old and not changes_path(store).exists():
            assert len(knowledge.developments) == BUNDLED_COUNT
            outcomes.append("old")
            continue
        assert len(knowledge.developments) == new_count  # the whole new store, not part
        assert "big" in {n.id for n in knowledge.newsletters}
        outcomes.append("new")
    others = {p.name for p in tmp_path.iterdir()} - {"big.txt", "developments.json"}
    # temp files, the lock, and the change log (a kill between writing the file whole and
    # removing the log leaves it; its entries are already in the file)
    others.discard(changes_path(store).name)
    assert all(name.startswith(".developments.json.") for name in others), others
    assert main(["validate", "--store", str(store)]) == 0
    assert set(outcomes) <= {"old", "new"}


# --- SIGKILL during a fan-out ----------------------------------------------------------------


def _expected(kind: Kind, store: Path, alert_ids: list[str]) -> set[tuple[str, str, str, int]]:
    if kind == "digest":
        parts = len(digest_messages(build_digest(Store.load(store), "2024-05")))
        return {(c, "digest", "2024-05", p) for c in CRASH_CHANNELS for p in range(parts)}
    return {(c, "alerts", dev_id, 0) for c in CRASH_CHANNELS for dev_id in alert_ids}


@pytest.mark.parametrize("kind", ["digest", "alerts"])
def test_a_fan_out_killed_mid_way_then_restarted_delivers_each_message_once(
    tmp_path: Path, kind: Kind
) -> None:
    store, url, alert_ids = crash_fixture(tmp_path, kinds=(kind,), may=150)
    expected = _expected(kind, store, alert_ids)
    if kind == "digest":
        assert len(expected) > 2 * len(CRASH_CHANNELS)  # a digest of several messages
    command = [sys.executable, "-m", "bot", "clock", "--once", "--now", CRASH_NOW]
    with FakeSlack() as slack:
        env = clock_env(
            slack,
            url,
            store,
            CRASH_CHANNELS,
            DELIVERY_PACE_SECONDS="0",
            DELIVERY_RETRY_SECONDS="0.01",
        )
        # each time, Slack posts one more message but the clock dies before hearing back:
        # the worst moment, when it cannot know whether Slack acted
        for kill_at in sorted({1, len(expected) // 2, len(expected) - 1}):
            slack.hold("chat.postMessage", after=kill_at)
            proc = subprocess.Popen(
                command,
                env=env,
                cwd=REPO_ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                slack.wait_for("chat.postMessage", kill_at + 1, timeout=60)
                assert proc.poll() is None  # held mid-call: it cannot have finished
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
            finally:
                slack.release()
            assert proc.returncode == -signal.SIGKILL
            posted = delivered_keys(slack)
            assert max(posted.values()) == 1 and set(posted) <= expected
        restart_delivers_the_rest_once(command, env, slack, expected)
    engine = connect(url)
    rows = StateRepository(engine).deliveries()
    engine.dispose()
    assert {r.status for r in rows} == {"sent"}


# --- 50 slash commands while an ingest runs -----------------------------------------------------


QUESTIONS = ("fines henan", "latest 10", "stats", "crawler", "CAC drafts", "fines over 100k")


def test_fifty_concurrent_commands_during_an_ingest_are_all_answered(tmp_path: Path) -> None:
    store = tmp_path / "developments.json"
    shutil.copy(BUNDLED_STORE, store)
    newsletter = write_newsletter(tmp_path / "big.txt", 150)
    with serving(store_path=store) as bot:
        bot.command("stats", hook="warm-up")  # Bolt checks the token once, first
        bot.slack.wait_for("response_url")
        proc = subprocess.Popen(
            _ingest_command(newsletter, store),
            env=child_env(),
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.poll() is None  # the ingest is running
        with ThreadPoolExecutor(max_workers=50) as pool:
            replies = list(
                pool.map(
                    lambda n: bot.command(QUESTIONS[n % len(QUESTIONS)], hook=f"cmd-{n}"),
                    range(50),
                )
            )
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert [r.status for r in replies] == [200] * 50
        answers = bot.slack.wait_for("response_url", 51, timeout=60)[1:]
        per_hook = Counter(c.path.rsplit("/", 1)[-1] for c in answers)
        assert per_hook == {f"cmd-{n}": 1 for n in range(50)}  # each command answered once
        assert all(
            c.ok and not c.params["text"].startswith("Something went wrong") for c in answers
        )
        bot.command("stats", hook="after")
        after = bot.slack.wait_for("response_url", 52, timeout=30)[-1]
        assert f"{BUNDLED_COUNT + 150} developments" in after.params["text"]
    assert main(["validate", "--store", str(store)]) == 0
