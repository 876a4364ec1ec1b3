"""Fan-out through the real WebClient to the fake Slack API: exactly once, in order, through
429s, 5xx, refused connections, channel errors and a crash mid-delivery."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_sdk import WebClient

from bot.edge.delivery.deliverer import (
    METADATA_EVENT_TYPE,
    Deliverer,
    DeliveryStopped,
    Outgoing,
    make_clients,
)
from bot.edge.state import StateRepository, connect
from tests.support.fake_slack import BOT_TOKEN, FakeSlack

NOW = dt.datetime(2024, 6, 1, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        for channel in ("C1", "C2", "C3"):
            fake.add_channel(channel)
        yield fake


@pytest.fixture
def lite(sqlite_url: str) -> Iterator[StateRepository]:
    engine = connect(sqlite_url)
    yield StateRepository(engine)
    engine.dispose()


def deliverer(
    repo: StateRepository, slack: FakeSlack, *, token: str = BOT_TOKEN, **kw
) -> Deliverer:  # noqa: ANN003
    poster, reader = make_clients(token, slack.api_url, server_retries=1)
    kw.setdefault("pace_seconds", 0.0)
    kw.setdefault("retry_delays", (0.01, 0.02))
    return Deliverer(repo, poster, reader, **kw)


def digest(channel: str, parts: int = 3, key: str = "2024-05") -> Outgoing:
    return Outgoing(
        channel, "digest", key, tuple({"text": f"{key} part {i + 1}"} for i in range(parts))
    )


def alert(channel: str, key: str) -> Outgoing:
    return Outgoing(channel, "alerts", key, ({"text": f"alert {key}"},))


def texts(slack: FakeSlack, channel: str) -> list[str]:
    return [m["text"] for m in slack.messages_in(channel)]


def test_a_digest_goes_out_in_order_once_with_metadata(
    repo: StateRepository, slack: FakeSlack
) -> None:
    sender = deliverer(repo, slack)
    report = sender.deliver([digest("C1"), digest("C2")])
    assert sorted(report.sent) == [("C1", "digest", "2024-05"), ("C2", "digest", "2024-05")]
    assert texts(slack, "C1") == ["2024-05 part 1", "2024-05 part 2", "2024-05 part 3"]
    first = slack.messages_in("C1")[0]
    assert first["metadata"] == {
        "event_type": METADATA_EVENT_TYPE,
        "event_payload": {"kind": "digest", "key": "2024-05", "part": 0, "parts": 3},
    }
    again = deliverer(repo, slack).deliver([digest("C1"), digest("C2")])
    assert again.sent == [] and again.skipped == 2
    assert len(slack.delivered()) == 6
    rows = {r.channel_id: r for r in repo.deliveries()}
    assert rows["C1"].status == "sent" and rows["C1"].parts_sent == 3
    assert rows["C1"].slack_ts == first["ts"]


@pytest.mark.slow  # real Retry-After / retry waits
def test_429_is_waited_out_and_delivered_once(lite: StateRepository, slack: FakeSlack) -> None:
    slack.fail("chat.postMessage", status=429, retry_after=1, times=1, channel="C1")
    report = deliverer(lite, slack).deliver([alert("C1", "a"), alert("C2", "a")])
    assert len(report.sent) == 2
    attempts = [c for c in slack.calls_to("chat.postMessage") if c.channel == "C1"]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # Retry-After honoured
    assert texts(slack, "C1") == ["alert a"]


def test_5xx_is_retried_and_delivered_once(lite: StateRepository, slack: FakeSlack) -> None:
    slack.fail("chat.postMessage", status=500, times=2, channel="C1")
    report = deliverer(lite, slack).deliver([alert("C1", "a")])
    assert report.sent == [("C1", "alerts", "a")]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [500, 500, 200]
    assert texts(slack, "C1") == ["alert a"]


def test_a_lasting_outage_is_recorded_failed_then_delivered_later(
    lite: StateRepository, slack: FakeSlack
) -> None:
    slack.fail("chat.postMessage", status=503, channel="C1")
    report = deliverer(lite, slack).deliver([alert("C1", "a"), alert("C2", "a")])
    assert report.sent == [("C2", "alerts", "a")]  # the other channel is not held up
    assert [f[:3] for f in report.failed] == [("C1", "alerts", "a")]
    [row] = lite.deliveries(channel_id="C1")
    assert row.status == "failed" and "503" in (row.last_error or "")
    slack.clear_faults()
    later = deliverer(lite, slack).deliver([alert("C1", "a"), alert("C2", "a")])
    assert later.sent == [("C1", "alerts", "a")] and later.skipped == 1
    assert texts(slack, "C1") == ["alert a"] and texts(slack, "C2") == ["alert a"]


def test_refused_connections_then_recovery(lite: StateRepository, slack: FakeSlack) -> None:
    slack.stop()
    report = deliverer(lite, slack).deliver([alert("C1", "a")])
    assert report.sent == [] and "ConnectionRefusedError" in report.failed[0][3]
    slack.start()  # same port
    assert deliverer(lite, slack).deliver([alert("C1", "a")]).sent == [("C1", "alerts", "a")]
    assert texts(slack, "C1") == ["alert a"]


def test_not_in_channel_pauses_the_channel_and_others_still_get_theirs(
    lite: StateRepository, slack: FakeSlack
) -> None:
    for channel in ("C1", "C2", "C3"):
        lite.subscribe(channel, "alerts", filters="", user_id="U1", now=NOW)
    slack.add_channel("C2", is_member=False)
    items = [alert(c, k) for k in ("a", "b") for c in ("C1", "C2", "C3")]
    report = deliverer(lite, slack).deliver(items)
    assert sorted(report.sent) == sorted((c, "alerts", k) for c in ("C1", "C3") for k in ("a", "b"))
    assert report.paused == [("C2", "the bot is not a member of the channel (not_in_channel)")]
    assert len([c for c in slack.calls_to("chat.postMessage") if c.channel == "C2"]) == 1
    [paused] = lite.subscriptions(channel_id="C2")
    assert paused.paused and "not_in_channel" in (paused.pause_reason or "")
    assert {s.channel_id for s in lite.subscriptions(active_only=True)} == {"C1", "C3"}


def test_invalid_auth_stops_the_run(lite: StateRepository, slack: FakeSlack) -> None:
    sender = deliverer(lite, slack, token="xoxb-revoked")
    with pytest.raises(DeliveryStopped, match="invalid_auth"):
        sender.deliver([alert("C1", "a"), alert("C2", "a")])
    assert slack.delivered() == []
    assert len(slack.calls_to("chat.postMessage")) == 1
    [row] = lite.deliveries()
    assert row.status == "failed"
    # with the right token the next run delivers both, once
    assert len(deliverer(lite, slack).deliver([alert("C1", "a"), alert("C2", "a")]).sent) == 2


def test_pacing_keeps_under_the_per_channel_limit(lite: StateRepository) -> None:
    with FakeSlack(per_channel_per_second=5) as slack:
        slack.add_channel("C1")
        deliverer(lite, slack, pace_seconds=0.25).deliver([digest("C1", parts=4)])
        assert [c.status for c in slack.calls_to("chat.postMessage")] == [200, 200, 200, 200]


def _dead_owner() -> str:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return f"{socket.gethostname()}:{proc.pid}:0123456789ab"


def _crashed_mid_digest(
    repo: StateRepository, slack: FakeSlack, *, posted: int, recorded: int
) -> None:
    """What a process killed mid-digest leaves: ``posted`` parts in Slack, ``recorded`` of
    them in the ledger, the row still 'sending' for a process that is gone."""
    item = digest("C1", parts=4)
    claim = repo.claim(
        "C1",
        "digest",
        "2024-05",
        payload=item.payload(),
        parts_total=4,
        owner=_dead_owner(),
        now=dt.datetime.now(dt.UTC),
        lease=dt.timedelta(minutes=10),
        max_attempts=8,
    )
    assert claim is not None
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url)
    for i in range(posted):
        client.chat_postMessage(
            channel="C1",
            text=item.messages[i]["text"],
            metadata={
                "event_type": METADATA_EVENT_TYPE,
                "event_payload": {"kind": "digest", "key": "2024-05", "part": i, "parts": 4},
            },
        )
    if recorded:
        assert repo.record_part(
            claim, parts_sent=recorded, slack_ts=None, now=dt.datetime.now(dt.UTC)
        )


@pytest.mark.parametrize(("posted", "recorded"), [(2, 1), (2, 2), (0, 0), (4, 3)])
def test_a_delivery_left_by_a_dead_process_resumes_without_duplicates(
    repo: StateRepository, slack: FakeSlack, posted: int, recorded: int
) -> None:
    _crashed_mid_digest(repo, slack, posted=posted, recorded=recorded)
    report = deliverer(repo, slack).deliver([digest("C1", parts=4)])
    assert report.sent == [("C1", "digest", "2024-05")]
    assert texts(slack, "C1") == [f"2024-05 part {i}" for i in range(1, 5)]
    history = slack.calls_to("conversations.history")
    assert history and history[0].params["include_all_metadata"] in ("1", "true", True)
    [row] = repo.deliveries()
    assert row.status == "sent" and row.attempts == 2


def test_an_unverifiable_delivery_is_not_resent_until_history_can_be_read(
    lite: StateRepository, slack: FakeSlack
) -> None:
    _crashed_mid_digest(lite, slack, posted=1, recorded=0)
    slack.fail("conversations.history", status=500)
    report = deliverer(lite, slack).deliver([digest("C1", parts=4)])
    assert report.sent == [] and "not re-sending" in report.failed[0][3]
    assert len(slack.messages_in("C1")) == 1
    slack.clear_faults()
    assert deliverer(lite, slack).deliver([digest("C1", parts=4)]).sent
    assert texts(slack, "C1") == [f"2024-05 part {i}" for i in range(1, 5)]


def test_a_payload_is_frozen_when_first_claimed(lite: StateRepository, slack: FakeSlack) -> None:
    slack.fail("chat.postMessage", status=500, channel="C1")
    deliverer(lite, slack).deliver([digest("C1", parts=2)])
    slack.clear_faults()
    changed = Outgoing("C1", "digest", "2024-05", ({"text": "rebuilt"},))
    deliverer(lite, slack).deliver([changed])
    assert texts(slack, "C1") == ["2024-05 part 1", "2024-05 part 2"]


@pytest.mark.slow  # real Retry-After / retry waits
def test_two_clocks_under_a_long_retry_after_send_each_part_once(
    sqlite_url: str, slack: FakeSlack
) -> None:
    """Clock one is told to wait out a Retry-After longer than its lease; clock two, started
    once that lease would have run out, must not take the live claim over."""
    lease = dt.timedelta(seconds=1)
    one_engine, two_engine = connect(sqlite_url), connect(sqlite_url)
    one = deliverer(StateRepository(one_engine), slack, lease=lease)
    two = deliverer(StateRepository(two_engine), slack, lease=lease)
    slack.fail("chat.postMessage", status=429, retry_after=4, times=1, channel="C1")
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(one.deliver, [digest("C1")])
        slack.wait_for("chat.postMessage", 1, timeout=30)  # the 429: clock one now waits
        time.sleep(lease.total_seconds() * 2)  # longer than the lease
        second = two.deliver([digest("C1")])
        report = first.result(timeout=60)
    assert report.sent == [("C1", "digest", "2024-05")]
    assert second.sent == [] and second.skipped == 1
    assert texts(slack, "C1") == ["2024-05 part 1", "2024-05 part 2", "2024-05 part 3"]
    one_engine.dispose()
    two_engine.dispose()
