"""The process helpers the crash tests rely on."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.processes import kill_group

MASTER_AND_WORKER = """
import subprocess, sys, time
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print("ready", flush=True)
time.sleep(60)
"""


@pytest.mark.slow
def test_kill_group_returns_once_the_orphaned_worker_is_gone() -> None:
    """Like gunicorn: a master and its worker in one group. After ``kill_group`` no process
    of the group exists, not even as a zombie waiting for init to reap it (the ledger would
    take a zombie's claims for a live run's)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", MASTER_AND_WORKER],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    kill_group(proc)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)
