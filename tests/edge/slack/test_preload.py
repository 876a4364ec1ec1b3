"""``serve --workers 2`` with the store preloaded in gunicorn's master: both workers answer
from the store loaded before the fork, and each still applies a change written afterwards
(its own refresher and ``LISTEN`` connection, opened after the fork)."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from bot.core.knowledge.model import KnowledgeFile
from bot.edge.state.knowledge import PostgresBackend
from tests.support.clocks import child_env
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.processes import serve_process
from tests.support.slack_harness import SIGNING_SECRET, SlackHarness
from tests.support.state import POSTGRES_ENV, dev, postgres_schema_url, write_store

pytestmark = [pytest.mark.postgres, pytest.mark.slow]  # a gunicorn master and two workers

WAIT = 60.0  # seconds: a bound so a broken server fails the test instead of hanging it


def _every_worker(
    bot: SlackHarness, workers: int, ok: Callable[[dict[str, Any]], bool]
) -> dict[int, dict[str, Any]]:
    """``/healthz`` asked until ``workers`` distinct workers have answered with ``ok``
    (each on a new connection; the kernel hands them to whichever worker accepts)."""
    seen: dict[int, dict[str, Any]] = {}
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        health = bot.get("/healthz").json()
        if ok(health):
            seen[health["pid"]] = health
            if len(seen) == workers:
                return seen
        time.sleep(0.02)
    raise AssertionError(f"only {len(seen)} of {workers} workers answered as expected")


def test_preloaded_workers_answer_and_apply_later_changes(tmp_path: Path) -> None:
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} not set")
    seed = write_store(
        tmp_path / "seed.json",
        dev("henan-app-fine", dt.date(2025, 3, 4), regions=("Henan",), fine=200_000),
        dev("beijing-app-order", dt.date(2025, 2, 1), regions=("Beijing",)),
    )
    with contextmanager(postgres_schema_url)() as url, FakeSlack() as slack:
        env = child_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            DATABASE_URL=url,
            PI_KNOWLEDGE_FILE=str(seed),
            PI_SNAPSHOT_DIR="off",
        )
        with serve_process(env, slack, seed, "--workers", "2") as (bot, proc):
            before = _every_worker(bot, 2, lambda h: h["developments"] == 2)
            assert proc.pid not in before  # workers answer, not the master
            revision = next(iter(before.values()))["revision"]

            engine = create_engine(url)
            backend = PostgresBackend(engine, seed=seed)
            added = dev("shanghai-crawler-fine", dt.date(2025, 4, 2), fine=50_000)

            def add(k: KnowledgeFile) -> tuple[KnowledgeFile, None]:
                return k.model_copy(update={"developments": (*k.developments, added)}), None

            backend.update(add)
            engine.dispose()

            after = _every_worker(
                bot, 2, lambda h: h["revision"] > revision and h["developments"] == 3
            )
            assert set(after) == set(before)  # the same workers, not restarted ones
            assert all(h["last_error"] is None for h in after.values())
            assert bot.command("shanghai crawler fine").status == 200
            [call] = bot.slack.wait_for("response_url")
            assert "shanghai crawler fine" in str(call.params["blocks"]).lower()
