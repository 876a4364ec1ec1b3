"""``python -m bot serve`` as a child process on a free loopback port, for multi-process and
crash tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.core.answers.router import Router
from bot.core.knowledge.store import LiveStore
from tests.conftest import REPO_ROOT
from tests.support.fake_slack import FakeSlack
from tests.support.slack_harness import SlackHarness, http


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_process(
    env: dict[str, str], slack: FakeSlack, seed: Path, *options: str, log_level: str = "WARNING"
) -> Iterator[tuple[SlackHarness, subprocess.Popen[str]]]:
    """A ``serve`` child with ``env`` (and ``options``: by default one worker), once its
    ``/healthz`` answers; stopped afterwards (unless the test killed it: ``kill_group``)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "bot", "--log-level", log_level, "serve"),
            *(options or ("--workers", "1")),
        ],
        cwd=REPO_ROOT,
        env={**env, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # gunicorn's master and workers: one group to stop or kill
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(proc, url)
        yield SlackHarness(slack=slack, url=url, router=Router(LiveStore(seed))), proc
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=20)
        kill_group(proc)  # a worker left behind by its master


def wait_until_serving(
    proc: subprocess.Popen[str], url: str, path: str = "/healthz", timeout: float = 60
) -> None:
    """Wait until a ``serve`` child answers ``GET url+path`` with 200; fail with its stderr
    if it exits first. The timeout is for start-up on a busy machine, not a measure."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else ""
            pytest.fail(f"serve exited {proc.returncode}: {err}")
        try:
            if http("GET", url + path).status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"serve did not answer {path} within {timeout:.0f} s")
        time.sleep(0.1)


def kill_group(proc: subprocess.Popen[str], timeout: float = 20) -> None:
    """SIGKILL the serve process and its workers (killing gunicorn's master alone would
    leave its worker running), and return once no process of the group exists any more.

    The master is our child and reaped by ``wait``; its worker is orphaned and reaped by
    init, on a busy machine a second or more later. Until then the worker's pid still
    exists (a zombie), and the delivery ledger rightly treats a claim whose owner's pid
    exists as a live run's (``owner_is_gone``): a process started meanwhile would leave
    that claim alone instead of resuming it. Crash tests mean "the process is dead", so
    they wait for that."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=timeout)
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.killpg(proc.pid, 0)  # succeeds while any member, a zombie too, exists
        except ProcessLookupError:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"processes of the killed group {proc.pid} still exist")
        time.sleep(0.02)
