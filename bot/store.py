"""Reading and writing the knowledge store, atomically, and serving the last good copy.

The store is one JSON file (``knowledge/developments.json``) holding a ``KnowledgeFile``.
One file keeps every write atomic: a reader sees the old store or the new one, never half
of an ingest. Writes go to a temporary file in the same folder, are fsynced, then renamed
over the old file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from bot.models import Development, KnowledgeFile, Newsletter

log = logging.getLogger(__name__)

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = PACKAGE_ROOT / "knowledge"
STORE_FILE_NAME = "developments.json"


def default_store_path() -> Path:
    """``$PI_KNOWLEDGE_FILE`` if set, else the bundled ``knowledge/developments.json``."""
    override = os.environ.get("PI_KNOWLEDGE_FILE")
    return Path(override) if override else DEFAULT_KNOWLEDGE_DIR / STORE_FILE_NAME


class StoreError(Exception):
    """The store file cannot be used. The message names the file and what is wrong."""


def _describe_validation_error(path: Path, raw: object, error: ValidationError) -> str:
    lines = [f"{path}: the knowledge store does not match the schema:"]
    developments = raw.get("developments") if isinstance(raw, dict) else None
    for item in error.errors()[:20]:
        loc = item["loc"]
        where = ".".join(str(part) for part in loc)
        if (
            len(loc) >= 2
            and loc[0] == "developments"
            and isinstance(loc[1], int)
            and isinstance(developments, list)
            and loc[1] < len(developments)
            and isinstance(developments[loc[1]], dict)
        ):
            dev_id = developments[loc[1]].get("id", "?")
            where = f"development {dev_id!r} (#{loc[1]}) " + ".".join(str(p) for p in loc[2:])
        lines.append(f"  - {where}: {item['msg']}")
    if len(error.errors()) > 20:
        lines.append(f"  ... and {len(error.errors()) - 20} more")
    return "\n".join(lines)


def read_knowledge(path: Path) -> KnowledgeFile:
    """Parse and validate the store file, or raise ``StoreError`` saying where it is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise StoreError(f"{path}: no knowledge store here") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: cannot read the knowledge store: {exc}") from exc
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); "
            "the file may be truncated or hand-edited"
        ) from exc
    try:
        knowledge = KnowledgeFile.model_validate(raw)
    except ValidationError as exc:
        raise StoreError(_describe_validation_error(path, raw, exc)) from exc
    duplicates = _duplicate_ids(d.id for d in knowledge.developments)
    if duplicates:
        raise StoreError(f"{path}: development ids used more than once: {', '.join(duplicates)}")
    return knowledge


def _duplicate_ids(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dupes: list[str] = []
    for dev_id in ids:
        if dev_id in seen and dev_id not in dupes:
            dupes.append(dev_id)
        seen.add(dev_id)
    return dupes


def dump_knowledge(knowledge: KnowledgeFile) -> str:
    """Stable JSON: developments newest first then by id, so diffs stay small."""
    ordered = knowledge.model_copy(
        update={
            "developments": tuple(
                sorted(knowledge.developments, key=lambda d: (-d.date.toordinal(), d.id))
            ),
            "newsletters": tuple(
                sorted(knowledge.newsletters, key=lambda n: (n.issue_month, n.id))
            ),
        }
    )
    data = ordered.model_dump(mode="json", exclude_defaults=False)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_knowledge(path: Path, knowledge: KnowledgeFile) -> None:
    """Write atomically: temp file in the same folder, fsync, rename, fsync the folder."""
    text = dump_knowledge(knowledge)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@dataclass(frozen=True)
class Store:
    """An immutable snapshot of the knowledge store, with lookups."""

    developments: tuple[Development, ...]
    newsletters: tuple[Newsletter, ...] = ()
    by_id: dict[str, Development] = field(default_factory=dict, compare=False, repr=False)
    newsletters_by_id: dict[str, Newsletter] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def from_knowledge(cls, knowledge: KnowledgeFile) -> Store:
        devs = tuple(sorted(knowledge.developments, key=lambda d: (-d.date.toordinal(), d.id)))
        return cls(
            developments=devs,
            newsletters=knowledge.newsletters,
            by_id={d.id: d for d in devs},
            newsletters_by_id={n.id: n for n in knowledge.newsletters},
        )

    @classmethod
    def load(cls, path: Path | None = None) -> Store:
        return cls.from_knowledge(read_knowledge(path or default_store_path()))

    def get(self, dev_id: str) -> Development | None:
        return self.by_id.get(dev_id)

    def __len__(self) -> int:
        return len(self.developments)


class LiveStore:
    """Serves the newest good snapshot of a store file.

    ``current()`` reloads when the file's modification time or size changes. A file that
    fails to load is logged once (per distinct change) and the last good snapshot keeps
    being served; the error stays visible in ``last_error``.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_store_path()
        self._lock = threading.Lock()
        self._signature: tuple[int, int] | None = None
        self._failed_signature: tuple[int, int] | None = None
        self.last_error: str | None = None
        self._store = Store.load(self.path)
        self._signature = self._stat()

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def current(self) -> Store:
        signature = self._stat()
        if signature is None or signature == self._signature:
            return self._store
        with self._lock:
            if signature == self._signature or signature == self._failed_signature:
                return self._store
            try:
                fresh = Store.load(self.path)
            except StoreError as exc:
                self._failed_signature = signature
                self.last_error = str(exc)
                log.error(
                    "knowledge store changed on disk but cannot be loaded; "
                    "still serving the last good copy (%d developments): %s",
                    len(self._store),
                    exc,
                )
                return self._store
            self._store = fresh
            self._signature = signature
            self._failed_signature = None
            self.last_error = None
            log.info("knowledge store reloaded: %d developments", len(fresh))
            return fresh
