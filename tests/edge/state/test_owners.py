"""Whether the run that left a delivery unfinished is certainly gone."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.edge.state.owners import new_owner, owner_is_gone


def owner_of(pid: int) -> str:
    return f"{socket.gethostname()}:{pid}:abc123def456"


def test_a_live_process_is_not_gone_and_another_hosts_owner_is_presumed_alive() -> None:
    me = new_owner()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert not owner_is_gone(owner_of(child.pid), me)
        assert not owner_is_gone(f"elsewhere:{child.pid}:abc", me)
    finally:
        child.kill()
        child.wait()
    assert owner_is_gone(owner_of(child.pid), me)  # reaped: no such process


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_an_exited_process_not_yet_reaped_is_gone() -> None:
    """A zombie still answers kill(pid, 0), but it runs nothing: its claims are free."""
    me = new_owner()
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # wait until it has exited (not reaped: no wait())
        state = Path(f"/proc/{child.pid}/stat").read_bytes().rsplit(b")", 1)[-1].split()[0]
        if state == b"Z":
            break
        time.sleep(0.02)
    try:
        assert owner_is_gone(owner_of(child.pid), me)
    finally:
        child.wait()
