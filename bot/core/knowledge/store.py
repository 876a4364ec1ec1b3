"""Reading and writing the knowledge store, atomically, and serving the last good copy.

The store is one JSON file (``knowledge/developments.json``) holding a ``KnowledgeFile``.
One file keeps every write atomic: a reader sees the old store or the new one, never half
of an ingest. Writes go to a temporary file in the same folder, are fsynced, then renamed
over the old file.

Large stores (tens of thousands of developments) load through two helpers:

- a compact load path: each development is validated on its own and its repeated parts
  (tags, names, dates, pydantic's per-instance field sets) are shared between records, so
  100k developments take a fraction of the memory and the parsed JSON is released as it
  goes;
- a validated snapshot: once a file's exact bytes have passed validation, the validated
  store is pickled under a name made of the file's SHA-256 and a fingerprint of the model
  code (``snapshot_dir()``). A later load of the same bytes by the same code reads the
  snapshot instead of validating again. Only files of ``SNAPSHOT_MIN_BYTES`` or more get
  one; ``PI_SNAPSHOT_DIR=off`` turns snapshots off. A snapshot that cannot be read is
  ignored (the file is validated again), and the folder is used only when it belongs to
  this user and nobody else can write to it (a pickle is code).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import hashlib
import json
import logging
import os
import pickle
import stat
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import BaseModel, ValidationError

from bot.core.knowledge.model import Development, KnowledgeFile, Newsletter

log = logging.getLogger(__name__)

PACKAGE_ROOT = Path(__file__).resolve().parents[3]
"""The repository (or installed tree) root: ``bot/core/knowledge/`` is three levels down."""
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
    return _read(path)[0]


def _read(path: Path) -> tuple[KnowledgeFile, str]:
    """The validated store and the SHA-256 of the exact bytes it was read from."""
    try:
        size = path.stat().st_size
        if size >= SNAPSHOT_MIN_BYTES and snapshot_dir() is not None:
            cached = read_cached(STORE_SNAPSHOT, _file_digest(path))
            if isinstance(cached, tuple) and len(cached) == 2:
                digest, knowledge = cached
                if isinstance(knowledge, KnowledgeFile):
                    return knowledge, digest
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise StoreError(f"{path}: no knowledge store here") from exc
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the knowledge store: {exc}") from exc
    digest = hashlib.sha256(data).hexdigest()  # of the bytes validated, whatever came before
    big = len(data) >= SNAPSHOT_MIN_BYTES
    with _gc_paused(freeze=big):
        knowledge = _validate(path, data, digest)
    if big:
        write_cached(STORE_SNAPSHOT, digest, (digest, knowledge))
    return knowledge, digest


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _validate(path: Path, data: bytes, digest: str) -> KnowledgeFile:
    try:
        # pydantic-core's parser shares repeated strings: a third less memory than json
        raw = pydantic_core.from_json(data, cache_strings=True)
    except ValueError:
        raise StoreError(_describe_bad_json(path, data)) from None
    del data
    try:
        knowledge = _validate_compact(raw)
    except ValidationError:
        # say everything that is wrong, and where, from the whole file as it was read
        raise StoreError(_describe_problems(path, digest)) from None
    duplicates = _duplicate_ids(d.id for d in knowledge.developments)
    if duplicates:
        raise StoreError(f"{path}: development ids used more than once: {', '.join(duplicates)}")
    return knowledge


def _describe_bad_json(path: Path, data: bytes) -> str:
    try:
        json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return f"{path}: cannot read the knowledge store: {exc}"
    except json.JSONDecodeError as exc:
        return (
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); "
            "the file may be truncated or hand-edited"
        )
    return f"{path}: not valid JSON; the file may be truncated or hand-edited"


def _describe_problems(path: Path, digest: str) -> str:
    """The whole-file validation report (the compact path stops at the first bad record
    and has released what it parsed, so the file is read again, and must be unchanged)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"{path}: cannot read the knowledge store: {exc}"
    if hashlib.sha256(data).hexdigest() != digest:
        return f"{path}: the knowledge store changed while being read; try again"
    raw = json.loads(data)
    try:
        KnowledgeFile.model_validate(raw)
    except ValidationError as exc:
        return _describe_validation_error(path, raw, exc)
    return f"{path}: the knowledge store does not match the schema"


def _validate_compact(raw: Any) -> KnowledgeFile:
    """``KnowledgeFile.model_validate(raw)``, one development at a time: each is validated,
    compacted, and its parsed JSON dropped, so the peak stays near the final size."""
    items = raw.get("developments") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return KnowledgeFile.model_validate(raw)
    compactor = _Compactor()
    developments = []
    for i, item in enumerate(items):
        developments.append(compactor.development(Development.model_validate(item)))
        items[i] = None
    head = {key: value for key, value in raw.items() if key != "developments"}
    # validated instances are taken as they are (revalidate_instances="never")
    return KnowledgeFile.model_validate({**head, "developments": developments})


