"""Validated snapshots: a store (or an index derived from it) pickled under the file's
SHA-256 and a fingerprint of the core code, so a later load of the same bytes by the same
code skips validation."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pydantic_core

from bot.core.knowledge.store.compact import _gc_paused

log = logging.getLogger(__name__)


# --- validated snapshots --------------------------------------------------------------------

SNAPSHOT_MIN_BYTES = 4 * 1024 * 1024
SNAPSHOTS_KEPT = 4
_SNAPSHOT_MAGIC = "pi-bot validated store snapshot 1"


_snapshot_folder: Path | None = None


def use_snapshot_dir(folder: Path | None) -> None:
    """Keep snapshots in ``folder`` (None: none at all). The edge passes the settings'
    choice (``PI_SNAPSHOT_DIR``) when a process starts; until then there are none."""
    global _snapshot_folder
    _snapshot_folder = folder


def snapshot_dir() -> Path | None:
    """Where snapshots are kept, as ``use_snapshot_dir`` chose; None: no snapshots."""
    return _snapshot_folder


@functools.cache
def _code_fingerprint() -> str:
    """Snapshots are only valid for the code and libraries that made them: the models and
    every module of the pure core (``bot/core``), which derives them; a module moved, split
    or changed invalidates them."""
    digest = hashlib.sha256()
    core = Path(__file__).resolve().parents[2]
    for module in sorted(core.rglob("*.py")):
        with contextlib.suppress(OSError):
            digest.update(module.relative_to(core).as_posix().encode())
            digest.update(module.read_bytes())
    digest.update(f"{pydantic_core.__version__} {sys.version} {_SNAPSHOT_MAGIC}".encode())
    return digest.hexdigest()[:16]


def _safe_dir(create: bool) -> Path | None:
    folder = snapshot_dir()
    if folder is None:
        return None
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        log.warning(
            "not using store snapshots in %s: it must be yours and not writable by others", folder
        )
        return None
    return folder


STORE_SNAPSHOT = "store"


def can_keep_snapshots() -> bool:
    """Whether snapshots are on and their folder is usable (made if missing)."""
    return _safe_dir(create=True) is not None


def is_cached(kind: str, key: str) -> bool:
    """Whether ``write_cached(kind, key, ...)`` left a snapshot this code can read."""
    folder = _safe_dir(create=False)
    return folder is not None and (folder / f"{kind}-{key}-{_code_fingerprint()}.pickle").is_file()


def read_cached(kind: str, key: str) -> object | None:
    """What ``write_cached(kind, key, ...)`` saved, or ``None`` (none, unreadable, written by
    other code, or snapshots off). ``key`` must identify the input exactly (a SHA-256)."""
    folder = _safe_dir(create=False)
    if folder is None:
        return None
    path = folder / f"{kind}-{key}-{_code_fingerprint()}.pickle"
    try:
        with path.open("rb") as handle, _gc_paused(freeze=True):
            magic, stored_key, value = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged snapshot is only a slower load
        log.warning("ignoring an unreadable snapshot %s: %s", path, exc)
        return None
    if magic != _SNAPSHOT_MAGIC or stored_key != key:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # the most recently used snapshots are the ones kept
    return value


_deferred: list[tuple[str, str, object]] | None = None


def hold_snapshots() -> None:
    """Hold the snapshots made from now on instead of writing them, until
    ``write_held_snapshots`` (or ``drop_held_snapshots``): a server's master writes none
    before its workers answer."""
    global _deferred
    if _deferred is None:
        _deferred = []


def write_held_snapshots() -> None:
    """Write the snapshots held since ``hold_snapshots``, and hold no more."""
    global _deferred
    pending, _deferred = _deferred or [], None
    for kind, key, value in pending:
        write_cached(kind, key, value)


def drop_held_snapshots() -> None:
    """Forget the snapshots held (another process writes them), and hold no more."""
    global _deferred
    _deferred = None


@contextlib.contextmanager
def snapshots_written_after() -> Iterator[None]:
    """Snapshots made inside are written when it ends, not when made: a one-off command
    (``ask``) answers first and saves them for the next process afterwards."""
    global _deferred
    outer, _deferred = _deferred, []
    try:
        yield
    finally:
        pending, _deferred = _deferred, outer
        for kind, key, value in pending:
            write_cached(kind, key, value)


def write_cached(kind: str, key: str, value: object) -> None:
    """Pickle ``value`` atomically under (``kind``, ``key``); keep ``SNAPSHOTS_KEPT`` per kind
    (inside ``snapshots_written_after``: when it ends). Failing to write is logged and
    otherwise ignored."""
    if _deferred is not None:
        _deferred.append((kind, key, value))
        return
    folder = _safe_dir(create=True)
    if folder is None:
        return
    path = folder / f"{kind}-{key}-{_code_fingerprint()}.pickle"
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".snapshot.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle, _gc_paused():
                pickle.dump((_SNAPSHOT_MAGIC, key, value), handle, protocol=5)
            os.replace(tmp_name, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
            raise
        old = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[SNAPSHOTS_KEPT:]:
            with contextlib.suppress(OSError):
                stale.unlink()
    except (OSError, pickle.PicklingError) as exc:
        log.warning("could not write a snapshot in %s: %s", folder, exc)
