"""The clock's ``poll_sources`` job, put together from settings: the guarded fetch
(``bot.edge.fetch``: public addresses unless ``PI_FETCH_ALLOW``, a deadline per fetch,
conditional requests), the intake of new entries and the notices, all in
``PI_REVIEW_CHANNEL`` (else ``PI_INTAKE_CHANNEL``). Without either channel there is nowhere
to show the cards, so no source is polled."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import Engine

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.store import KnowledgeBackend
from bot.edge.addresses import FetchAllow
from bot.edge.delivery.deliverer import Deliverer
from bot.edge.fetch import FetchResult, fetch
from bot.edge.intake.polling import PollReport, SourcePoller
from bot.edge.intake.source_intake import SourceIntake
from bot.edge.state.sources import IntakeRepository
from bot.settings import Settings

log = logging.getLogger(__name__)

POLL_MINUTES = 15
"""How often the clock looks for due sources (each source has its own cadence)."""


def source_poller(
    settings: Settings,
    engine: Engine,
    backend: KnowledgeBackend,
    deliverer: Deliverer,
    now: Callable[[], dt.datetime],
) -> SourcePoller | None:
    channel = settings.pi_review_channel or settings.pi_intake_channel
    if not channel:
        return None
    allow = FetchAllow.parse(settings.pi_fetch_allow)

    def fetcher(url: str, *, etag: str | None, last_modified: str | None) -> FetchResult:
        return fetch(url, etag=etag, last_modified=last_modified, allow=allow)

    repo = IntakeRepository(engine)
    intake = SourceIntake(backend, default_gazetteer(), repo, deliverer, channel, now)
    return SourcePoller(repo, fetcher, intake, intake.tell_editors, now)


def poll_line(report: PollReport) -> str:
    return (
        f"poll_sources: {report.polled} source(s) polled, {report.added} development(s) added, "
        f"{report.not_modified} unchanged, {report.failed} failed"
    )
