"""What ``sources`` shows: each watched source with its cadence, last success, last error and
items added; then, per publisher, issues read, developments added, records discarded and the
last issue. Plain-text lines (the edge escapes them for Slack)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.knowledge.model import KnowledgeFile, ReviewAction
from bot.core.knowledge.watch import WatchedSource


@dataclass(frozen=True)
class PublisherStats:
    publisher: str
    issues: int
    added: int
    discarded: int
    last_issue: str
    """The title of its most recent newsletter."""
    last_at: dt.datetime


def _when(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC") if at is not None else "never"


def source_lines(sources: list[WatchedSource]) -> list[str]:
    if not sources:
        return ["No feeds or pages are watched. `sources add URL [hourly|daily|weekly] [NAME]`."]
    lines = []
    for number, source in enumerate(sources, start=1):
        name = f"{source.name} " if source.name else ""
        line = (
            f"{number}. {name}{source.url}: {source.cadence}; last success "
            f"{_when(source.last_success_at)}; {source.items_added} item(s) added"
        )
        if source.last_error:
            line += f"; last error ({source.failures} in a row): {source.last_error}"
        lines.append(line)
    return lines


def publisher_stats(knowledge: KnowledgeFile) -> list[PublisherStats]:
    """Per publisher named on a newsletter, most recent first."""
    by_newsletter = {n.id: n.publisher for n in knowledge.newsletters if n.publisher}
    added: dict[str, int] = {}
    discarded: dict[str, int] = {}
    for dev in knowledge.developments:
        publisher = by_newsletter.get(dev.sources[0].newsletter)
        if publisher is None:
            continue
        added[publisher] = added.get(publisher, 0) + 1
        if any(r.action is ReviewAction.DISCARDED for r in dev.history):
            discarded[publisher] = discarded.get(publisher, 0) + 1
    stats: dict[str, PublisherStats] = {}
    for newsletter in knowledge.newsletters:
        if not newsletter.publisher:
            continue
        known = stats.get(newsletter.publisher)
        newer = known is None or newsletter.ingested_at >= known.last_at
        stats[newsletter.publisher] = PublisherStats(
            publisher=newsletter.publisher,
            issues=(known.issues if known else 0) + 1,
            added=added.get(newsletter.publisher, 0),
            discarded=discarded.get(newsletter.publisher, 0),
            last_issue=newsletter.title if newer or known is None else known.last_issue,
            last_at=newsletter.ingested_at if newer or known is None else known.last_at,
        )
    return sorted(stats.values(), key=lambda s: s.last_at, reverse=True)


def publisher_lines(stats: list[PublisherStats]) -> list[str]:
    if not stats:
        return ["No publisher is known yet."]
    return [
        f"{s.publisher}: {s.issues} issue(s) read, {s.added} development(s) added, "
        f"{s.discarded} discarded; last issue {s.last_issue} ({s.last_at:%Y-%m-%d})"
        for s in stats
    ]
