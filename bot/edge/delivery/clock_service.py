"""The clock's long-running process: APScheduler 3 deciding *when* a ``Clock`` looks at what
is due. It runs in its own process (``python -m bot clock``), never inside web workers."""

from __future__ import annotations

import datetime as dt
import logging
import signal
import time
from collections.abc import Callable
from types import FrameType

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import SQLAlchemyError

from bot.core.utc import utcnow
from bot.edge.delivery.clock import Clock
from bot.edge.delivery.outgoing import DeliveryStopped
from bot.edge.state.db import StateError, describe

log = logging.getLogger(__name__)

STOP_CHECK_SECONDS = 0.2
"""How often the main thread looks whether a signal or a fatal error asks it to stop."""


class ClockService:
    """APScheduler 3 around a ``Clock``: an alert poll every ``alert_poll_minutes`` (the first
    one at start-up, which also sends a digest missed while down) and a cron job at the digest
    moment, and ``poll_sources`` every ``poll_minutes`` on a worker of its own. Coalesced
    misfires, never two runs of a job at once."""

    def __init__(
        self,
        clock: Clock,
        now: Callable[[], dt.datetime] = utcnow,
        *,
        poll_sources: Callable[[], str] | None = None,
        poll_minutes: int = 15,
    ) -> None:
        """``poll_sources``: polls the due watched sources once and says what it did in a
        line for the log (built by the composition root); run on a worker of its own so a
        slow feed never delays a digest or an alert."""
        self.clock = clock
        self.now = now
        self.fatal: str | None = None
        schedule = clock.schedule
        self.scheduler = BackgroundScheduler(
            timezone=dt.UTC,
            executors={
                "default": ThreadPoolExecutor(max_workers=1),
                "sources": ThreadPoolExecutor(max_workers=1),
            },
        )
        once = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        self.scheduler.add_job(
            self.tick,
            IntervalTrigger(minutes=schedule.alert_poll_minutes, timezone=dt.UTC),
            id="alerts",
            name="alerts, thread updates, reminders (and any digest due in a channel's zone)",
            next_run_time=now(),
            **once,
        )
        self.scheduler.add_job(
            self.tick,
            CronTrigger(
                day=schedule.digest_day,
                hour=schedule.digest_hour,
                minute=0,
                timezone=schedule.zone,
            ),
            id="digest",
            name="monthly digest",
            **once,
        )
        if poll_sources is not None:
            polled = poll_sources

            def poll() -> None:
                try:
                    log.info(polled())
                except Exception:
                    log.exception("poll_sources failed; will try again at the next run")

            self.scheduler.add_job(
                poll,
                IntervalTrigger(minutes=poll_minutes, timezone=dt.UTC),
                id="poll_sources",
                name="poll watched feeds and pages",
                executor="sources",
                next_run_time=now(),
                **once,
            )

    def tick(self) -> None:
        try:
            report = self.clock.run_due(self.now())
        except DeliveryStopped as exc:
            self.fatal = str(exc)
            log.error("clock stopping: %s", exc)
            self.scheduler.shutdown(wait=False)
            return
        except (StateError, SQLAlchemyError) as exc:
            log.error(
                "state database unavailable, will try again at the next run: %s", describe(exc)
            )
            return
        except Exception:
            log.exception("clock run failed; will try again at the next run")
            return
        if report.sent or report.failed:
            log.info(
                "clock run: %d sent, %d failed, %d channel(s) paused",
                len(report.sent),
                len(report.failed),
                len(report.paused),
            )

    def run(self) -> int:
        """Block until SIGTERM/SIGINT (a job in progress finishes first) or a fatal error.

        The signal handler only notes the signal: stopping the scheduler takes locks that
        the interrupted code may hold (the scheduler's own, its executor's), so this loop,
        not the handler, stops it."""
        stopping: list[int] = []

        def stop(signum: int, _frame: FrameType | None) -> None:
            stopping.append(signum)  # no lock, no logging: see above

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.scheduler.start()
        while self.scheduler.running and not stopping and self.fatal is None:
            time.sleep(STOP_CHECK_SECONDS)
        if stopping:
            log.info("clock: signal %d, stopping after the current job", stopping[0])
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        return 1 if self.fatal else 0
