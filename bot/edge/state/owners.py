"""Who runs a delivery: an owner id per run, and whether a run that left a delivery
unfinished is certainly gone (so the delivery may be taken over before its lease ends)."""

from __future__ import annotations

import os
import socket
import uuid

_OWNERS_IN_THIS_PROCESS: set[str] = set()


def new_owner() -> str:
    """An id for one delivery run: host, pid and a random part (pids are reused, e.g. pid 1
    in every container start). Call ``forget_owner`` when the run ends."""
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    _OWNERS_IN_THIS_PROCESS.add(owner)
    return owner


def forget_owner(owner: str) -> None:
    """The run ``owner`` has ended; rows it left unfinished may be taken over at once."""
    _OWNERS_IN_THIS_PROCESS.discard(owner)


def owner_is_gone(owner: str, me: str) -> bool:
    """Whether ``owner`` certainly no longer runs: it was on this host and its process is
    gone, or it carries this process's pid without being one of this process's owners (an
    earlier process that had the same pid). Owners on other hosts are only presumed gone
    once their lease runs out."""
    try:
        host, pid_text, _run = owner.rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return False
    if owner == me or host != socket.gethostname():
        return False
    if pid == os.getpid():
        return owner not in _OWNERS_IN_THIS_PROCESS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A process that has exited but was not reaped yet (a container whose first process
    never reaps orphans keeps them so): it runs nothing any more. False where ``/proc``
    cannot tell."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[-1].split()
    except OSError:
        return False
    return bool(fields) and fields[0] == b"Z"
