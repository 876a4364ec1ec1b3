"""The clock: scheduled deliveries of the monthly digest and enforcement alerts.

It runs in its own process (``python -m bot clock``, the Procfile's ``clock:`` line), never
inside web workers. APScheduler 3 only decides *when* to look; *what* is due is computed
from the state database every time, so jobs are idempotent and a restart, a misfire, or a
second clock process by mistake changes nothing:

- the digest for month M is due from ``digest_day`` ``digest_hour`` (``digest_timezone``) of
  month M+1 for every digest subscription created before that moment and not yet in the
  ledger. A clock that was down at that moment sends it once when it starts.
- alerts are due as ``bot.core.notify.alerts`` selects them; the ledger keeps each (channel,
  development) to one message.

``run_due(now)`` does both for a given instant (tests pass a controlled ``now``).

With OAuth distribution (``deliverers``) each workspace's deliveries go out with its own
token; a workspace the app is no longer installed in, or whose token Slack refuses, has its
subscriptions paused (resumed when it installs the app again) and the others go on.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import SQLAlchemyError

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Development
from bot.core.knowledge.store import Store
from bot.core.notify.alerts import due_alerts, first_seen_times
from bot.core.notify.digest import build_digest, previous_month
from bot.core.notify.records import Subscription
from bot.edge.delivery.deliverer import Deliverer, DeliveryReport, DeliveryStopped, Outgoing
from bot.edge.render.blocks import SlackMessage, alert_message, digest_messages
from bot.edge.state.db import StateError, describe
from bot.edge.state.repository import StateRepository
from bot.settings import Settings

log = logging.getLogger(__name__)

FIRST_ALERT_POLL = "alerts.first_poll_at"
LAST_RUN = "clock.last_run_at"


@dataclass(frozen=True)
class Schedule:
    digest_day: int = 1
    digest_hour: int = 9
    digest_timezone: str = "Asia/Shanghai"
    alert_poll_minutes: int = 5
    alert_window_days: int = 45

    @classmethod
    def from_settings(cls, settings: Settings) -> Schedule:
        return cls(
            digest_day=settings.digest_day,
            digest_hour=settings.digest_hour,
            digest_timezone=settings.digest_timezone,
            alert_poll_minutes=settings.alert_poll_minutes,
            alert_window_days=settings.alert_window_days,
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.digest_timezone)


def last_digest_time(now: dt.datetime, schedule: Schedule) -> dt.datetime:
    """The latest scheduled digest moment at or before ``now`` (aware, in the digest zone)."""
    local = now.astimezone(schedule.zone)
    year, month = local.year, local.month
    moment = dt.datetime(
        year, month, schedule.digest_day, schedule.digest_hour, tzinfo=schedule.zone
    )
    if moment > local:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        moment = dt.datetime(
            year, month, schedule.digest_day, schedule.digest_hour, tzinfo=schedule.zone
        )
    return moment


def due_digest_month(now: dt.datetime, schedule: Schedule) -> tuple[str, dt.datetime]:
    """(month whose digest is due, the moment it became due)."""
    moment = last_digest_time(now, schedule)
    return previous_month(moment.date()), moment


def message_dict(message: SlackMessage) -> dict[str, Any]:
    """What the ledger freezes and ``chat.postMessage`` gets: ``{"text", "blocks"}``."""
    out = message.to_dict()
    if not out.get("blocks"):
        out.pop("blocks", None)
    return out


class Clock:
    def __init__(
        self,
        *,
        repo: StateRepository,
        store: Callable[[], Store],
        deliverer: Deliverer,
        schedule: Schedule,
        gazetteer: Gazetteer | None = None,
        deliverers: Callable[[str, str | None], Deliverer | None] | None = None,
    ) -> None:
        self.repo = repo
        self.store = store
        self.deliverer = deliverer
        self.schedule = schedule
        self.gazetteer = gazetteer
        self.deliverers = deliverers
        """Per workspace (team id, enterprise id), with OAuth distribution; else None and
        ``deliverer`` sends everything."""

    def run_due(self, now: dt.datetime) -> DeliveryReport:
        """Deliver whatever is due at ``now``: last month's digest if not yet delivered, and
        new enforcement alerts. Safe to call any number of times, from any process."""
        if now.tzinfo is None:
            raise ValueError("run_due needs an aware datetime")
        report = self.run_digest(now)
        report.merge(self.run_alerts(now))
        self.repo.set_state(LAST_RUN, now.isoformat(), now=now)
        return report

    def run_digest(self, now: dt.datetime) -> DeliveryReport:
        month, moment = due_digest_month(now, self.schedule)
        settled = self.repo.settled("digest", max_attempts=self.deliverer.max_attempts)
        todo = [
            sub
            for sub in self.repo.subscriptions(kind="digest", active_only=True)
            if sub.created_at <= moment and (sub.channel_id, month) not in settled
        ]
        if not todo:
            return DeliveryReport()
        digest = build_digest(self.store(), month)
        messages = tuple(message_dict(m) for m in digest_messages(digest))
        log.info(
            "digest %s due for %d channel(s), %d message(s) each", month, len(todo), len(messages)
        )
        return self._deliver(
            [(sub, Outgoing(sub.channel_id, "digest", month, messages)) for sub in todo], now
        )

    def run_alerts(self, now: dt.datetime) -> DeliveryReport:
        store = self.store()
        first_poll = self.repo.get_state(FIRST_ALERT_POLL) is None
        new = first_seen_times(
            store.developments, self.repo.seen().keys(), now, first_poll=first_poll
        )
        if new:
            self.repo.add_seen(new)
            log.info("alert poll: %d development(s) seen for the first time", len(new))
        if first_poll:
            self.repo.set_state_if_absent(FIRST_ALERT_POLL, now.isoformat(), now=now)
        subscribed = self.repo.subscriptions(kind="alerts", active_only=True)
        selection = due_alerts(
            store,
            subscribed,
            self.repo.seen(),
            self.repo.settled("alerts", max_attempts=self.deliverer.max_attempts),
            now,
            window_days=self.schedule.alert_window_days,
            gazetteer=self.gazetteer,
        )
        for sub in selection.unreadable:
            log.error(
                "alert subscription of channel %s has filters that no longer read cleanly; "
                "skipped (re-subscribe with /pi subscribe alerts ...)",
                sub.channel_id,
            )
        if not selection.due:
            return DeliveryReport()
        rendered: dict[str, tuple[dict[str, Any], ...]] = {}

        def messages(dev: Development) -> tuple[dict[str, Any], ...]:
            if dev.id not in rendered:
                rendered[dev.id] = (message_dict(alert_message(dev)),)
            return rendered[dev.id]

        log.info("alert poll: %d alert(s) due", len(selection.due))
        by_channel = {sub.channel_id: sub for sub in subscribed}
        return self._deliver(
            [
                (
                    by_channel[due.channel_id],
                    Outgoing(
                        due.channel_id, "alerts", due.development.id, messages(due.development)
                    ),
                )
                for due in selection.due
            ],
            now,
        )

    def _deliver(
        self, items: list[tuple[Subscription, Outgoing]], now: dt.datetime
    ) -> DeliveryReport:
        if self.deliverers is None:
            return self.deliverer.deliver(outgoing for _sub, outgoing in items)
        groups: dict[tuple[str, str | None], list[Outgoing]] = {}
        for sub, outgoing in items:
            groups.setdefault((sub.team_id, sub.enterprise_id), []).append(outgoing)
        report = DeliveryReport()
        for (team, enterprise), batch in groups.items():
            deliverer = self.deliverers(team, enterprise)
            try:
                if deliverer is None:
                    raise DeliveryStopped("the app is not installed in the workspace")
                report.merge(deliverer.deliver(batch))
            except DeliveryStopped as exc:
                paused = self.repo.pause_workspace(team_id=team, enterprise_id=enterprise, now=now)
                log.error(
                    "workspace %s: nothing delivered (%s); %d subscription(s) paused until "
                    "the app is installed there again",
                    team or enterprise or "(none recorded)",
                    exc,
                    paused,
                )
        return report


# --- the long-running process ------------------------------------------------------------


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ClockService:
    """APScheduler 3 around a ``Clock``: an alert poll every ``alert_poll_minutes`` (the first
    one at start-up, which also sends a digest missed while down) and a cron job at the digest
    moment. One worker thread, coalesced misfires, never two runs of a job at once."""

    def __init__(self, clock: Clock, now: Callable[[], dt.datetime] = _utcnow) -> None:
        self.clock = clock
        self.now = now
        self.fatal: str | None = None
        schedule = clock.schedule
        self.scheduler = BlockingScheduler(
            timezone=dt.UTC,
            executors={"default": ThreadPoolExecutor(max_workers=1)},
        )
        once = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        self.scheduler.add_job(
            self.tick,
            IntervalTrigger(minutes=schedule.alert_poll_minutes, timezone=dt.UTC),
            id="alerts",
            name="enforcement alerts (and any digest still due)",
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
        """Block until SIGTERM/SIGINT (a job in progress finishes first) or a fatal error."""

        def stop(signum: int, _frame: FrameType | None) -> None:
            log.info("clock: signal %d, stopping after the current job", signum)
            self.scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.scheduler.start()
        return 1 if self.fatal else 0
