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
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.knowledge import Development, Gazetteer
from bot.core.knowledge.store import Store
from bot.core.notify import (
    DuePeriod,
    Subscription,
    chart_data,
    due_alerts,
    due_reminders,
    due_updates,
    first_seen_times,
    tracked_facts,
    zone_or_none,
)
from bot.core.notify.corrections import Alerted, correction_text, due_corrections
from bot.core.periods.digest import Digest, build_digest, build_weekly_digest
from bot.edge.delivery.deliverer import Deliverer, DeliveryReport, DeliveryStopped, Outgoing
from bot.edge.delivery.schedule import Schedule
from bot.edge.render.blocks import (
    SlackMessage,
    alert_message,
    digest_messages,
    escape,
    reminder_message,
    update_message,
)
from bot.edge.render.chart import chart_upload
from bot.edge.state.repository import StateRepository

log = logging.getLogger(__name__)

FIRST_ALERT_POLL = "alerts.first_poll_at"
LAST_RUN = "clock.last_run_at"


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


def _digest_of(store: Store, period: DuePeriod) -> Digest:
    if period.cadence == "weekly":
        return build_weekly_digest(store, period.first_day)
    return build_digest(store, period.key)
