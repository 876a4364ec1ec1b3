"""Updates in a thread: when a development already alerted in a channel changes, what changed.

The facts a channel was told are kept with each alert (and each update) in the delivery
ledger as ``tracked_facts`` (JSON). A later version of the development whose facts differ
is posted once as a reply in the thread of the first alert there; its ledger key carries a
fingerprint of the new facts (``update_key``), so each version is posted once.

Tracked: status, effective date, comment deadline, title, summary (a correction), the
penalties, and the sources (a second newsletter adding facts). Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

from bot.core.knowledge.model import Development, Status
from bot.core.knowledge.review import is_published
from bot.core.knowledge.store import Store
from bot.core.labels import STATUS_LABELS, format_money


def tracked_facts(dev: Development) -> str:
    """The facts of ``dev`` whose change is news to a channel, as canonical JSON."""
    facts = {
        "status": dev.status.value if dev.status else None,
        "effective_date": dev.effective_date.isoformat() if dev.effective_date else None,
        "comment_deadline": dev.comment_deadline.isoformat() if dev.comment_deadline else None,
        "title": dev.title,
        "summary": dev.summary,
        "penalties": [format_money(p) + " " + p.bearer for p in dev.penalties],
        "sources": [f"{s.newsletter} {s.ref}" for s in dev.sources],
    }
    return json.dumps(facts, ensure_ascii=False, sort_keys=True)


def fingerprint(facts: str) -> str:
    return hashlib.sha256(facts.encode()).hexdigest()[:12]


def update_key(dev_id: str, facts: str) -> str:
    """The ledger key of the update telling a channel about this version of ``dev_id``."""
    return f"{dev_id}@{fingerprint(facts)}"


def _status(value: object) -> str:
    if not value:
        return "no status"
    try:
        return STATUS_LABELS[Status(str(value))]
    except (ValueError, KeyError):
        return str(value)


def describe_changes(before: str, dev: Development) -> tuple[str, ...]:
    """What changed between the facts a channel was told (``before``) and ``dev`` now, one
    plain sentence per change; empty when nothing tracked changed."""
    old = json.loads(before)
    new = json.loads(tracked_facts(dev))
    lines: list[str] = []
    if old.get("status") != new["status"]:
        lines.append(f"Status: {_status(old.get('status'))} → {_status(new['status'])}.")
    for field, label in (
        ("effective_date", "Takes effect"),
        ("comment_deadline", "Comments close"),
    ):
        if old.get(field) != new[field]:
            was = old.get(field) or "not known"
            lines.append(f"{label}: {new[field] or 'no longer known'} (was {was}).")
    if old.get("title") != new["title"] or old.get("summary") != new["summary"]:
        lines.append("Corrected: the title or summary was revised.")
    added_penalties = [p for p in new["penalties"] if p not in (old.get("penalties") or [])]
    if added_penalties:
        lines.append("Penalties now recorded: " + "; ".join(added_penalties) + ".")
    added_sources = [s for s in new["sources"] if s not in (old.get("sources") or [])]
    if added_sources:
        count = len(added_sources)
        lines.append(f"{count} more source{'s' if count > 1 else ''} reported it.")
    return tuple(lines)


@dataclass(frozen=True)
class Alerted:
    """What a channel was last told about a development, and where the alert's thread is."""

    channel_id: str
    development_id: str
    thread_ts: str
    facts: str


@dataclass(frozen=True)
class DueUpdate:
    channel_id: str
    development: Development
    thread_ts: str
    key: str
    facts: str
    changes: tuple[str, ...]


def due_updates(
    store: Store,
    alerted: Iterable[Alerted],
    settled: Set[tuple[str, str]],
    channels: Set[str],
) -> tuple[DueUpdate, ...]:
    """Updates due: the development changed since what the channel was last told, the
    channel still subscribes to alerts (``channels``), and this version is not settled."""
    by_id: Mapping[str, Development] = {d.id: d for d in store.developments}
    due: list[DueUpdate] = []
    for told in alerted:
        dev = by_id.get(told.development_id)
        if dev is None or not is_published(dev) or told.channel_id not in channels:
            continue
        facts = tracked_facts(dev)
        if facts == told.facts:
            continue
        key = update_key(dev.id, facts)
        if (told.channel_id, key) in settled:
            continue
        changes = describe_changes(told.facts, dev)
        if changes:
            due.append(DueUpdate(told.channel_id, dev, told.thread_ts, key, facts, changes))
    return tuple(due)
