"""Review: what is published, and the editors' actions on developments (pure, no I/O).

``is_published`` is the ONE rule of what ordinary users see: answers, digests and alerts
all select through it. A development is published once a person approved it
(``reviewed``) and while it is not withdrawn.

Every action takes the version the editor saw (``expected_version``); when the
development changed since, ``Conflict`` carries its current state and nothing is
changed. Every action bumps the development's ``version`` and appends a ``Revision`` to its
``history`` (who, when, what changed). Nothing is ever deleted: a withdrawn, discarded or
merged development stays in the store, so its id is never reused and re-ingesting its
report recognises it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.knowledge.model import (
    Development,
    FieldChange,
    KnowledgeFile,
    ReviewAction,
    Revision,
)

EDITABLE_FIELDS = (
    "title",
    "summary",
    "date",
    "date_precision",
    "category",
    "status",
    "effective_date",
    "authorities",
    "regions",
    "sectors",
    "topics",
    "entities",
    "penalties",
    "legal_basis",
)
"""Fields an editor may correct (ids, sources and history are the store's own)."""


def is_published(dev: Development) -> bool:
    """Approved by a person and not withdrawn: the only developments users are shown."""
    return dev.reviewed and not dev.withdrawn


def was_withdrawn_after_publication(dev: Development) -> bool:
    """Published once, then taken back (withdrawn, or merged after approval): its public
    page says so, without its content."""
    return dev.reviewed and dev.withdrawn


def withdrawal(dev: Development) -> Revision | None:
    """The revision that took ``dev`` out of what users see (when, by whom, the editor's
    note), or ``None`` when it is not withdrawn or its history does not say."""
    if not dev.withdrawn:
        return None
    taken = (ReviewAction.WITHDRAWN, ReviewAction.DISCARDED, ReviewAction.MERGED)
    return next((r for r in reversed(dev.history) if r.action in taken), None)


def is_pending(dev: Development) -> bool:
    """Waiting for an editor: not approved yet and not withdrawn or discarded."""
    return not dev.reviewed and not dev.withdrawn


class ReviewError(Exception):
    """An action that cannot be done (unknown id, nothing to do); the message says why."""


class Conflict(ReviewError):
    """The development changed since the editor opened it; ``current`` is how it is now."""

    def __init__(self, current: Development) -> None:
        super().__init__(
            f"{current.id} changed since you opened it (now version {current.version})"
        )
        self.current = current


@dataclass(frozen=True)
class Actor:
    """Who acts and when: a Slack user id (or ``cli:<name>``) and the time."""

    by: str
    at: dt.datetime


def find(developments: Mapping[str, Development], dev_id: str) -> Development:
    """The development ``dev_id`` among ``developments`` (by id); ``ReviewError`` if absent."""
    dev = developments.get(dev_id)
    if dev is None:
        raise ReviewError(f"no development has the id {dev_id}")
    return dev


def _find(knowledge: KnowledgeFile, dev_id: str) -> Development:
    for dev in knowledge.developments:
        if dev.id == dev_id:
            return dev
    raise ReviewError(f"no development has the id {dev_id}")


def _check_version(dev: Development, expected_version: int | None) -> None:
    if expected_version is not None and dev.version != expected_version:
        raise Conflict(dev)


def _replace(knowledge: KnowledgeFile, *devs: Development) -> KnowledgeFile:
    by_id = {d.id: d for d in devs}
    return knowledge.model_copy(
        update={"developments": tuple(by_id.get(d.id, d) for d in knowledge.developments)}
    )


def _text(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _changes(before: Development, after: Development) -> tuple[FieldChange, ...]:
    old = before.model_dump(mode="json", include=set(EDITABLE_FIELDS))
    new = after.model_dump(mode="json", include=set(EDITABLE_FIELDS))
    return tuple(
        FieldChange(field=name, before=_text(old[name]), after=_text(new[name]))
        for name in EDITABLE_FIELDS
        if old[name] != new[name]
    )


def _revise(
    dev: Development,
    actor: Actor,
    action: ReviewAction,
    update: Mapping[str, Any],
    *,
    changes: tuple[FieldChange, ...] = (),
    note: str | None = None,
) -> Development:
    version = dev.version + 1
    revision = Revision(
        version=version, at=actor.at, by=actor.by, action=action, changes=changes, note=note
    )
    return dev.model_copy(
        update={**update, "version": version, "history": (*dev.history, revision)}
    )


# --- the actions, each on the developments it changes ------------------------------------


def approved(dev: Development, actor: Actor, *, expected_version: int | None) -> Development:
    """``dev`` approved by ``actor`` (its next version)."""
    _check_version(dev, expected_version)
    if dev.withdrawn:
        raise ReviewError(f"{dev.id} was withdrawn; it cannot be approved")
    if dev.reviewed:
        raise ReviewError(f"{dev.id} is already approved")
    update: dict[str, Any] = {"reviewed": True, "reviewed_at": actor.at}
    changes: tuple[FieldChange, ...] = ()
    if dev.flags:  # the editor looked at them: approving clears them, the history keeps them
        update["flags"] = ()
        changes = (FieldChange(field="flags", before="; ".join(dev.flags), after=""),)
    return _revise(dev, actor, ReviewAction.APPROVED, update, changes=changes)


def edited(
    dev: Development,
    values: Mapping[str, Any],
    actor: Actor,
    *,
    expected_version: int | None,
) -> Development:
    """``dev`` with fields corrected. ``values`` are checked by the model: a
    ``pydantic.ValidationError`` (with each field's location) is raised for a bad value."""
    _check_version(dev, expected_version)
    unknown = sorted(set(values) - set(EDITABLE_FIELDS))
    if unknown:
        raise ReviewError(f"these fields cannot be edited: {', '.join(unknown)}")
    data = dev.model_dump(mode="json")
    data.update(values)
    corrected = Development.model_validate(data)
    changes = _changes(dev, corrected)
    if not changes:
        raise ReviewError("nothing changed")
    return _revise(corrected, actor, ReviewAction.EDITED, {}, changes=changes)


def withdrawn(
    dev: Development,
    actor: Actor,
    *,
    expected_version: int | None,
    reason: str | None = None,
) -> Development:
    """``dev`` taken out of everything users see: ``withdrawn`` when it was published,
    ``discarded`` when it never was. It stays in the store."""
    _check_version(dev, expected_version)
    if dev.withdrawn:
        raise ReviewError(f"{dev.id} is already withdrawn")
    action = ReviewAction.WITHDRAWN if dev.reviewed else ReviewAction.DISCARDED
    return _revise(dev, actor, action, {"withdrawn": True}, note=reason)


def merged(
    dev: Development,
    target: Development,
    actor: Actor,
    *,
    expected_version: int | None,
) -> tuple[Development, Development]:
    """An unreviewed duplicate folded into an existing development: (the duplicate, marked
    merged and withdrawn; the target, with its sources added, as a new revision)."""
    _check_version(dev, expected_version)
    if dev.id == target.id:
        raise ReviewError("a development cannot be merged into itself")
    if dev.withdrawn:
        raise ReviewError(f"{dev.id} is already withdrawn")
    if target.withdrawn:
        raise ReviewError(f"{target.id} was withdrawn; choose another development")
    known = {(s.newsletter, s.ref) for s in target.sources}
    added = tuple(s for s in dev.sources if (s.newsletter, s.ref) not in known)
    grown = _revise(
        target,
        actor,
        ReviewAction.EDITED,
        {"sources": (*target.sources, *added)},
        changes=(
            FieldChange(
                field="sources",
                before=f"{len(target.sources)} source(s)",
                after=f"{len(target.sources) + len(added)} source(s)",
            ),
        ),
        note=f"merged {dev.id} into it",
    )
    gone = _revise(
        dev,
        actor,
        ReviewAction.MERGED,
        {"withdrawn": True, "merged_into": target.id},
        note=f"merged into {target.id}",
    )
    return gone, grown


# --- the same actions on a whole store (an ingest, which holds it anyway) -----------------


def approve(
    knowledge: KnowledgeFile, dev_id: str, actor: Actor, *, expected_version: int | None
) -> tuple[KnowledgeFile, Development]:
    done = approved(_find(knowledge, dev_id), actor, expected_version=expected_version)
    return _replace(knowledge, done), done


def edit(
    knowledge: KnowledgeFile,
    dev_id: str,
    values: Mapping[str, Any],
    actor: Actor,
    *,
    expected_version: int | None,
) -> tuple[KnowledgeFile, Development]:
    done = edited(_find(knowledge, dev_id), values, actor, expected_version=expected_version)
    return _replace(knowledge, done), done


def withdraw(
    knowledge: KnowledgeFile,
    dev_id: str,
    actor: Actor,
    *,
    expected_version: int | None,
    reason: str | None = None,
) -> tuple[KnowledgeFile, Development]:
    dev = _find(knowledge, dev_id)
    done = withdrawn(dev, actor, expected_version=expected_version, reason=reason)
    return _replace(knowledge, done), done


def merging(
    developments: Mapping[str, Development],
    dev_id: str,
    target_id: str,
    actor: Actor,
    *,
    expected_version: int | None,
) -> tuple[Development, Development]:
    """``merged`` of ``dev_id`` into ``target_id``, both looked up in ``developments``."""
    dev = find(developments, dev_id)
    _check_version(dev, expected_version)
    if dev_id == target_id:
        raise ReviewError("a development cannot be merged into itself")
    return merged(dev, find(developments, target_id), actor, expected_version=expected_version)


def merge_into(
    knowledge: KnowledgeFile,
    dev_id: str,
    target_id: str,
    actor: Actor,
    *,
    expected_version: int | None,
) -> tuple[KnowledgeFile, Development]:
    wanted = {dev_id, target_id}
    found = {d.id: d for d in knowledge.developments if d.id in wanted}
    gone, grown = merging(found, dev_id, target_id, actor, expected_version=expected_version)
    return _replace(knowledge, grown, gone), gone


def approve_all(
    knowledge: KnowledgeFile, dev_ids: Iterable[str], actor: Actor
) -> tuple[KnowledgeFile, list[Development]]:
    """Approve each of ``dev_ids`` still pending (the others are left as they are)."""
    by_id = {d.id: d for d in knowledge.developments}
    approved_now: list[Development] = []
    for dev_id in dev_ids:
        dev = find(by_id, dev_id)
        if not is_pending(dev):
            continue
        done = approved(dev, actor, expected_version=dev.version)
        by_id[dev_id] = done
        approved_now.append(done)
    return _replace(knowledge, *approved_now), approved_now


def approved_as_listed(
    devs: Mapping[str, Development], listed: Mapping[str, int], actor: Actor
) -> list[Development]:
    """Each development of ``listed`` (id: the version it had when the list was drawn up,
    unflagged) approved, if it is still that version and pending; one changed since (an
    edit may have brought a flag) or gone is left for its own card."""
    done = []
    for dev_id, version in listed.items():
        dev = devs.get(dev_id)
        if dev is not None and dev.version == version and is_pending(dev):
            done.append(approved(dev, actor, expected_version=version))
    return done


def history_lines(dev: Development) -> list[str]:
    """The history as readable lines, oldest first (no user text other than store data)."""
    lines = [f"{dev.id}: version {dev.version}, {_state(dev)}"]
    if not dev.history:
        lines.append("No corrections since it was added.")
    for revision in dev.history:
        when = revision.at.strftime("%Y-%m-%d %H:%M UTC")
        head = f"v{revision.version} {when} {revision.action.value} by {revision.by}"
        if revision.note:
            head += f" ({revision.note})"
        lines.append(head)
        for change in revision.changes:
            lines.append(f"  {change.field}: {change.before} -> {change.after}")
    return lines


def _state(dev: Development) -> str:
    if dev.merged_into:
        return f"merged into {dev.merged_into}"
    if dev.withdrawn:
        return "withdrawn" if dev.reviewed else "discarded"
    return "published" if dev.reviewed else "awaiting review"