class _Compactor:
    """Shares equal immutable parts between validated records: strings of tags and names,
    tuples of them, dates, amounts, and pydantic's per-instance sets of fields set (equal
    for almost every record; frozen models never change them)."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}
        self._fields_sets: dict[frozenset[str], set[str]] = {}

    def _share(self, value: Any) -> Any:
        if isinstance(value, tuple):
            value = tuple(self._share(v) for v in value)
        elif isinstance(value, BaseModel):
            return value
        try:
            return self._values.setdefault((type(value), value), value)
        except TypeError:  # unhashable
            return value

    def _model(self, model: BaseModel, keep: frozenset[str] = frozenset()) -> None:
        fields = model.__pydantic_fields_set__
        shared = self._fields_sets.setdefault(frozenset(fields), fields)
        object.__setattr__(model, "__pydantic_fields_set__", shared)
        values = model.__dict__
        for name, value in values.items():
            if name not in keep and not isinstance(value, BaseModel):
                values[name] = self._share(value)

    def development(self, dev: Development) -> Development:
        for source in dev.sources:
            self._model(source, keep=frozenset({"ref", "url"}))
            if source.headline == dev.title:
                source.__dict__["headline"] = dev.title
        for penalty in dev.penalties:
            self._model(penalty, keep=frozenset({"note"}))
        self._model(dev, keep=frozenset({"id", "title", "summary", "sources", "penalties"}))
        return dev


@contextlib.contextmanager
def _gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Building 100k records creates millions of objects and no cycles: collecting while
    they are made only costs time. With ``freeze``, what exists afterwards is moved out of
    the collector's sight (``gc.freeze``), so no later collection walks a large store again
    (snapshots are freed by reference counting when replaced; they hold no cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


# --- validated snapshots --------------------------------------------------------------------

SNAPSHOT_MIN_BYTES = 4 * 1024 * 1024
SNAPSHOTS_KEPT = 4
_SNAPSHOT_MAGIC = "pi-bot validated store snapshot 1"


def snapshot_dir() -> Path | None:
    """``$PI_SNAPSHOT_DIR`` (``off`` for none), else ``$XDG_CACHE_HOME/pi-bot/snapshots``
    or ``~/.cache/pi-bot/snapshots``."""
    chosen = os.environ.get("PI_SNAPSHOT_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pi-bot" / "snapshots"


@functools.cache
def _code_fingerprint() -> str:
    """Snapshots are only valid for the code and libraries that made them: the models and
    every module of the pure core (``bot/core``), which derives them; a module moved, split
    or changed invalidates them."""
    digest = hashlib.sha256()
    core = Path(__file__).resolve().parents[1]
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


def write_cached(kind: str, key: str, value: object) -> None:
    """Pickle ``value`` atomically under (``kind``, ``key``); keep ``SNAPSHOTS_KEPT`` per kind.
    Failing to write is logged and otherwise ignored."""
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
    for development in data["developments"]:
        if not development["flags"]:
            del development["flags"]  # written only when there are some: stable diffs
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@contextlib.contextmanager
def store_write_lock(path: Path) -> Iterator[None]:
    """Hold the store's writer lock (``.<name>.lock`` beside it) across a read-modify-write,
    so two ingests at once cannot lose each other's changes. Readers never wait for it.

    Under the lock no other writer is mid-write, so temporary files left behind by a writer
    that was killed are removed here."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(f".{path.name}.lock")
    with open(lock_path, "a+b") as lock_file:
        fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)
        try:
            for stale in path.parent.glob(f".{path.name}.*.tmp"):
                with contextlib.suppress(FileNotFoundError):
                    stale.unlink()
                    log.info("removed %s, left by a writer that did not finish", stale.name)
            yield
        finally:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)


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
    if len(text) >= SNAPSHOT_MIN_BYTES and snapshot_dir() is not None:
        # the next process to load this store finds it validated: validate what was written
        with contextlib.suppress(StoreError):
            _read(path)


@dataclass(frozen=True)
class Store:
    """An immutable snapshot of the knowledge store, with lookups."""

    developments: tuple[Development, ...]
    newsletters: tuple[Newsletter, ...] = ()
    by_id: dict[str, Development] = field(default_factory=dict, compare=False, repr=False)
    newsletters_by_id: dict[str, Newsletter] = field(
        default_factory=dict, compare=False, repr=False
    )
    digest: str | None = field(default=None, compare=False)
    """SHA-256 of the file this snapshot was loaded from (``None`` when built in memory);
    derived data (a search index) may be cached under it."""

    @classmethod
    def from_knowledge(cls, knowledge: KnowledgeFile, *, digest: str | None = None) -> Store:
        # newest first, then by id: two stable sorts with C-level keys (fast for 100k)
        by_id = sorted(knowledge.developments, key=attrgetter("id"))
        devs = tuple(sorted(by_id, key=attrgetter("date"), reverse=True))
        return cls(
            developments=devs,
            newsletters=knowledge.newsletters,
            by_id={d.id: d for d in devs},
            newsletters_by_id={n.id: n for n in knowledge.newsletters},
            digest=digest,
        )

    @classmethod
    def load(cls, path: Path | None = None) -> Store:
        knowledge, digest = _read(path or default_store_path())
        return cls.from_knowledge(knowledge, digest=digest)

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
