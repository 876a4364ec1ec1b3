"""What ``poll_sources`` does with a watched source's new body: read it like any newsletter
(its publisher: the source's name, else what the feed or page calls itself), mark records
like ones its publisher's earlier issues had discarded as "not a development", ingest it
unreviewed, and post the new developments as one review batch to the review channel
through the delivery ledger (the card poster of the desk). Notices about a source (down,
works again) go to the same channel, escaped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.ingest import ingest_parsed
from bot.core.knowledge.intake import parse_received_file, pending_from
from bot.core.knowledge.publisher_memory import flag_remembered
from bot.core.knowledge.store import KnowledgeBackend
from bot.core.knowledge.watch import WatchedSource
from bot.edge.delivery.deliverer import Deliverer
from bot.edge.delivery.outgoing import Outgoing
from bot.edge.intake.review_batch import review_batch
from bot.edge.render.blocks import escape
from bot.edge.state.sources import IntakeRepository

log = logging.getLogger(__name__)


def source_name(url: str) -> str:
    """A file name for what an address serves (the readers guess the format by it)."""
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "feed"


class SourceIntake:
    def __init__(
        self,
        backend: KnowledgeBackend,
        gazetteer: Gazetteer,
        repo: IntakeRepository,
        deliverer: Deliverer,
        channel: str,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.backend = backend
        self.gazetteer = gazetteer
        self.repo = repo
        self.deliverer = deliverer
        self.channel = channel
        self.now = now

    def __call__(self, data: bytes, source: WatchedSource) -> int:
        """Ingest ``data`` fetched from ``source``; the number of new developments. Raises
        (one line) when it is no newsletter or the store cannot be written."""
        parsed = parse_received_file(
            data, source_name(source.url), self.gazetteer, address=source.url
        )
        parsed.publisher = source.name or parsed.publisher or parsed.own_title
        at = self.now()
        flag_remembered(parsed, self.repo.memory(), at)
        outcome = ingest_parsed([parsed], self.backend, self.backend.describe(), at=at)
        knowledge = outcome.result.knowledge
        new_ids = {n.development.id for r in outcome.result.reports for n in r.new}
        batch = [d for d in pending_from(knowledge, parsed.id) if d.id in new_ids]
        if batch:
            batch_name = hashlib.sha256(" ".join(sorted(new_ids)).encode()).hexdigest()[:16]
            items = review_batch(
                batch,
                knowledge,
                self.gazetteer,
                parsed.id,
                channel=self.channel,
                thread=None,
                batch=batch_name,
            )
            report = self.deliverer.deliver(items)
            if report.failed:
                log.error("poll_sources: %d review card(s) not posted yet", len(report.failed))
        return len(new_ids)

    def tell_editors(self, text: str) -> None:
        """A notice about a source, once (its text and moment name it in the ledger)."""
        at = self.now().isoformat()
        key = "source:" + hashlib.sha256(f"{at} {text}".encode()).hexdigest()[:24]
        self.deliverer.deliver([Outgoing(self.channel, "review", key, ({"text": escape(text)},))])
