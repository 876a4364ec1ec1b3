"""The editors' queue: what waits for review, by newsletter, oldest first.

``review_queue`` groups the pending developments (``is_pending``) by the newsletter that
brought them in; a development reported by several newsletters waits under the first one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.knowledge.model import Development, KnowledgeFile, Newsletter
from bot.core.knowledge.review import is_pending


@dataclass(frozen=True)
class QueuedNewsletter:
    newsletter_id: str
    title: str
    publisher: str | None
    ingested_at: dt.datetime | None
    waiting: tuple[Development, ...]

    @property
    def received(self) -> dt.datetime:
        """When the newsletter came in (its first waiting record's, when not recorded)."""
        return self.ingested_at or min(d.added_at for d in self.waiting)

    @property
    def flagged(self) -> int:
        return sum(1 for d in self.waiting if d.flags)

    @property
    def probably_not(self) -> int:
        return sum(
            1 for d in self.waiting if d.confidence is not None and d.confidence.probably_not
        )


def review_queue(knowledge: KnowledgeFile) -> list[QueuedNewsletter]:
    """Newsletters with developments waiting, oldest intake first."""
    by_id: dict[str, Newsletter] = {n.id: n for n in knowledge.newsletters}
    groups: dict[str, list[Development]] = {}
    for dev in knowledge.developments:
        if is_pending(dev):
            groups.setdefault(dev.sources[0].newsletter, []).append(dev)
    queue = []
    for newsletter_id, waiting in groups.items():
        known = by_id.get(newsletter_id)
        queue.append(
            QueuedNewsletter(
                newsletter_id=newsletter_id,
                title=known.title if known else newsletter_id,
                publisher=known.publisher if known else None,
                ingested_at=known.ingested_at if known else None,
                waiting=tuple(sorted(waiting, key=lambda d: (d.added_at, d.id))),
            )
        )
    return sorted(queue, key=lambda q: (q.received, q.title))


def queue_size(knowledge: KnowledgeFile) -> int:
    return sum(1 for dev in knowledge.developments if is_pending(dev))


def queue_lines(queue: list[QueuedNewsletter]) -> list[str]:
    """Plain-text lines (the edge escapes them): one per newsletter, then a total."""
    if not queue:
        return ["Nothing waits for review."]
    lines = []
    for entry in queue:
        when = entry.received.strftime("%Y-%m-%d")
        who = f" ({entry.publisher})" if entry.publisher else ""
        extra = []
        if entry.flagged:
            extra.append(f"{entry.flagged} flagged")
        if entry.probably_not:
            extra.append(f"{entry.probably_not} probably not developments")
        tail = f"; {', '.join(extra)}" if extra else ""
        lines.append(f"{entry.title}{who}, received {when}: {len(entry.waiting)} waiting{tail}")
    total = sum(len(e.waiting) for e in queue)
    lines.append(f"{total} development(s) from {len(queue)} newsletter(s) wait for review.")
    return lines
