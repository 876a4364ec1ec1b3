"""Helpers for delivery tests: a clock on the fake Slack, a clock subprocess's environment,
a store and subscriptions for fan-outs, and what the fake Slack received."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from bot.core.knowledge.model import Category
from bot.core.knowledge.store import Store
from bot.core.notify.records import Kind
from bot.edge.delivery.clock import Clock
from bot.edge.delivery.deliverer import Deliverer, make_clients
from bot.edge.delivery.schedule import Schedule
from bot.edge.state import StateRepository, connect
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.state import dev, write_store

REPO_ROOT = Path(__file__).resolve().parents[2]
CRASH_NOW = "2024-06-03T02:00:00+00:00"
"""The instant a fan-out subprocess pretends it is: May's digest and June's alerts are due."""
CRASH_SUBSCRIBED = dt.datetime(2024, 5, 20, tzinfo=dt.UTC)
CRASH_CHANNELS = ("C1", "C2", "C3")


def make_clock(
    repo: StateRepository, slack: FakeSlack, store: Callable[[], Store], **schedule: int
) -> Clock:
    """A clock delivering to ``slack`` at once (no pacing, short retries)."""
    poster, reader = make_clients(BOT_TOKEN, slack.api_url, server_retries=1)
    sender = Deliverer(repo, poster, reader, pace_seconds=0.0, retry_delays=(0.01,))
    return Clock(repo=repo, store=store, deliverer=sender, schedule=Schedule(**schedule))


def child_env(**extra: str) -> dict[str, str]:
    """This process's environment without the bot's settings, plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "DATABASE_URL", "PI_", "DELIVERY_", "DIGEST_", "ALERT_"))
    }
    env.update(extra)
    return env


def clock_env(
    slack: FakeSlack, database_url: str, store: Path, channels: Iterable[str], **extra: str
) -> dict[str, str]:
    """Environment for a ``python -m bot clock`` child talking to ``slack`` (which is told
    about ``channels``), with its own state database and store, plus ``extra`` settings."""
    for channel in channels:
        slack.add_channel(channel)
    settings = {"DIGEST_CHART": "false", **extra}  # the chart is tested on its own
    return child_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=slack.api_url,
        DATABASE_URL=database_url,
        PI_KNOWLEDGE_FILE=str(store),
        **settings,
    )


def crash_fixture(
    tmp_path: Path, kinds: Iterable[Kind] = ("digest", "alerts"), *, may: int = 40
) -> tuple[Path, str, list[str]]:
    """A store with ``may`` May developments (May's digest) and 8 June enforcement cases
    (alerts), and ``CRASH_CHANNELS`` subscribed to ``kinds``. Returns the store path, the
    state database URL and the ids of the June cases."""
    cats = [Category.REGULATION, Category.ENFORCEMENT, Category.COURT, Category.INDUSTRY]
    in_may = [
        dev(
            f"may-{i}",
            dt.date(2024, 5, 1 + i % 28),
            category=cats[i % 4],
            added_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        )
        for i in range(may)
    ]
    june = [
        dev(
            f"june-case-{i}",
            dt.date(2024, 6, 1 + i % 2),
            added_at=dt.datetime(2024, 6, 2, tzinfo=dt.UTC),
        )
        for i in range(8)
    ]
    store = write_store(tmp_path / "developments.json", *in_may, *june)
    url = f"sqlite:///{tmp_path / 'state' / 'pi-bot.sqlite3'}"
    engine = connect(url)
    repo = StateRepository(engine)
    for channel in CRASH_CHANNELS:
        for kind in kinds:
            repo.subscribe(channel, kind, filters="", user_id="U1", now=CRASH_SUBSCRIBED)
    engine.dispose()
    return store, url, [d.id for d in june]


def delivered_keys(
    slack: FakeSlack, channels: Iterable[str] = CRASH_CHANNELS
) -> Counter[tuple[str, str, str, int]]:
    """How many times each (channel, kind, key, part) was posted, from message metadata."""
    keys: Counter[tuple[str, str, str, int]] = Counter()
    for channel in channels:
        for message in slack.messages_in(channel):
            payload = message["metadata"]["event_payload"]
            keys[(channel, payload["kind"], payload["key"], payload["part"])] += 1
    return keys


def restart_delivers_the_rest_once(
    command: list[str],
    env: dict[str, str],
    slack: FakeSlack,
    expected: set[tuple[str, str, str, int]],
) -> None:
    """After a crash: running ``command`` (``clock --once``) again delivers every expected
    message part exactly once in all (none lost, none twice), and a further run sends
    nothing."""
    finished = subprocess.run(
        command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert finished.returncode == 0, finished.stderr
    posted = delivered_keys(slack)
    assert set(posted) == expected  # none lost
    assert max(posted.values()) == 1  # none twice
    again = subprocess.run(
        command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert again.returncode == 0 and "0 delivered" in again.stdout
    assert delivered_keys(slack) == posted
