"""A change to the store as data: the developments and newsletters one write added, changed
or removed, and the revision it made.

A write computes its ``Delta`` by comparing the store before and after (``diff``: records
are immutable, so an unchanged one is the same object and costs one identity check); the
backends persist only the delta (a line in the file's change log, the changed rows in
PostgreSQL), and every reader applies the deltas it has not seen (``apply``) instead of
reading the whole store again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pydantic_core

from bot.core.knowledge.model import Development, KnowledgeFile, Newsletter


@dataclass(frozen=True)
class Delta:
    """What one write changed; ``revision`` is the store's revision after it."""

    revision: int
    developments: tuple[Development, ...] = ()
    """Added or changed developments, whole."""
    removed: tuple[str, ...] = ()
    newsletters: tuple[Newsletter, ...] = ()
    removed_newsletters: tuple[str, ...] = ()
    schema_version: int | None = None

    @property
    def size(self) -> int:
        return (
            len(self.developments)
            + len(self.removed)
            + len(self.newsletters)
            + len(self.removed_newsletters)
        )

    def to_json(self) -> bytes:
        """One line of the file's change log (no newline)."""
        data: dict[str, Any] = {
            "revision": self.revision,
            "developments": [_dumped(d) for d in self.developments],
            "removed": list(self.removed),
            "newsletters": [n.model_dump(mode="json") for n in self.newsletters],
            "removed_newsletters": list(self.removed_newsletters),
        }
        if self.schema_version is not None:
            data["schema_version"] = self.schema_version
        return pydantic_core.to_json(data)

    @classmethod
    def from_json(cls, line: bytes | str) -> Delta:
        """The delta a change-log line holds (raises ``ValueError`` or pydantic's
        ``ValidationError`` when the line is not one)."""
        data = pydantic_core.from_json(line)
        if not isinstance(data, dict) or not isinstance(data.get("revision"), int):
            raise ValueError("not a change-log entry")
        return cls(
            revision=data["revision"],
            developments=tuple(Development.model_validate(d) for d in data["developments"]),
            removed=tuple(str(i) for i in data.get("removed", ())),
            newsletters=tuple(Newsletter.model_validate(n) for n in data.get("newsletters", ())),
            removed_newsletters=tuple(str(i) for i in data.get("removed_newsletters", ())),
            schema_version=data.get("schema_version"),
        )


def _changed(old: Sequence[Any], new: Sequence[Any]) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    if len(old) == len(new):  # most writes replace records in place: compare by position
        pairs = [(was, now) for was, now in zip(old, new, strict=True) if was is not now]
        if all(was.id == now.id for was, now in pairs):
            return tuple(now for was, now in pairs if was != now), ()
    before = {item.id: item for item in old}
    changed = []
    seen: set[str] = set()
    for item in new:
        seen.add(item.id)
        was = before.get(item.id)
        if was is not item and was != item:
            changed.append(item)
    removed = tuple(i for i in before if i not in seen)
    return tuple(changed), removed


def diff(old: KnowledgeFile, new: KnowledgeFile) -> Delta:
    """What turns ``old`` into ``new`` (whose revision the delta carries)."""
    developments, removed = _changed(old.developments, new.developments)
    newsletters, removed_newsletters = _changed(old.newsletters, new.newsletters)
    return Delta(
        revision=new.revision,
        developments=developments,
        removed=removed,
        newsletters=newsletters,
        removed_newsletters=removed_newsletters,
        schema_version=new.schema_version if new.schema_version != old.schema_version else None,
    )


def apply(knowledge: KnowledgeFile, deltas: Iterable[Delta]) -> KnowledgeFile:
    """``knowledge`` with ``deltas`` applied in order (no validation again: every record in
    a delta is a validated model). The records are indexed by id once for all the deltas,
    not once per delta (a change log of a hundred writes over a 100k store)."""
    developments: dict[str, Development] | None = None
    newsletters: dict[str, Newsletter] | None = None
    revision, schema = knowledge.revision, knowledge.schema_version
    for delta in deltas:
        revision = delta.revision
        if delta.size == 0:  # only the revision moved
            continue
        if developments is None or newsletters is None:
            developments = {d.id: d for d in knowledge.developments}
            newsletters = {n.id: n for n in knowledge.newsletters}
        _merge(developments, delta.developments, delta.removed)
        _merge(newsletters, delta.newsletters, delta.removed_newsletters)
        schema = delta.schema_version if delta.schema_version is not None else schema
    update: dict[str, Any] = {"revision": revision, "schema_version": schema}
    if developments is not None and newsletters is not None:
        update.update(
            developments=tuple(developments.values()), newsletters=tuple(newsletters.values())
        )
    return knowledge.model_copy(update=update)


def _merge(by_id: dict[str, Any], changed: Iterable[Any], removed: Iterable[str]) -> None:
    for item in changed:
        by_id[item.id] = item
    for gone in removed:
        by_id.pop(gone, None)


def _dumped(development: Development) -> dict[str, Any]:
    """A development as the log holds it; no ``confidence`` where it has none (records
    written before it existed), so the log stays as small as they are."""
    if development.confidence is None:
        return development.model_dump(mode="json", exclude={"confidence"})
    return development.model_dump(mode="json")
