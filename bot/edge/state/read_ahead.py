"""Reading rows ahead on a thread while the caller works on the ones already read.

Loading 100,000 developments from PostgreSQL is two kinds of work of about a second each:
the server turning ``jsonb`` into text and sending it, and this process validating it.
Done in turn, one waits for the other; with the fetching on a thread (which waits on the
socket without the interpreter's lock), the server prepares the next rows while the caller
validates these. The thread is the only user of the connection until the rows are done,
the caller stops early (the generator closed) or the fetching fails (the error is raised
to the caller where the rows would have been).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")

BATCHES_AHEAD = 4
"""How many batches the thread may hold ready: what it holds in memory at most."""

_DONE = object()


def read_ahead(rows: Iterator[T], batch: int) -> Iterator[T]:
    """``rows``, in order, read ``batch`` at a time by a thread up to ``BATCHES_AHEAD``
    batches ahead of the caller."""
    ready: queue.Queue[object] = queue.Queue(maxsize=BATCHES_AHEAD)
    stop = threading.Event()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def fetch() -> None:
        try:
            chunk: list[T] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) >= batch:
                    if not offer(chunk):
                        return
                    chunk = []
            if chunk and not offer(chunk):
                return
            offer(_DONE)
        except BaseException as exc:  # handed to the caller, raised there
            offer(exc)

    worker = threading.Thread(target=fetch, name="read-ahead", daemon=True)
    worker.start()
    try:
        while True:
            item = ready.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield from item  # type: ignore[misc]
    finally:
        stop.set()
        worker.join()
