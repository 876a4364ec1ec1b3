"""Rows read ahead on a thread: the same rows in the same order, the fetching's error
raised to the caller, and no thread left behind when the caller stops early."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from bot.edge.state.read_ahead import BATCHES_AHEAD, read_ahead


def _threads() -> int:
    return sum(t.name == "read-ahead" for t in threading.enumerate())


@pytest.mark.parametrize("count", [0, 1, 9, 10, 11, 1_000])
def test_every_row_comes_in_order(count: int) -> None:
    assert list(read_ahead(iter(range(count)), 10)) == list(range(count))
    assert _threads() == 0


def test_the_fetching_error_is_raised_where_its_row_would_have_been() -> None:
    def rows() -> Iterator[int]:
        yield from range(25)
        raise ConnectionError("server closed the connection")

    seen: list[int] = []
    with pytest.raises(ConnectionError, match="server closed"):
        for row in read_ahead(rows(), 10):
            seen.append(row)
    assert seen == list(range(20))  # the whole batches before the failure
    assert _threads() == 0


def test_a_caller_that_stops_early_stops_the_thread_and_bounds_what_was_read() -> None:
    fetched: list[int] = []

    def rows() -> Iterator[int]:
        for n in range(100_000):
            fetched.append(n)
            yield n

    reader = read_ahead(rows(), 10)
    assert next(reader) == 0
    reader.close()
    assert _threads() == 0
    # at most the batches the queue holds, the one being offered and the one being read
    assert len(fetched) <= 10 * (BATCHES_AHEAD + 3)
