"""The state repository behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.edge.state import SCHEMA_VERSION, StateError, StateRepository, connect, init_schema
from bot.edge.state.db import schema_version
from bot.edge.state.repository import forget_owner, new_owner

T0 = dt.datetime(2024, 6, 1, 1, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(minutes=10)
ELSEWHERE = "another-host:4242:abcdef"  # a run on another machine: only its lease can expire


def claim(repo: StateRepository, owner: str, *, now: dt.datetime = T0, key: str = "k1"):  # noqa: ANN201
    return repo.claim(
        "C1",
        "alerts",
        key,
        payload='[{"text": "hi"}]',
        parts_total=1,
        owner=owner,
        now=now,
        lease=LEASE,
        max_attempts=3,
    )


def dead_owner() -> str:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return f"{socket.gethostname()}:{proc.pid}:deadbeef0000"


def test_schema_is_created_once_with_its_version(db_url: str) -> None:
    engine = connect(db_url)
    assert init_schema(engine) == SCHEMA_VERSION  # a second start changes nothing
    with engine.begin() as conn:
        rows = conn.execute(select(schema_version.c.version)).scalars().all()
    assert rows == [SCHEMA_VERSION]
    engine.dispose()


def test_a_newer_schema_is_refused(db_url: str) -> None:
    engine = connect(db_url)
    with engine.begin() as conn:
        conn.execute(schema_version.update().values(version=SCHEMA_VERSION + 1))
    with pytest.raises(StateError, match="newer than this code"):
        init_schema(engine)
    engine.dispose()


def test_sqlite_file_folder_is_created_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "bot.sqlite3"
    engine = connect(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert int(conn.execute(text("PRAGMA busy_timeout")).scalar() or 0) >= 1000
    assert path.exists()
    engine.dispose()


def test_a_bad_url_is_one_clear_error() -> None:
    with pytest.raises(StateError, match="DATABASE_URL"):
        connect("not a url")


def test_subscribe_reports_what_changed_and_keeps_the_start_time(repo: StateRepository) -> None:
    sub, outcome = repo.subscribe("C1", "alerts", filters="henan", user_id="U1", now=T0)
    assert outcome == "created" and sub.created_at == T0 and sub.filters == "henan"
    later = T0 + dt.timedelta(days=3)
    assert (
        repo.subscribe("C1", "alerts", filters="henan", user_id="U2", now=later)[1] == "unchanged"
    )
    sub, outcome = repo.subscribe("C1", "alerts", filters="fines", user_id="U2", now=later)
    assert outcome == "updated" and sub.filters == "fines"
    assert sub.created_at == T0  # new filters never replay old alerts
    assert sub.created_at.tzinfo is not None


def test_pause_then_resume_by_subscribing_again(repo: StateRepository) -> None:
    repo.subscribe("C1", "alerts", filters="", user_id="U1", now=T0)
    repo.subscribe("C1", "digest", filters="", user_id="U1", now=T0)
    repo.subscribe("C2", "digest", filters="", user_id="U1", now=T0)
    paused = repo.pause_channel("C1", "the bot is not a member (not_in_channel)", now=T0)
    assert sorted(paused) == ["alerts", "digest"]
    assert [s.channel_id for s in repo.subscriptions(active_only=True)] == ["C2"]
    [digest] = repo.subscriptions(channel_id="C1", kind="digest")
    assert digest.paused and digest.pause_reason == "the bot is not a member (not_in_channel)"
    sub, outcome = repo.subscribe("C1", "digest", filters="", user_id="U1", now=T0)
    assert outcome == "resumed" and not sub.paused


def test_unsubscribe_removes_only_what_was_asked(repo: StateRepository) -> None:
    repo.subscribe("C1", "alerts", filters="", user_id="U1", now=T0)
    repo.subscribe("C1", "digest", filters="", user_id="U1", now=T0)
    assert repo.unsubscribe("C1", ["digest"]) == ["digest"]
    assert repo.unsubscribe("C1", ["digest"]) == []
    assert repo.unsubscribe("C1") == ["alerts"]
    assert repo.subscriptions() == []


def test_seen_developments_keep_their_first_time(repo: StateRepository) -> None:
    assert repo.add_seen({"a": T0, "b": T0}) == 2
    assert repo.add_seen({"a": T0 + LEASE, "c": T0 + LEASE}) == 1
    assert repo.seen() == {"a": T0, "b": T0, "c": T0 + LEASE}


def test_many_seen_developments_at_once(repo: StateRepository) -> None:
    many = {f"2024-01-01-dev-{i}": T0 for i in range(1500)}
    assert repo.add_seen(many) == 1500
    assert len(repo.seen()) == 1500


def test_clock_state(repo: StateRepository) -> None:
    assert repo.get_state("x") is None
    assert repo.set_state_if_absent("x", "1", now=T0)
    assert not repo.set_state_if_absent("x", "2", now=T0)
    repo.set_state("x", "3", now=T0)
    assert repo.get_state("x") == "3"


def test_a_claim_is_won_once_and_sent_rows_stay_sent(repo: StateRepository) -> None:
    first = claim(repo, "me-host:1:aaa")
    assert first is not None and not first.resumed and first.attempts == 1
    assert claim(repo, ELSEWHERE) is None  # live claim, lease not over
    assert repo.record_part(first, parts_sent=1, slack_ts="1.000001", now=T0)
    assert repo.finish(first, now=T0)
    assert claim(repo, ELSEWHERE, now=T0 + 10 * LEASE) is None
    [row] = repo.deliveries()
    assert (row.status, row.parts_sent, row.slack_ts) == ("sent", 1, "1.000001")
    assert repo.settled("alerts", max_attempts=3) == {("C1", "k1")}


def test_an_abandoned_claim_is_taken_over_after_its_lease(repo: StateRepository) -> None:
    first = claim(repo, ELSEWHERE)
    assert first is not None
    assert claim(repo, "me-host:1:bbb", now=T0 + LEASE / 2) is None
    taken = claim(repo, "me-host:1:bbb", now=T0 + LEASE)
    assert taken is not None and taken.resumed and taken.attempts == 2
    # the old owner has lost the row and cannot mark it any more
    assert not repo.record_part(first, parts_sent=1, slack_ts=None, now=T0)
    assert not repo.finish(first, now=T0)
    assert repo.finish(taken, now=T0)


def test_a_claim_of_a_dead_local_process_is_taken_over_at_once(repo: StateRepository) -> None:
    assert claim(repo, dead_owner()) is not None
    taken = claim(repo, new_owner())
    assert taken is not None and taken.resumed


def test_failed_rows_are_retried_until_attempts_run_out(repo: StateRepository) -> None:
    owner = ELSEWHERE
    current = claim(repo, owner)
    for attempt in range(1, 4):
        assert current is not None and current.attempts == attempt
        assert repo.fail(current, "HTTP 500", now=T0)
        owner = f"{owner}x"
        current = claim(repo, owner)
    assert current is None
    [row] = repo.deliveries()
    assert row.status == "failed" and row.attempts == 3 and row.last_error == "HTTP 500"
    assert repo.settled("alerts", max_attempts=3) == {("C1", "k1")}
    assert repo.settled("alerts", max_attempts=4) == set()


def test_concurrent_claims_have_exactly_one_winner(db_url: str) -> None:
    engines = [connect(db_url) for _ in range(6)]
    winners: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(engines))

    def race(i: int) -> None:
        try:
            barrier.wait()
            won = claim(StateRepository(engines[i]), f"other-host:{i}:run{i}")
            if won is not None:
                winners.append(won.owner)
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(engines))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for engine in engines:
        engine.dispose()
    assert errors == []
    assert len(winners) == 1


def test_an_unfinished_run_of_this_process_is_taken_over_once_it_ended(
    repo: StateRepository,
) -> None:
    earlier = new_owner()
    assert claim(repo, earlier) is not None
    assert claim(repo, new_owner()) is None  # still running (another thread of this process)
    forget_owner(earlier)  # that run ended without finishing the row (e.g. a database error)
    taken = claim(repo, new_owner())
    assert taken is not None and taken.resumed
