"""The file store's change log: ``developments.json.changes`` beside the store file.

A write appends one line (a ``Delta``: the records it changed, whole, and the revision it
made) and fsyncs it, instead of rewriting the whole file, so an approval at 10,000
developments costs milliseconds. Whoever reads the store reads the file, then applies the
log's entries whose revision is above the file's (an entry at or below it was already
folded in: a fold writes the file first and removes the log after, so a crash between the
two loses nothing). A last line without its newline is a write that did not finish: it is
ignored, and the next writer cuts it off before appending.

The log is folded into the file (written whole, the log removed) when a serving process
starts, by
``export``, and when it grows past half the file's size, so the file stays the store's
whole, reviewable text and reading the log stays cheap.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from pydantic import ValidationError

from bot.core.knowledge.store.delta import Delta

log = logging.getLogger(__name__)

CHANGES_SUFFIX = ".changes"


def changes_path(store: Path) -> Path:
    return store.with_name(store.name + CHANGES_SUFFIX)


def read_entries(store: Path, *, after: int) -> list[Delta] | None:
    """The log's entries with a revision above ``after``, in order; ``[]`` when there is no
    log. ``None`` when they do not follow on from ``after`` one by one (the caller reads
    the whole store again)."""
    try:
        data = changes_path(store).read_bytes()
    except FileNotFoundError:
        return []
    entries: list[Delta] = []
    expected = after + 1
    for number, line in enumerate(data.split(b"\n")[:-1], start=1):  # complete lines only
        if not line.strip():
            continue
        try:
            head = line[:40].split(b",", 1)[0]
            revision = int(head.split(b":", 1)[1]) if head.startswith(b'{"revision":') else None
            if revision is not None and revision <= after:
                continue
            delta = Delta.from_json(line)
        except (ValueError, ValidationError, IndexError) as exc:
            log.error(
                "%s line %d is not a change-log entry (%s); ignoring the rest", store, number, exc
            )
            break
        if delta.revision <= after:
            continue
        if delta.revision != expected:
            return None
        entries.append(delta)
        expected += 1
    return entries


def append_entry(store: Path, delta: Delta) -> int:
    """Append ``delta`` as one fsynced line (cutting off a torn last line first); the log's
    size afterwards. Call under the store's writer lock."""
    path = changes_path(store)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        size = os.fstat(fd).st_size
        if size:
            os.lseek(fd, size - 1, os.SEEK_SET)
            if os.read(fd, 1) != b"\n":
                _cut_torn_line(fd, size)
        start = os.lseek(fd, 0, os.SEEK_END)
        try:
            line = memoryview(delta.to_json() + b"\n")
            while line:
                line = line[os.write(fd, line) :]
            os.fsync(fd)
        except BaseException:
            os.ftruncate(fd, start)  # a full disk leaves the log as it was
            raise
        return os.fstat(fd).st_size
    finally:
        os.close(fd)


def _cut_torn_line(fd: int, size: int) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    data = os.read(fd, size)
    keep = data.rfind(b"\n") + 1
    os.ftruncate(fd, keep)
    log.warning("cut off a change-log line that a writer did not finish (%d bytes)", size - keep)


def log_signature(store: Path) -> tuple[int, int, int] | None:
    try:
        st = changes_path(store).stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def remove_log(store: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        changes_path(store).unlink()
