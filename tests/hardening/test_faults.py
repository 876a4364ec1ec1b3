"""Hardening, faults: Slack's Web API failing in every way it does (refused connections,
5xx, 429, channel and auth errors) on the answer path and on delivery; a knowledge file
broken on disk while the bot serves; the state database locked (SQLite) or stopped
(PostgreSQL). Retried where retrying helps, reported where it does not, nothing lost."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.answers.router import Context, Router
from bot.core.knowledge.model import Development
from bot.core.knowledge.store import LiveStore
from bot.edge.delivery.clock_service import ClockService
from bot.edge.delivery.deliverer import DeliveryStopped
from bot.edge.delivery.subscriptions import SubscriptionCommands
from bot.edge.render.blocks import answer_messages
from bot.edge.slack.handled import SharedRecord
from bot.edge.slack.runtime import RECORD_BUSY_TIMEOUT_MS
from bot.edge.state import StateRepository, connect
from bot.settings import Settings
from tests.conftest import BUNDLED_STORE
from tests.support.clocks import make_clock
from tests.support.fake_slack import FakeSlack
from tests.support.slack_harness import (
    DM,
    SLACK_ACK_TIMEOUT_S,
    USER,
    SlackHarness,
    serving,
)
from tests.support.state import (
    POSTGRES_ENV,
    dev,
    postgres_processes,
    postgres_schema_url,
    store_of,
)

SORRY = "Something went wrong on our side"
NOW = dt.datetime(2024, 6, 10, 4, 0, tzinfo=dt.UTC)
SUBSCRIBED = NOW - dt.timedelta(days=14)
CHANNELS = ("C1", "C2", "C3")


def _errors(caplog: pytest.LogCaptureFixture, logger: str = "bot") -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.ERROR and r.name.startswith(logger)
    ]


# --- the answer path: /pi (response_url) and direct messages (chat.postMessage) -------------


@pytest.fixture
def bot() -> Iterator[SlackHarness]:
    with serving(process_before_response=True) as harness:
        harness.command("stats", hook="warm-up")  # Bolt checks the token once, first
        harness.slack.calls.clear()
        yield harness


@pytest.mark.slow  # real Retry-After / retry waits
@pytest.mark.parametrize(("status", "retry_after"), [(500, None), (503, None), (429, 1)])
def test_a_slash_reply_refused_once_is_retried(
    bot: SlackHarness, status: int, retry_after: int | None
) -> None:
    bot.slack.fail("response_url", status=status, retry_after=retry_after, times=1)
    assert bot.command("fines henan").status == 200
    calls = bot.slack.calls_to("response_url")
    assert [c.status for c in calls] == [status, 200]
    assert "CNY 200,000" in json.dumps(calls[-1].params["blocks"])


@pytest.mark.slow  # real Retry-After / retry waits
def test_a_slash_reply_that_keeps_failing_ends_in_an_ephemeral_apology(
    bot: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.slack.fail("response_url", status=500)
    assert bot.command("fines henan").status == 200
    [apology] = bot.slack.calls_to("chat.postEphemeral")
    assert apology.ok and apology.params["user"] == USER
    assert apology.params["text"].startswith(SORRY)
    assert any("/pi failed: ReplyFailed" in m for m in _errors(caplog))
    bot.slack.clear_faults()
    bot.command("stats", hook="after")
    assert bot.slack.calls_to("response_url")[-1].ok  # and the next command is answered


@pytest.mark.slow  # real Retry-After / retry waits
@pytest.mark.parametrize(("status", "retry_after"), [(500, None), (503, None), (429, 1)])
def test_a_direct_message_reply_refused_once_is_retried(
    bot: SlackHarness, status: int, retry_after: int | None
) -> None:
    bot.slack.fail("chat.postMessage", status=status, retry_after=retry_after, times=1)
    assert bot.dm("fines henan").status == 200
    calls = bot.slack.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [status, 200]
    assert "CNY 200,000" in json.dumps(calls[-1].params["blocks"])


@pytest.mark.parametrize(
    "error", ["not_in_channel", "channel_not_found", "is_archived", "invalid_auth"]
)
def test_a_direct_message_reply_slack_refuses_is_logged_and_nothing_breaks(
    bot: SlackHarness, caplog: pytest.LogCaptureFixture, error: str
) -> None:
    bot.slack.fail("chat.postMessage", error)
    assert bot.dm("fines henan").status == 200
    # the answer, then the apology: both refused; no retry of what retrying cannot fix
    assert [c.answer["error"] for c in bot.slack.calls_to("chat.postMessage")] == [error] * 2
    logged = _errors(caplog)
    assert any("answering a dm failed: SlackApiError" in m and error in m for m in logged)
    bot.slack.clear_faults()
    bot.dm("stats")
    assert bot.slack.calls_to("chat.postMessage")[-1].ok


@pytest.mark.slow
def test_slack_unreachable_then_back(bot: SlackHarness, caplog: pytest.LogCaptureFixture) -> None:
    bot.slack.stop()
    assert bot.command("fines henan").status == 200  # Slack's request is still acknowledged
    assert bot.dm("fines henan").status == 200
    logged = _errors(caplog)
    assert any(m.startswith("/pi failed:") for m in logged)
    assert any(m.startswith("answering a dm failed:") for m in logged)
    bot.slack.start()  # same port
    bot.command("stats", hook="back")
    bot.dm("stats")
    assert [c.method for c in bot.slack.calls if c.ok] == ["response_url", "chat.postMessage"]


# --- delivery: other channels go on ------------------------------------------------------


def _case(n: int) -> Development:
    return dev(f"case-{n}", dt.date(2024, 6, 1 + n), added_at=NOW - dt.timedelta(hours=1))


CASES = store_of(*(_case(n) for n in range(3)))


@pytest.fixture
def fanout(tmp_path: Path) -> Iterator[tuple[StateRepository, FakeSlack]]:
    engine = connect(f"sqlite:///{tmp_path / 'state.sqlite3'}")
    repo = StateRepository(engine)
    for channel in CHANNELS:
        repo.subscribe(channel, "alerts", filters="", user_id="U1", now=SUBSCRIBED)
    with FakeSlack() as slack:
        for channel in CHANNELS:
            slack.add_channel(channel)
        yield repo, slack
    engine.dispose()


def _posted(slack: FakeSlack, channel: str) -> list[str]:
    return [m["metadata"]["event_payload"]["key"] for m in slack.messages_in(channel)]


def _all_delivered_once(slack: FakeSlack, channels: tuple[str, ...] = CHANNELS) -> None:
    for channel in channels:
        assert sorted(_posted(slack, channel)) == sorted(d.id for d in CASES.developments)


@pytest.mark.slow  # real Retry-After / retry waits
@pytest.mark.parametrize(
    ("status", "error", "retry_after"),
    [(500, None, None), (503, None, None), (429, "ratelimited", 1), (200, "ratelimited", None)],
)
def test_delivery_retries_a_transient_refusal_and_delivers_once(
    fanout: tuple[StateRepository, FakeSlack],
    status: int,
    error: str | None,
    retry_after: int | None,
) -> None:
    repo, slack = fanout
    slack.fail(
        "chat.postMessage", error, channel="C1", status=status, retry_after=retry_after, times=1
    )
    report = make_clock(repo, slack, lambda: CASES).run_due(NOW)
    assert len(report.sent) == 9 and report.failed == []
    _all_delivered_once(slack)


def test_a_lasting_outage_is_reported_and_delivered_later(
    fanout: tuple[StateRepository, FakeSlack],
) -> None:
    repo, slack = fanout
    slack.fail("chat.postMessage", channel="C1", status=503)
    clock = make_clock(repo, slack, lambda: CASES)
    report = clock.run_due(NOW)
    assert {f[0] for f in report.failed} == {"C1"} and len(report.sent) == 6
    _all_delivered_once(slack, ("C2", "C3"))
    slack.clear_faults()
    later = clock.run_due(NOW + dt.timedelta(minutes=5))
    assert {s[0] for s in later.sent} == {"C1"}
    _all_delivered_once(slack)


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived"])
def test_a_channel_slack_refuses_is_paused_and_reported_others_go_on(
    fanout: tuple[StateRepository, FakeSlack], error: str
) -> None:
    repo, slack = fanout
    slack.fail("chat.postMessage", error, channel="C1")
    clock = make_clock(repo, slack, lambda: CASES)
    report = clock.run_due(NOW)
    [(channel, reason)] = report.paused
    assert channel == "C1" and error in reason
    _all_delivered_once(slack, ("C2", "C3"))
    [paused] = repo.subscriptions(channel_id="C1")
    assert paused.paused and error in (paused.pause_reason or "")
    tries = len(slack.calls_to("chat.postMessage"))
    assert clock.run_due(NOW + dt.timedelta(minutes=5)).sent == []  # not retried forever
    assert len(slack.calls_to("chat.postMessage")) == tries


def test_a_refused_token_stops_the_run_and_the_next_run_delivers_everything_once(
    fanout: tuple[StateRepository, FakeSlack],
) -> None:
    repo, slack = fanout
    slack.fail("chat.postMessage", "invalid_auth")
    clock = make_clock(repo, slack, lambda: CASES)
    with pytest.raises(DeliveryStopped, match="invalid_auth"):
        clock.run_due(NOW)
    assert slack.delivered() == []
    slack.clear_faults()
    assert len(clock.run_due(NOW + dt.timedelta(minutes=5)).sent) == 9
    _all_delivered_once(slack)


def test_delivery_with_slack_unreachable_then_back(
    fanout: tuple[StateRepository, FakeSlack],
) -> None:
    repo, slack = fanout
    clock = make_clock(repo, slack, lambda: CASES)
    slack.stop()
    report = clock.run_due(NOW)
    assert report.sent == [] and len(report.failed) == 9
    assert all("ConnectionRefusedError" in f[3] for f in report.failed)
    slack.start()
    assert len(clock.run_due(NOW + dt.timedelta(minutes=5)).sent) == 9
    _all_delivered_once(slack)


# --- a broken knowledge file while the bot serves ------------------------------------------


def _truncated(good: str) -> str:
    return good[: len(good) // 2]


def _not_json(good: str) -> str:
    return "{ this is not JSON" + good[100:]


def _bad_schema(good: str) -> str:
    data = json.loads(good)
    data["developments"][3]["date"] = "2022-13-45"
    return json.dumps(data, ensure_ascii=False, indent=2)


@pytest.mark.parametrize(
    ("damage", "where"),
    [
        (_truncated, ":{line}:"),
        (_not_json, ":1:3: not valid JSON"),
        (_bad_schema, "development '{dev_id}' (#3) date"),
    ],
    ids=["truncated", "not-json", "schema"],
)
def test_a_broken_knowledge_file_keeps_the_last_good_store_serving(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    damage: object,
    where: str,
) -> None:
    path = tmp_path / "developments.json"
    shutil.copy(BUNDLED_STORE, path)
    good = path.read_text(encoding="utf-8")
    broken = damage(good)  # type: ignore[operator]
    dev_id = json.loads(good)["developments"][3]["id"]
    with serving(process_before_response=True, store_path=path) as bot:
        bot.command("stats", hook="before")
        caplog.clear()
        path.write_text(broken, encoding="utf-8")
        for n in range(3):
            assert bot.command("fines henan", hook=f"during-{n}").status == 200
        health = bot.get("/healthz").json()
    answers = bot.slack.calls_to("response_url")
    assert len(answers) == 4 and all("CNY 200,000" in json.dumps(c.params) for c in answers[1:])
    assert health["developments"] == 38
    assert health["last_error"] and str(path) in health["last_error"]
    store_errors = [
        r
        for r in caplog.records
        if r.name.startswith("bot.core.knowledge.store") and r.levelno >= 40
    ]
    assert len(store_errors) == 1  # one clear error, not one per request
    assert "still serving the last good copy (38 developments)" in store_errors[0].getMessage()
    assert main(["validate", "--store", str(path)]) == 1
    out = capsys.readouterr()
    line = broken.count("\n") + 1
    assert where.format(line=line, dev_id=dev_id) in out.out + out.err


# --- the state database locked or stopped -----------------------------------------------------


def _state_scenario(repo: StateRepository, slack: FakeSlack) -> tuple[Router, object]:
    """C1 and C2 subscribed to alerts, one case already delivered (a ledger row), two new
    cases due. Returns a router with the subscription commands and the clock service."""
    for channel in ("C1", "C2"):
        repo.subscribe(channel, "alerts", filters="", user_id="U1", now=SUBSCRIBED)
        slack.add_channel(channel)
    slack.add_channel("C3")
    early = store_of(_case(0))
    make_clock(repo, slack, lambda: early).run_due(NOW - dt.timedelta(minutes=30))
    assert len(repo.deliveries()) == 2
    router = Router(LiveStore(BUNDLED_STORE), SubscriptionCommands(repo, Settings()))
    service = ClockService(make_clock(repo, slack, lambda: CASES), now=lambda: NOW)
    return router, service


def _while_unavailable(
    router: Router, service: ClockService, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    ctx = Context(channel_id="C3", user_id=USER, team_id=None, surface="slash")
    for command in ("subscribe alerts", "unsubscribe", "subscriptions"):
        reply = router.handle(command, ctx)
        assert reply.headline == "Subscriptions are unavailable right now"
        assert "nothing was changed" in (reply.message or "")
        answer_messages(reply)  # and it renders
    posted = len(slack.delivered())
    service.tick()  # the clock does not crash...
    assert len(slack.delivered()) == posted
    assert any("will try again at the next run" in m for m in _errors(caplog))


def _after_recovery(repo: StateRepository, service: ClockService, slack: FakeSlack) -> None:
    service.tick()  # ...and delivers on its next run
    assert {s.channel_id for s in repo.subscriptions()} == {"C1", "C2"}  # none lost
    assert {(d.channel_id, d.status) for d in repo.deliveries()} == {("C1", "sent"), ("C2", "sent")}
    assert len(repo.deliveries()) == 6  # the old rows and the new ones
    for channel in ("C1", "C2"):
        assert sorted(_posted(slack, channel)) == sorted(d.id for d in CASES.developments)


def test_a_locked_sqlite_database(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "state.sqlite3"
    engine = connect(f"sqlite:///{path}", busy_timeout_ms=200)
    repo = StateRepository(engine)
    with FakeSlack() as slack:
        router, service = _state_scenario(repo, slack)
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")  # another process holds the database
        try:
            _while_unavailable(router, service, slack, caplog)  # type: ignore[arg-type]
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        _after_recovery(repo, service, slack)  # type: ignore[arg-type]
    engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    needed = (POSTGRES_ENV, "PI_TEST_PG_BIN", "PI_TEST_PG_DATA")
    if not all(os.environ.get(name) for name in needed):
        pytest.skip(f"{', '.join(needed)} are not all set (.ci/run sets them)")
    yield from postgres_schema_url()


def _pg_ctl(*args: str) -> None:
    data = os.environ["PI_TEST_PG_DATA"]
    command = [os.path.join(os.environ["PI_TEST_PG_BIN"], "pg_ctl"), "-D", data, "-w", *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@pytest.mark.slow
@pytest.mark.postgres
def test_postgresql_stopped_then_restarted(pg_url: str, caplog: pytest.LogCaptureFixture) -> None:
    engine = connect(pg_url, connect_timeout_s=2)
    repo = StateRepository(engine)
    log_file = os.path.join(os.path.dirname(os.environ["PI_TEST_PG_DATA"]), "server.log")
    with FakeSlack() as slack:
        router, service = _state_scenario(repo, slack)
        _pg_ctl("-m", "fast", "stop")
        try:
            _while_unavailable(router, service, slack, caplog)  # type: ignore[arg-type]
        finally:
            _pg_ctl("-l", log_file, "restart")  # with the options it was started with
        _after_recovery(repo, service, slack)  # type: ignore[arg-type]
        ctx = Context(channel_id=DM, user_id=USER, team_id=None, surface="dm")
        assert router.handle("subscriptions", ctx).headline == "No subscriptions"
    engine.dispose()


# --- the record of handled requests never holds an acknowledgement --------------------------

BURST = 10


def _acknowledged_within_slack_deadline(bot: SlackHarness) -> None:
    """A burst of commands, each sent as Slack does: it gives up after three seconds."""
    with ThreadPoolExecutor(max_workers=BURST) as clients:
        replies = list(
            clients.map(
                lambda n: (
                    bot.command("stats", hook=f"burst-{n}", timeout=SLACK_ACK_TIMEOUT_S).status
                ),
                range(BURST),
            )
        )
    assert replies == [200] * BURST


def _hold_exclusive_lock(path: Path) -> subprocess.Popen[str]:
    """Another process holding an exclusive transaction on the SQLite file until stdin closes."""
    script = (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
        "c.execute('ROLLBACK')\n"
    )
    locker = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
    return locker


def test_a_sqlite_database_locked_by_another_process_does_not_hold_acks(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "state.sqlite3"
    engine = connect(f"sqlite:///{path}", busy_timeout_ms=RECORD_BUSY_TIMEOUT_MS)
    with serving(handled=SharedRecord(StateRepository(engine))) as bot:
        bot.command("stats", hook="warm-up")
        locker = _hold_exclusive_lock(path)
        try:
            _acknowledged_within_slack_deadline(bot)
        finally:
            assert locker.stdin is not None
            locker.stdin.close()
            locker.wait(timeout=30)
        bot.slack.wait_for("response_url", BURST + 1, timeout=60)  # and every one answered
    assert any("remembers them alone" in m for m in _errors(caplog))
    engine.dispose()


@pytest.mark.slow
@pytest.mark.postgres
def test_a_frozen_postgresql_does_not_hold_acks(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = connect(pg_url, connect_timeout_s=2)
    with serving(handled=SharedRecord(StateRepository(engine))) as bot:
        bot.command("stats", hook="warm-up")
        frozen = postgres_processes()
        for pid in frozen:
            os.kill(pid, signal.SIGSTOP)
        try:
            _acknowledged_within_slack_deadline(bot)
        finally:
            for pid in frozen:
                os.kill(pid, signal.SIGCONT)
        bot.slack.wait_for("response_url", BURST + 1, timeout=60)
    assert any("remembers them alone" in m for m in _errors(caplog))
    engine.dispose()
