"""The JSON file store (``knowledge/developments.json`` or ``$PI_KNOWLEDGE_FILE``), with its
change log (``changelog``): a write appends the records it changed; the file is rewritten
whole only when it is new, when one write changes many records, and when the log is folded
in."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Collection, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store.backend import Change, RecordsChange, bump, check_revision
from bot.core.knowledge.store.changelog import (
    append_entry,
    changes_path,
    log_signature,
    read_entries,
    remove_log,
)
from bot.core.knowledge.store.delta import Delta, apply, diff
from bot.core.knowledge.store.reading import StoreError, _read, read_for_update
from bot.core.knowledge.store.writing import store_write_lock, write_knowledge

T = TypeVar("T")

FULL_WRITE_OVER = 500
"""A write that changes more records than this (an import, a large ingest) rewrites the file."""
FOLD_RATIO = 0.5
"""The log is folded into the file once it is this large compared with the file."""


@dataclass(frozen=True)
class _Known:
    """The store as this process last read or wrote it, and the file it rests on."""

    knowledge: KnowledgeFile
    file_signature: Hashable | None
    file_revision: int
    file_digest: str | None


def _with_log_digest(file_digest: str | None, revision: int, entries: int) -> str | None:
    if file_digest is None or not entries:
        return file_digest
    return hashlib.sha256(f"{file_digest} changes to {revision}".encode()).hexdigest()


class FileBackend:
    """The JSON file store and its change log."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._known: _Known | None = None
        self._places: tuple[KnowledgeFile, dict[str, int]] | None = None

    def describe(self) -> str:
        return str(self.path)

    def _file_signature(self) -> Hashable | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def signature(self) -> Hashable | None:
        file = self._file_signature()
        return None if file is None else (file, log_signature(self.path))

    def load(self) -> tuple[KnowledgeFile, str | None]:
        with self._lock:
            file_signature = self._file_signature()
            knowledge, digest = _read(self.path)
            entries = self._entries_after(knowledge.revision)
            known = _Known(apply(knowledge, entries), file_signature, knowledge.revision, digest)
            self._known = known
            return known.knowledge, _with_log_digest(digest, known.knowledge.revision, len(entries))

    def _entries_after(self, revision: int) -> list[Delta]:
        entries = read_entries(self.path, after=revision)
        if entries is None:
            raise StoreError(
                f"{changes_path(self.path)}: the change log does not follow on from the store "
                f"file (revision {revision}); nothing was applied"
            )
        return entries

    def changes(self, since: int) -> tuple[list[Delta], str | None] | None:
        """The writes after revision ``since`` (``None``: read the whole store again)."""
        with self._lock:
            known = self._known
            if known is None or since < known.file_revision:
                return None
            if self._file_signature() != known.file_signature:
                return None
            entries = read_entries(self.path, after=since)
            if entries is None:
                return None
            revision = entries[-1].revision if entries else since
            count = revision - known.file_revision
            return entries, _with_log_digest(known.file_digest, revision, count)

    def _current(self) -> _Known:
        """The store as it is now (under the writer lock): what this process knows plus the
        log's newer entries, or the file and its log read again."""
        known = self._known
        if known is not None and self._file_signature() == known.file_signature:
            entries = read_entries(self.path, after=known.knowledge.revision)
            if entries == []:
                return known  # nobody wrote since this process did
            if entries is not None:
                return _Known(
                    apply(known.knowledge, entries),
                    known.file_signature,
                    known.file_revision,
                    known.file_digest,
                )
        file_signature = self._file_signature()
        if not self.path.exists():
            return _Known(KnowledgeFile(), None, 0, None)
        knowledge = read_for_update(self.path)
        entries = self._entries_after(knowledge.revision)
        return _Known(apply(knowledge, entries), file_signature, knowledge.revision, None)

    def update(self, change: Change[T], *, expected_revision: int | None = None) -> T:
        with store_write_lock(self.path), self._lock:
            known = self._current()
            self._known = known
            current = known.knowledge
            check_revision(current, expected_revision)
            new, result = change(current)
            if new is None:
                return result
            written = bump(current, new)
            self._save(known, written, diff(current, written))
            return result

    def update_developments(self, ids: Collection[str], change: RecordsChange[T]) -> T:
        """One write of the developments ``ids``: only those are looked up (by their place
        in the store, known since it was read) and replaced, and the write is one line of
        the change log; the rest of the store is neither compared nor copied one by one."""
        with store_write_lock(self.path), self._lock:
            known = self._current()
            self._known = known
            current = known.knowledge
            places = self._places_in(current)
            devs = current.developments
            written, result = change({i: devs[places[i]] for i in ids if i in places})
            if not written:
                return result
            unique = tuple({d.id: d for d in written}.values())
            replaced, added = list(devs), []
            for dev in unique:
                at = places.get(dev.id)
                if at is None:
                    added.append(dev)
                else:
                    replaced[at] = dev
            new = current.model_copy(
                update={"developments": (*replaced, *added), "revision": current.revision + 1}
            )
            if not added:
                self._places = (new, places)  # every record kept its place
            self._save(known, new, Delta(revision=new.revision, developments=unique))
            return result

    def _places_in(self, knowledge: KnowledgeFile) -> dict[str, int]:
        """Where each development of ``knowledge`` is (worked out once per store read)."""
        if self._places is not None and self._places[0] is knowledge:
            return self._places[1]
        places = {d.id: at for at, d in enumerate(knowledge.developments)}
        self._places = (knowledge, places)
        return places

    def _save(self, known: _Known, written: KnowledgeFile, delta: Delta) -> None:
        """Append ``delta`` to the log (``written`` is the store it makes), or write the
        file whole: when it is new, the change large, or the log grown past its share."""
        if known.file_signature is None or delta.size > FULL_WRITE_OVER:
            self._write_whole(written)
            return
        log_size = append_entry(self.path, delta)
        self._known = _Known(written, known.file_signature, known.file_revision, known.file_digest)
        if log_size > self.path.stat().st_size * FOLD_RATIO:
            self._write_whole(written)

    def _write_whole(self, knowledge: KnowledgeFile) -> None:
        write_knowledge(self.path, knowledge)
        remove_log(self.path)  # after the file: a crash between the two loses nothing
        self._known = _Known(knowledge, self._file_signature(), knowledge.revision, None)

    def fold(self) -> bool:
        """Write the change log into the file and remove it; whether there was one."""
        with store_write_lock(self.path), self._lock:
            if not changes_path(self.path).exists():
                return False
            self._write_whole(self._current().knowledge)
            return True
