"""Corrections to developments already alerted: which are due, and what they say. Pure.

When an editor corrects (edits or withdraws) a development after its alert went out to a
channel, that channel gets a threaded reply under the alert: "Correction: the fine was CNY
5,500,000". One correction per (channel, development, version) — the delivery ledger's key
— so every correction made after the alert goes out once, in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Set
from dataclasses import dataclass

from bot.core.knowledge.model import Development, ReviewAction, Revision
from bot.core.knowledge.store import Store
from bot.core.labels import format_date, format_money

CORRECTING = frozenset({ReviewAction.EDITED, ReviewAction.WITHDRAWN})


@dataclass(frozen=True)
class Alerted:
    """An alert that went out: where, about what, when, and the message to reply under."""

    channel_id: str
    development_id: str
    sent_at: dt.datetime
    ts: str


@dataclass(frozen=True)
class DueCorrection:
    channel_id: str
    thread_ts: str
    development: Development
    revision: Revision

    @property
    def key(self) -> str:
        return f"{self.development.id}@v{self.revision.version}"


def due_corrections(
    store: Store, alerted: Iterable[Alerted], settled: Set[tuple[str, str]]
) -> list[DueCorrection]:
    """Corrections made after each alert, not yet settled in the ledger, oldest first."""
    due: list[DueCorrection] = []
    for alert in alerted:
        dev = store.get(alert.development_id)
        if dev is None:
            continue
        for revision in dev.history:
            if revision.action not in CORRECTING or revision.at <= alert.sent_at:
                continue
            item = DueCorrection(alert.channel_id, alert.ts, dev, revision)
            if (alert.channel_id, item.key) not in settled:
                due.append(item)
    return sorted(due, key=lambda d: (d.channel_id, d.revision.at, d.key))


def correction_text(dev: Development, revision: Revision) -> str:
    """'Correction: the fine was CNY 5,500,000' — in the development's current words."""
    if revision.action == ReviewAction.WITHDRAWN:
        return f"Correction: this development has been withdrawn ({dev.title})."
    parts: list[str] = []
    for change in revision.changes:
        field = change.field
        if field == "penalties":
            penalties = "; ".join(f"{format_money(p)} ({p.bearer})" for p in dev.penalties)
            penalties = penalties or "none"
            noun = "fine was" if len(dev.penalties) == 1 else "penalties were"
            parts.append(f"the {noun} {penalties}")
        elif field in ("date", "date_precision"):
            parts.append(f"the date was {format_date(dev)}")
        elif field == "title":
            parts.append(f"the title is {dev.title}")
        elif field == "summary":
            parts.append("the summary was corrected")
        else:
            value = getattr(dev, field)
            many = isinstance(value, tuple)
            shown = ", ".join(str(v) for v in value) if many else value
            verb = "were" if many else "was"
            parts.append(f"the {field.replace('_', ' ')} {verb} {shown or 'none'}")
    body = "; ".join(dict.fromkeys(parts)) or "the record was corrected"
    return f"Correction: {body}."
