"""The clock: scheduled deliveries of digests, alerts, thread updates and reminders.

It runs in its own process (``python -m bot clock``, the Procfile's ``clock:`` line), never
inside web workers. APScheduler 3 only decides *when* to look; *what* is due is computed
from the state database every time, so jobs are idempotent and a restart, a misfire, or a
second clock process by mistake changes nothing:

- a channel's digest is due as ``bot.core.notify.cadence`` says for its cadence (monthly:
  ``digest_day`` of month M+1 for month M; weekly: Mondays for the week before) at
  ``digest_hour`` in the channel's time zone (``/pi tz``; default ``digest_timezone``), for
  every digest subscription created before that moment and not yet in the ledger. A clock
  that was down at that moment sends it once when it starts.
- alerts are due as ``bot.core.notify.alerts`` selects them; the ledger keeps each (channel,
  development) to one message, with the facts it told.
- thread updates are due as ``bot.core.notify.updates`` selects them: one reply per new
  version of an alerted development, in the first alert's thread.
- reminders are due as ``bot.core.notify.reminders`` selects them, from ``digest_hour`` in
  the channel's zone.

``run_due(now)`` does all of it for a given instant (tests pass a controlled ``now``).

With OAuth distribution (``deliverers``) each workspace's deliveries go out with its own
token (digests, alerts and reminders by their subscription's workspace; thread updates and
corrections by the workspace of the channel's active subscription); a workspace the app is
no longer installed in, or whose token Slack refuses, has its subscriptions paused (resumed
when it installs the app again) and the others go on.
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
from bot.core.notify.cadence import DuePeriod, due_period, zone_or_none
from bot.core.notify.chart_data import chart_data
from bot.core.notify.corrections import Alerted, correction_text, due_corrections
from bot.core.notify.records import Cadence, Subscription
from bot.core.notify.reminders import due_reminders
from bot.core.notify.updates import due_updates, tracked_facts
from bot.core.periods.digest import Digest, build_digest, build_weekly_digest
from bot.edge.delivery.deliverer import Deliverer, DeliveryReport, DeliveryStopped, Outgoing
from bot.edge.render.blocks import (
    SlackMessage,
    alert_message,
    digest_messages,
    escape,
    reminder_message,
    update_message,
)
from bot.edge.render.chart import chart_upload
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
    digest_chart: bool = False  # the monthly digest carries a PNG chart (settings: on)

    @classmethod
    def from_settings(cls, settings: Settings) -> Schedule:
        return cls(
            digest_day=settings.digest_day,
            digest_hour=settings.digest_hour,
            digest_timezone=settings.digest_timezone,
            alert_poll_minutes=settings.alert_poll_minutes,
            alert_window_days=settings.alert_window_days,
            digest_chart=settings.digest_chart,
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.digest_timezone)

    def due_period(self, now: dt.datetime, cadence: Cadence, zone: ZoneInfo) -> DuePeriod:
        return due_period(now, cadence, zone, day=self.digest_day, hour=self.digest_hour)


def last_digest_time(now: dt.datetime, schedule: Schedule) -> dt.datetime:
    """The latest monthly digest moment at or before ``now`` (aware, in the default zone)."""
    return due_digest_month(now, schedule)[1]


def due_digest_month(now: dt.datetime, schedule: Schedule) -> tuple[str, dt.datetime]:
    """(month whose digest is due, the moment it became due) in the default zone."""
    period = schedule.due_period(now, "monthly", schedule.zone)
    return period.key, period.moment


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
        """Deliver whatever is due at ``now``: digests not yet delivered, new alerts, updates
        of alerted developments, reminders. Safe to call any number of times, from any
        process."""
        if now.tzinfo is None:
            raise ValueError("run_due needs an aware datetime")
        report = self.run_digest(now)
        report.merge(self.run_alerts(now))
        report.merge(self.run_corrections(now))  # first: what it tells, updates do not repeat
        report.merge(self.run_updates(now))
        report.merge(self.run_reminders(now))
        self.repo.set_state(LAST_RUN, now.isoformat(), now=now)
        return report

    def zones(self) -> dict[str, ZoneInfo]:
        """The time zone each channel chose (channels on the default are absent)."""
        zones: dict[str, ZoneInfo] = {}
        for channel, name in self.repo.timezones().items():
            zone = zone_or_none(name)
            if zone is not None:
                zones[channel] = zone
        return zones

    def run_digest(self, now: dt.datetime) -> DeliveryReport:
        subs = self.repo.subscriptions(kind="digest", active_only=True)
        if not subs:
            return DeliveryReport()
        zones = self.zones()
        settled = self.repo.settled("digest", max_attempts=self.deliverer.max_attempts)
        rendered: dict[str, tuple[dict[str, Any], ...]] = {}
        items: list[tuple[Subscription, Outgoing]] = []
        store: Store | None = None
        for sub in subs:
            zone = zones.get(sub.channel_id, self.schedule.zone)
            period = self.schedule.due_period(now, sub.cadence, zone)
            if sub.created_at > period.moment or (sub.channel_id, period.key) in settled:
                continue
            if period.key not in rendered:
                store = store or self.store()
                digest = _digest_of(store, period)
                parts = [message_dict(m) for m in digest_messages(digest)]
                if period.cadence == "monthly" and self.schedule.digest_chart:
                    parts.append(chart_upload(chart_data(store, period.key)))
                rendered[period.key] = tuple(parts)
            items.append(
                (sub, Outgoing(sub.channel_id, "digest", period.key, rendered[period.key]))
            )
        if not items:
            return DeliveryReport()
        log.info("digest(s) %s due for %d channel(s)", ", ".join(sorted(rendered)), len(items))
        return self._deliver(items, now)

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
                        due.channel_id,
                        "alerts",
                        due.development.id,
                        messages(due.development),
                        facts=tracked_facts(due.development),
                    ),
                )
                for due in selection.due
            ],
            now,
        )

    def run_updates(self, now: dt.datetime) -> DeliveryReport:
        """Post each new version of an alerted development once in its alert's thread."""
        channels = {s.channel_id for s in self.repo.subscriptions(kind="alerts", active_only=True)}
        if not channels:
            return DeliveryReport()
        store = self.store()
        by_id = {d.id: d for d in store.developments}
        for channel, dev_id in self.repo.alerts_without_facts():
            if dev_id in by_id:  # alerted before facts were kept: from now on
                self.repo.record_facts_if_missing(channel, dev_id, tracked_facts(by_id[dev_id]))
        due = due_updates(
            store,
            self.repo.alerted(),
            self.repo.settled("updates", max_attempts=self.deliverer.max_attempts),
            channels,
        )
        if not due:
            return DeliveryReport()
        log.info("%d thread update(s) due", len(due))
        return self._deliver_by_channel(
            [
                Outgoing(
                    update.channel_id,
                    "updates",
                    update.key,
                    ({**message_dict(update_message(update)), "thread_ts": update.thread_ts},),
                    facts=update.facts,
                )
                for update in due
            ],
            now,
        )

    def run_reminders(self, now: dt.datetime) -> DeliveryReport:
        subs = self.repo.subscriptions(kind="reminders", active_only=True)
        if not subs:
            return DeliveryReport()
        due = due_reminders(
            self.store(),
            subs,
            self.repo.settled("reminders", max_attempts=self.deliverer.max_attempts),
            now,
            self.zones(),
            self.schedule.zone,
            hour=self.schedule.digest_hour,
            gazetteer=self.gazetteer,
        )
        if not due:
            return DeliveryReport()
        log.info("%d reminder(s) due", len(due))
        by_channel = {sub.channel_id: sub for sub in subs}
        return self._deliver(
            [
                (
                    by_channel[r.channel_id],
                    Outgoing(
                        r.channel_id, "reminders", r.key, (message_dict(reminder_message(r)),)
                    ),
                )
                for r in due
            ],
            now,
        )

    def run_corrections(self, now: dt.datetime) -> DeliveryReport:
        """A threaded reply under each alert whose development was corrected after it
        went out (``bot/core/notify/corrections.py``), through the ledger (kind
        ``correction``): once per channel and correction."""
        alerted = [
            Alerted(d.channel_id, d.key, d.sent_at, d.slack_ts)
            for d in self.repo.deliveries(kind="alerts")
            if d.status == "sent" and d.sent_at is not None and d.slack_ts
        ]
        if not alerted:
            return DeliveryReport()
        settled = self.repo.settled("correction", max_attempts=self.deliverer.max_attempts)
        due = due_corrections(self.store(), alerted, settled)
        if not due:
            return DeliveryReport()
        log.info("%d correction(s) due under alerts already sent", len(due))
        return self._deliver_by_channel(
            [
                Outgoing(
                    item.channel_id,
                    "correction",
                    item.key,
                    (
                        {
                            "text": escape(correction_text(item.development, item.revision)),
                            "thread_ts": item.thread_ts,
                        },
                    ),
                    facts=tracked_facts(item.development),
                )
                for item in due
            ],
            now,
        )

    def _deliver_by_channel(self, items: list[Outgoing], now: dt.datetime) -> DeliveryReport:
        """Deliver what follows up an alert (thread updates, corrections) with the token of
        the workspace whose active subscription the channel has; with OAuth distribution, a
        channel without one (unsubscribed, or its workspace paused) gets nothing."""
        if self.deliverers is None:
            return self.deliverer.deliver(items)
        owners: dict[str, Subscription] = {}
        for sub in self.repo.subscriptions(active_only=True):
            owners.setdefault(sub.channel_id, sub)
        known = [(owners[item.channel_id], item) for item in items if item.channel_id in owners]
        if len(known) < len(items):
            log.info(
                "%d follow-up(s) skipped: their channel has no active subscription",
                len(items) - len(known),
            )
        return self._deliver(known, now)

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

    def __init__(
        self,
        clock: Clock,
        now: Callable[[], dt.datetime] = _utcnow,
        *,
        sources: Any = None,
    ) -> None:
        """``sources``: the ``poll_sources`` job (a ``SourcePoller``), on a worker of its
        own so a slow feed never delays a digest or an alert."""
        self.clock = clock
        self.now = now
        self.fatal: str | None = None
        schedule = clock.schedule
        self.scheduler = BlockingScheduler(
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
        if sources is not None:
            from bot.edge.intake.poll_job import POLL_MINUTES, poll_line

            def poll() -> None:
                try:
                    log.info(poll_line(sources.poll_due()))
                except Exception:
                    log.exception("poll_sources failed; will try again at the next run")

            self.scheduler.add_job(
                poll,
                IntervalTrigger(minutes=POLL_MINUTES, timezone=dt.UTC),
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
        """Block until SIGTERM/SIGINT (a job in progress finishes first) or a fatal error."""

        def stop(signum: int, _frame: FrameType | None) -> None:
            log.info("clock: signal %d, stopping after the current job", signum)
            self.scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.scheduler.start()
        return 1 if self.fatal else 0


def _digest_of(store: Store, period: DuePeriod) -> Digest:
    if period.cadence == "weekly":
        return build_weekly_digest(store, period.first_day)
    return build_digest(store, period.key)
