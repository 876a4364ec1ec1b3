"""``poll_sources``: the clock's job that fetches every due watched source.

A source is fetched with a conditional request (its ETag / Last-Modified); a 304 or a
body that adds nothing is a success with nothing to review. New entries are ingested
unreviewed and go to the editors as one review batch (``Intake``). Failures are counted;
the editors hear once when a source has failed ``FAILURES_BEFORE_REPORT`` times in a row,
and once when it works again. One source's failure never stops the others.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.core.knowledge.watch import WatchedSource, after_failure, after_success, due_sources
from bot.edge.fetch import FetchResult
from bot.edge.state.sources import IntakeRepository

log = logging.getLogger(__name__)


class Fetcher(Protocol):
    def __call__(self, url: str, *, etag: str | None, last_modified: str | None) -> FetchResult:
        """Raises an exception whose text is one line saying what went wrong."""
        ...


class Intake(Protocol):
    def __call__(self, data: bytes, source: WatchedSource) -> int:
        """Ingest a fetched source unreviewed, post its review batch; the number of new
        developments. Raises an exception with a one-line text when it cannot."""
        ...


@dataclass
class PollReport:
    polled: int = 0
    added: int = 0
    failed: int = 0
    not_modified: int = 0


class SourcePoller:
    def __init__(
        self,
        repo: IntakeRepository,
        fetch: Fetcher,
        intake: Intake,
        tell_editors: Callable[[str], None],
        now: Callable[[], dt.datetime],
    ) -> None:
        self.repo = repo
        self.fetch = fetch
        self.intake = intake
        self.tell_editors = tell_editors
        self.now = now

    def poll_due(self) -> PollReport:
        report = PollReport()
        for source in due_sources(self.repo.sources(), self.now()):
            report.polled += 1
            self._poll(source, report)
        return report

    def _poll(self, source: WatchedSource, report: PollReport) -> None:
        try:
            fetched = self.fetch(source.url, etag=source.etag, last_modified=source.last_modified)
            added = 0 if fetched.not_modified else self.intake(fetched.body, source)
        except Exception as exc:  # one line per failure; the other sources go on
            error = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            log.warning("poll_sources: %s failed: %s", source.url, error)
            updated, notice = after_failure(source, self.now(), error)
            report.failed += 1
        else:
            report.added += added
            report.not_modified += int(fetched.not_modified)
            updated, notice = after_success(
                source,
                self.now(),
                added=added,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
            )
        self.repo.save_poll(updated)
        if notice is not None:
            try:
                self.tell_editors(notice.text)
            except Exception as exc:  # noqa: BLE001 - the record is saved; say it in the log
                log.error("poll_sources: could not tell the editors: %s", type(exc).__name__)
