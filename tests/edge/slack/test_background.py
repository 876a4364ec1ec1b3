"""The answer pool's bound (by count and by bytes) and its drain on shutdown."""

from __future__ import annotations

import threading

from bot.edge.slack.background import Background


def _blocked_pool(**bounds: int) -> tuple[Background, threading.Event, list[str]]:
    """A pool whose one worker is busy until the event is set."""
    pool = Background(**bounds)
    release, started = threading.Event(), threading.Event()
    answered: list[str] = []

    def first() -> None:
        started.set()
        release.wait(timeout=30)
        answered.append("first")

    assert pool.run("first", first)
    assert started.wait(timeout=30)
    return pool, release, answered


def test_past_the_count_bound_a_request_is_told_busy_at_once() -> None:
    pool, release, answered = _blocked_pool(max_waiting=2)
    told: list[str] = []
    results = [
        pool.run(
            f"r{n}", lambda n=n: answered.append(f"r{n}"), busy=lambda n=n: told.append(f"r{n}")
        )
        for n in range(4)
    ]
    assert results == [True, True, False, False] and told == ["r2", "r3"]
    release.set()
    assert pool.drain(timeout=30) == 0
    assert answered == ["first", "r0", "r1"]


def test_past_the_byte_bound_a_request_is_told_busy_at_once() -> None:
    pool, release, _answered = _blocked_pool(max_waiting_bytes=1000)
    told: list[int] = []
    sizes = [600, 300, 200, 100]
    results = [pool.run("r", lambda: None, size=s, busy=lambda s=s: told.append(s)) for s in sizes]
    assert results == [True, True, False, True] and told == [200]
    release.set()
    assert pool.drain(timeout=30) == 0


def test_a_drain_past_its_timeout_counts_what_it_left_and_takes_no_more() -> None:
    pool, release, answered = _blocked_pool()
    for n in range(3):
        pool.run(f"r{n}", lambda n=n: answered.append(f"r{n}"))
    assert pool.drain(timeout=0.2) == 4  # the one in progress and three waiting
    told: list[str] = []
    assert not pool.run("late", lambda: answered.append("late"), busy=lambda: told.append("late"))
    assert told == ["late"]
    release.set()
