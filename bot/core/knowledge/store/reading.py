"""Reading the store file: validated, with errors that say what is wrong and where."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import pydantic_core
from pydantic import ValidationError

from bot.core.knowledge.model import Development, KnowledgeFile, Newsletter
from bot.core.knowledge.store import snapshots
from bot.core.knowledge.store.changelog import read_entries
from bot.core.knowledge.store.compact import _Compactor, _gc_paused
from bot.core.knowledge.store.delta import apply
from bot.core.knowledge.store.snapshots import (
    STORE_SNAPSHOT,
    read_cached,
    snapshot_dir,
    write_cached,
)

log = logging.getLogger(__name__)


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
    """Parse and validate the store file, with its change log's entries applied, or raise
    ``StoreError`` saying where it is wrong."""
    knowledge = _read(path)[0]
    entries = read_entries(path, after=knowledge.revision)
    if entries is None:
        raise StoreError(f"{path}: its change log does not follow on from the file")
    return apply(knowledge, entries)


def read_for_update(path: Path) -> KnowledgeFile:
    """The store to change and write back: validated in one pass by pydantic-core, without
    the compact load path (its sharing saves memory for a store that is served, not for
    one replaced a moment later); a store that does not validate gets ``read_knowledge``'s
    report of what is wrong where."""
    try:
        knowledge = KnowledgeFile.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return read_knowledge(path)  # raises StoreError saying why
    duplicates = _duplicate_ids(d.id for d in knowledge.developments)
    if duplicates:
        raise StoreError(f"{path}: development ids used more than once: {', '.join(duplicates)}")
    return knowledge


def _read(path: Path) -> tuple[KnowledgeFile, str]:
    """The validated store and the SHA-256 of the exact bytes it was read from."""
    try:
        size = path.stat().st_size
        if size >= snapshots.SNAPSHOT_MIN_BYTES and snapshot_dir() is not None:
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
    big = len(data) >= snapshots.SNAPSHOT_MIN_BYTES
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


def validate_document(where: str, data: bytes) -> KnowledgeFile:
    """A store's JSON text (as a database holds it), validated like the file: compactly, the
    collector paused; ``StoreError`` saying what is wrong (the first problem) and where."""
    try:
        raw = pydantic_core.from_json(data, cache_strings=True)
    except ValueError as exc:
        raise StoreError(f"{where}: not valid JSON ({exc})") from None
    del data
    try:
        with _gc_paused(freeze=True):
            knowledge = _validate_compact(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        at = ".".join(str(part) for part in first["loc"])
        raise StoreError(
            f"{where}: the knowledge store does not match the schema "
            f"({exc.error_count()} problem(s); first at {at}: {first['msg']})"
        ) from None
    duplicates = _duplicate_ids(d.id for d in knowledge.developments)
    if duplicates:
        raise StoreError(f"{where}: development ids used more than once: {', '.join(duplicates)}")
    return knowledge


def validate_records(
    where: str,
    head: dict[str, int],
    newsletters: Iterable[str],
    developments: Iterable[str],
) -> KnowledgeFile:
    """A store given record by record, each as its JSON text (a database's rows), validated
    as it comes: each record on its own, straight from its text, and compacted like the
    file's, the collector paused; ``head``: the other fields (revision, schema version).
    ``StoreError`` names the first record that does not match the schema."""
    with _gc_paused(freeze=True):
        news = tuple(_record(where, Newsletter, text) for text in newsletters)
        compactor = _Compactor()
        devs = tuple(
            compactor.development(_record(where, Development, text)) for text in developments
        )
        try:
            # validated instances are taken as they are (revalidate_instances="never")
            knowledge = KnowledgeFile.model_validate(
                {**head, "newsletters": news, "developments": devs}
            )
        except ValidationError as exc:
            raise StoreError(f"{where}: {_first_problem(exc)}") from None
    duplicates = _duplicate_ids(d.id for d in knowledge.developments)
    if duplicates:
        raise StoreError(f"{where}: development ids used more than once: {', '.join(duplicates)}")
    return knowledge


_R = TypeVar("_R", Development, Newsletter)


def _record(where: str, model: type[_R], text: str) -> _R:
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        kind = "development" if model is Development else "newsletter"
        try:
            name = repr(json.loads(text).get("id", "?"))
        except (ValueError, AttributeError):
            name = "?"
        raise StoreError(f"{where}: the {kind} {name}: {_first_problem(exc)}") from None


def _first_problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    at = ".".join(str(part) for part in first["loc"])
    return (
        f"the knowledge store does not match the schema ({exc.error_count()} problem(s); "
        f"first at {at}: {first['msg']})"
    )


def _duplicate_ids(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dupes: list[str] = []
    for dev_id in ids:
        if dev_id in seen and dev_id not in dupes:
            dupes.append(dev_id)
        seen.add(dev_id)
    return dupes
