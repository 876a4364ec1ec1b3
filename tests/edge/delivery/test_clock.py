"""The clock with a controlled ``now``: digests and alerts delivered to the fake Slack API
through the real WebClient, once, whatever the number of runs."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.knowledge.model import Category, Development
from bot.core.knowledge.store import LiveStore, Store
from bot.core.periods.digest import build_digest
from bot.edge.delivery.clock import Clock, message_dict
from bot.edge.delivery.clock_service import ClockService
from bot.edge.delivery.schedule import Schedule, due_digest_month
from bot.edge.render.blocks import digest_messages
from bot.edge.state import StateRepository, connect
from tests.support.clocks import make_clock
from tests.support.fake_slack import FakeSlack
from tests.support.state import dev, store_of, write_store

UTC = dt.UTC
SHANGHAI_9AM_JUNE_1 = dt.datetime(2024, 6, 1, 1, 0, tzinfo=UTC)  # 09:00 Asia/Shanghai


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        for channel in ("C1", "C2", "C3", "C4"):
            fake.add_channel(channel)
        yield fake


def may_store(count: int = 30) -> Store:
    cats = [Category.REGULATION, Category.ENFORCEMENT, Category.COURT, Category.INDUSTRY]
    return store_of(
        *(
            dev(
                f"may-item-{i}",
                dt.date(2024, 5, 1 + i % 28),
                category=cats[i % 4],
                added_at=dt.datetime(2024, 5, 1, tzinfo=UTC),  # ingested before anyone subscribed
            )
            for i in range(count)
        )
    )


def posted_texts(slack: FakeSlack, channel: str) -> list[str]:
    return [m["text"] for m in slack.messages_in(channel)]


# --- when the digest is due --------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "month"),
    [
        (dt.datetime(2024, 6, 1, 0, 59, tzinfo=UTC), "2024-04"),  # 08:59 in Shanghai
        (dt.datetime(2024, 6, 1, 1, 0, tzinfo=UTC), "2024-05"),
        (dt.datetime(2024, 6, 25, 12, 0, tzinfo=UTC), "2024-05"),
        (dt.datetime(2024, 1, 1, 3, 0, tzinfo=UTC), "2023-12"),
        (dt.datetime(2023, 12, 31, 20, 0, tzinfo=UTC), "2023-11"),  # Jan 1, 04:00 there
    ],
)
def test_the_digest_month_due_follows_the_schedule_in_its_zone(
    now: dt.datetime, month: str
) -> None:
    got, moment = due_digest_month(now, Schedule())
    assert moment <= now
    assert got == month


def test_a_configured_day_hour_and_zone() -> None:
    schedule = Schedule(digest_day=15, digest_hour=7, digest_timezone="Europe/London")
    before = dt.datetime(2024, 7, 15, 5, 59, tzinfo=UTC)  # 06:59 BST
    after = dt.datetime(2024, 7, 15, 6, 0, tzinfo=UTC)
    assert due_digest_month(before, schedule)[0] == "2024-05"
    assert due_digest_month(after, schedule)[0] == "2024-06"


# --- the digest ------------------------------------------------------------------------------


def test_the_digest_is_delivered_split_in_order_once_per_subscriber(
    repo: StateRepository, slack: FakeSlack
) -> None:
    store = may_store(60)
    expected = [message_dict(m)["text"] for m in digest_messages(build_digest(store, "2024-05"))]
    assert len(expected) > 1  # long enough to need several messages
    subscribed = SHANGHAI_9AM_JUNE_1 - dt.timedelta(days=10)
    for channel in ("C1", "C2"):
        repo.subscribe(channel, "digest", filters="", user_id="U1", now=subscribed)
    repo.subscribe("C3", "alerts", filters="", user_id="U1", now=subscribed)
    clock = make_clock(repo, slack, lambda: store)
    report = clock.run_due(SHANGHAI_9AM_JUNE_1 + dt.timedelta(minutes=1))
    assert sorted(report.sent) == [("C1", "digest", "2024-05"), ("C2", "digest", "2024-05")]
    assert posted_texts(slack, "C1") == expected
    assert posted_texts(slack, "C2") == expected
    assert posted_texts(slack, "C3") == []  # alerts only; old items were there before
    assert clock.run_due(SHANGHAI_9AM_JUNE_1 + dt.timedelta(minutes=6)).sent == []
    assert len(slack.delivered()) == 2 * len(expected)


def test_a_month_with_nothing_gets_a_one_line_note(repo: StateRepository, slack: FakeSlack) -> None:
    repo.subscribe(
        "C1", "digest", filters="", user_id="U1", now=SHANGHAI_9AM_JUNE_1 - dt.timedelta(days=3)
    )
    clock = make_clock(repo, slack, lambda: store_of(dev("april", dt.date(2024, 4, 3))))
    clock.run_due(SHANGHAI_9AM_JUNE_1)
    [note] = slack.messages_in("C1")
    assert note["text"].strip() and "\n" not in note["text"].strip()
    assert "May 2024" in note["text"]


def test_before_the_moment_nothing_and_late_subscribers_wait_for_next_month(
    repo: StateRepository, slack: FakeSlack
) -> None:
    repo.subscribe(
        "C1", "digest", filters="", user_id="U1", now=SHANGHAI_9AM_JUNE_1 - dt.timedelta(days=3)
    )
    repo.subscribe(
        "C2", "digest", filters="", user_id="U1", now=SHANGHAI_9AM_JUNE_1 + dt.timedelta(hours=2)
    )
    clock = make_clock(repo, slack, may_store)
    assert clock.run_due(SHANGHAI_9AM_JUNE_1 - dt.timedelta(minutes=1)).sent == []  # May 31 run
    report = clock.run_due(SHANGHAI_9AM_JUNE_1 + dt.timedelta(hours=3))
    assert report.sent == [("C1", "digest", "2024-05")]
    july = clock.run_due(SHANGHAI_9AM_JUNE_1 + dt.timedelta(days=30))
    assert sorted(july.sent) == [("C1", "digest", "2024-06"), ("C2", "digest", "2024-06")]


def test_a_digest_missed_while_down_is_sent_once_on_start_up(
    repo: StateRepository, slack: FakeSlack
) -> None:
    repo.subscribe(
        "C1", "digest", filters="", user_id="U1", now=SHANGHAI_9AM_JUNE_1 - dt.timedelta(days=12)
    )
    store = may_store()
    started = SHANGHAI_9AM_JUNE_1 + dt.timedelta(days=2, hours=5)  # down over the 1st
    service = ClockService(make_clock(repo, slack, lambda: store), now=lambda: started)
    jobs = {job.id: job for job in service.scheduler.get_jobs()}
    assert set(jobs) == {"alerts", "digest"}
    runner = threading.Thread(target=service.scheduler.start, daemon=True)
    runner.start()
    try:
        slack.wait_for("chat.postMessage", 1, timeout=10)
    finally:
        service.scheduler.shutdown(wait=True)
        runner.join(timeout=5)
    sent_once = posted_texts(slack, "C1")
    expected = [message_dict(m)["text"] for m in digest_messages(build_digest(store, "2024-05"))]
    assert sent_once == expected
    # a second start (or a second run) sends nothing more
    service.tick()
    assert posted_texts(slack, "C1") == expected


def test_scheduler_jobs_coalesce_and_never_overlap(repo: StateRepository, slack: FakeSlack) -> None:
    service = ClockService(make_clock(repo, slack, may_store, digest_day=3, digest_hour=7))
    jobs = {job.id: job for job in service.scheduler.get_jobs()}
    for job in jobs.values():
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time is None
    cron = jobs["digest"].trigger
    assert "day='3'" in str(cron) and "hour='7'" in str(cron)
    assert str(cron.timezone) == "Asia/Shanghai"
    first = cron.get_next_fire_time(None, dt.datetime(2024, 6, 4, tzinfo=UTC))
    assert first == dt.datetime(2024, 7, 2, 23, 0, tzinfo=UTC)  # July 3, 07:00 in Shanghai


# --- alerts ------------------------------------------------------------------------------------


NOW = dt.datetime(2024, 6, 10, 4, 0, tzinfo=UTC)


def _enforcement(slug: str, day: dt.date, **kw: object) -> Development:
    return dev(slug, day, added_at=NOW - dt.timedelta(hours=1), **kw)  # type: ignore[arg-type]


def test_alerts_one_message_per_new_development_per_matching_channel(
    repo: StateRepository, slack: FakeSlack, tmp_path: Path
) -> None:
    old = dev("older-case", dt.date(2024, 5, 20), added_at=NOW - dt.timedelta(days=20))
    path = write_store(tmp_path / "developments.json", old)
    live = LiveStore(path)
    subscribed = NOW - dt.timedelta(days=7)
    repo.subscribe("C1", "alerts", filters="", user_id="U1", now=subscribed)
    repo.subscribe("C2", "alerts", filters="fines over 500k in henan", user_id="U1", now=subscribed)
    repo.subscribe("C3", "digest", filters="", user_id="U1", now=subscribed)
    clock = make_clock(repo, slack, live.current)
    assert clock.run_due(NOW).sent == []  # first poll: what was already there is not news

    henan = _enforcement("henan-fine", dt.date(2024, 6, 7), regions=("Henan",), fine=900_000)
    small = _enforcement("small-fine", dt.date(2024, 6, 8), regions=("Henan",), fine=10_000)
    law = _enforcement("new-rule", dt.date(2024, 6, 8), category=Category.REGULATION)
    backfill = _enforcement("old-backfill", dt.date(2023, 3, 1), regions=("Henan",), fine=900_000)
    write_store(path, old, henan, small, law, backfill)  # an ingest
    report = clock.run_due(NOW + dt.timedelta(minutes=5))
    assert sorted(report.sent) == sorted(
        [("C1", "alerts", henan.id), ("C1", "alerts", small.id), ("C2", "alerts", henan.id)]
    )
    assert len(slack.messages_in("C1")) == 2 and len(slack.messages_in("C2")) == 1
    assert slack.messages_in("C3") == [] and slack.messages_in("C4") == []
    repo.subscribe("C4", "alerts", filters="", user_id="U1", now=NOW + dt.timedelta(minutes=7))
    assert clock.run_due(NOW + dt.timedelta(minutes=10)).sent == []  # C4 is not flooded

    newer = _enforcement("newer-case", dt.date(2024, 6, 10))
    write_store(path, old, henan, small, law, backfill, newer)
    later = clock.run_due(NOW + dt.timedelta(minutes=15))
    assert sorted(later.sent) == [("C1", "alerts", newer.id), ("C4", "alerts", newer.id)]


def test_two_clocks_at_once_deliver_each_message_once(
    db_url: str, slack: FakeSlack, tmp_path: Path
) -> None:
    subscribed = NOW - dt.timedelta(days=14)  # before the digest moment of June 1
    devs = [_enforcement(f"case-{i}", dt.date(2024, 6, 1 + i)) for i in range(6)]
    store = store_of(*devs)
    engines = [connect(db_url) for _ in range(2)]
    setup = StateRepository(engines[0])
    for channel in ("C1", "C2", "C3"):
        setup.subscribe(channel, "alerts", filters="", user_id="U1", now=subscribed)
        setup.subscribe(channel, "digest", filters="", user_id="U1", now=subscribed)
    clocks = [make_clock(StateRepository(e), slack, lambda: store) for e in engines]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(clock: Clock) -> None:
        try:
            barrier.wait()
            clock.run_due(NOW)
        except BaseException as exc:  # noqa: BLE001 (asserted below)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in clocks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for engine in engines:
        engine.dispose()
    assert errors == []
    for channel in ("C1", "C2", "C3"):
        keys = [
            (
                m["metadata"]["event_payload"]["kind"],
                m["metadata"]["event_payload"]["key"],
                m["metadata"]["event_payload"]["part"],
            )
            for m in slack.messages_in(channel)
        ]
        assert len(keys) == len(set(keys))  # no duplicate
        assert {k[1] for k in keys if k[0] == "alerts"} == {d.id for d in devs}  # no loss
        assert {k[1] for k in keys if k[0] == "digest"} == {"2024-05"}
