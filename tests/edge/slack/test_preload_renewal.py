"""A large store's index is not built whole in ``serve``'s master before the fork: the
master builds the filters, forks the workers, and a process forked from it builds the rest,
keeps it on disk and tells the master (``SIGHUP``: gunicorn's reload), which adopts it so
the workers forked next share the complete index. Without a snapshot folder there is no
way to hand it over, and the master builds it all before the fork."""

from __future__ import annotations

import datetime as dt
import gc
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.answers.engine import answer
from bot.core.answers.search import LazyIndex, SearchIndex
from bot.core.answers.search import snapshot as search_snapshot
from bot.core.answers.search.lazy import FILLS
from bot.core.knowledge.store import (
    LiveStore,
    default_store_path,
    drop_held_snapshots,
    hold_snapshots,
)
from bot.core.knowledge.store import snapshots as store_snapshots
from bot.edge.slack import preload as preload_module
from bot.edge.slack.preload import adopt_built, build_elsewhere, preload
from tests.support.clocks import child_env
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.processes import serve_process
from tests.support.slack_harness import SIGNING_SECRET, SlackHarness
from tests.support.state import dev, write_store

WAIT = 60.0  # seconds: a bound so a stuck child fails the test instead of hanging it


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The bundled store treated as a large one (the threshold lowered), snapshots in
    tmp; afterwards the collector unfrozen (``preload`` freezes what exists) and no
    snapshot held."""
    monkeypatch.setattr(search_snapshot, "INDEX_SNAPSHOT_MIN", 0)
    monkeypatch.setattr(store_snapshots, "_snapshot_folder", tmp_path / "snapshots")
    path = tmp_path / "developments.json"
    path.write_bytes(default_store_path().read_bytes())
    yield path
    gc.unfreeze()
    drop_held_snapshots()


@pytest.fixture
def hangups() -> Iterator[threading.Event]:
    """Set when this process receives ``SIGHUP`` (what gunicorn's master would reload on)."""
    told = threading.Event()
    previous = signal.signal(signal.SIGHUP, lambda *_: told.set())
    yield told
    signal.signal(signal.SIGHUP, previous)


def _exit_status(pid: int) -> int:
    stuck = threading.Timer(WAIT, os.kill, (pid, signal.SIGKILL))
    stuck.start()
    try:
        _, status = os.waitpid(pid, 0)
    finally:
        stuck.cancel()
    return status


def _kept(large: Path) -> set[str]:
    return {p.name.split("-")[1] for p in (large.parent / "snapshots").glob("index-*")}


def test_the_master_builds_the_filters_and_a_forked_process_the_rest(
    large: Path, hangups: threading.Event
) -> None:
    hold_snapshots()  # as ``serve`` does: the master writes none before the workers start
    index = preload(LiveStore(large))
    assert isinstance(index, LazyIndex)
    assert index.missing() == ["concepts", "text"]  # the filters: built before the fork
    assert _kept(large) == set()

    pid = build_elsewhere(index)
    assert pid is not None
    assert _exit_status(pid) == 0
    assert hangups.wait(WAIT)  # the child told the master it is done
    assert index.missing() == ["concepts", "text"]  # built there, not here
    assert _kept(large) == set(FILLS)  # the filters' snapshot too, written by the child

    adopt_built(index)  # gunicorn's reload, in the master
    assert index.is_complete
    whole = SearchIndex.build(index.store, index.gazetteer)
    for names in FILLS.values():
        for name in names:
            assert getattr(index, name) == getattr(whole, name), name
    # and it answers: a query on words and named things, from the adopted facets
    result = answer("personal information protection law", index.store)
    assert result.results


def test_a_child_that_could_not_keep_the_index_does_not_renew_the_workers(
    large: Path, hangups: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = preload(LiveStore(large))
    monkeypatch.setattr(preload_module, "facets_kept", lambda _index: False)  # in the child too
    pid = build_elsewhere(index)
    assert pid is not None
    assert _exit_status(pid) == 0  # never a code gunicorn reads as a worker's failure
    os.getpid()  # a pending signal's handler runs here at the latest
    assert not hangups.is_set()
    assert isinstance(index, LazyIndex) and not index.is_complete


def test_without_a_snapshot_folder_the_master_builds_the_whole_index(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_snapshots, "_snapshot_folder", None)
    index = preload(LiveStore(large))
    assert isinstance(index, LazyIndex) and index.is_complete
    assert build_elsewhere(index) is None  # nothing left to build, no reload


def test_a_complete_index_has_its_held_snapshots_written_by_the_master(large: Path) -> None:
    first = preload(LiveStore(large))
    assert isinstance(first, LazyIndex)
    first.complete()  # another process built the whole index before
    hold_snapshots()
    for kept in (large.parent / "snapshots").glob("index-filters-*"):
        kept.unlink()
    # a new master: every facet on disk but the filters, which it builds and holds
    index = preload(LiveStore(large))
    assert isinstance(index, LazyIndex) and index.is_complete
    assert "filters" not in _kept(large)
    assert build_elsewhere(index) is None
    assert _kept(large) == set(FILLS)


def _healths(bot: SlackHarness, until: Any) -> dict[int, dict[str, Any]]:
    """``/healthz`` of every worker answering (on new connections, any worker may take
    them) until ``until(seen)`` holds."""
    seen: dict[int, dict[str, Any]] = {}
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        health = bot.get("/healthz").json()
        seen[health["pid"]] = health
        if until(seen):
            return seen
        time.sleep(0.02)
    raise AssertionError(f"the workers never got there: {seen}")


@pytest.mark.slow
def test_serve_renews_its_workers_once_the_index_is_complete(tmp_path: Path) -> None:
    """A store over the size at which the index is built lazily: both workers answer before
    the index is complete, and are then replaced by two that share it."""
    size = search_snapshot.INDEX_SNAPSHOT_MIN
    start = dt.date(2024, 1, 1)
    devs = [
        dev(f"fine-{n}", start + dt.timedelta(days=n % 700), fine=10_000 + n) for n in range(size)
    ]
    seed = write_store(tmp_path / "developments.json", *devs)
    with FakeSlack() as slack:
        env = child_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            DATABASE_URL=f"sqlite:///{tmp_path / 'state.sqlite3'}",
            PI_KNOWLEDGE_FILE=str(seed),
            PI_SNAPSHOT_DIR=str(tmp_path / "snapshots"),
        )
        with serve_process(env, slack, seed, "--workers", "2", log_level="INFO") as (bot, proc):
            renewed = _healths(
                bot,
                lambda seen: sum(h["index"] == "complete" for h in seen.values()) == 2,
            )
            complete = {pid for pid, h in renewed.items() if h["index"] == "complete"}
            assert proc.pid not in complete
            assert all(h["developments"] == size for h in renewed.values())
            assert bot.command("regulator acts against fine 4321").status == 200
            [call] = bot.slack.wait_for("response_url", timeout=WAIT)
            assert "fine 4321" in str(call.params["blocks"]).lower()
        said = proc.stderr.read() if proc.stderr else ""
    assert "completing the index in process" in said
    assert "the new workers share it" in said
    kept = {p.name.split("-")[1] for p in (tmp_path / "snapshots").glob("index-*")}
    assert kept == set(FILLS)
