"""Records of the Slack requests already handled, so that Slack's retries of an event
(``X-Slack-Retry-Num``, same ``event_id``) get no second answer and a replayed request (the
same signature) is refused.

- ``HandledEvents``: bounded, thread-safe, in memory, per process.
- ``SharedRecord``: in the state database (``DATABASE_URL``), so several web workers or
  instances agree; it keeps an in-memory record in front, which also serves alone while the
  database cannot be reached, or does not answer within a few hundred milliseconds (logged
  once per outage): the record is consulted before Slack's request is acknowledged.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from bot.core.utc import utcnow
from bot.edge.state.db import describe
from bot.edge.state.repository import StateRepository

log = logging.getLogger(__name__)

DEFAULT_CAPACITY = 50_000
"""Keys kept in memory: a signature and an event id per request, for well over the ten
minutes a signature stays acceptable at any rate a single app sees."""
KEEP = dt.timedelta(hours=1)
"""How long the shared record keeps a key: Slack retries within minutes, and a signature is
accepted for five minutes either side of its timestamp."""
PRUNE_EVERY = 500
"""The shared record drops expired keys after this many new ones."""
DEADLINE_S = 0.3
"""How long a request thread waits for the state database's answer before the in-memory
record decides alone: Slack gives up on an acknowledgement after three seconds."""
MAX_PENDING = 256
"""Questions to the state database allowed to wait at once; past that it is deemed slow and
the in-memory record decides at once."""


class Record(Protocol):
    def first_time(self, key: str) -> bool:
        """True the first time ``key`` is seen (and records it), False after."""
        ...


class HandledEvents:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time ``event_id`` is seen (and records it), False after."""
        with self._lock:
            if event_id in self._ids:
                self._ids.move_to_end(event_id)
                return False
            self._ids[event_id] = None
            while len(self._ids) > self.capacity:
                self._ids.popitem(last=False)
            return True

    def __len__(self) -> int:
        with self._lock:
            return len(self._ids)


class SharedRecord:
    """Handled keys in the state database, shared by every process using it.

    The database is asked on one worker thread of its own and the request thread waits for
    the answer at most ``deadline_s``: a database that is slow, locked by another process or
    frozen never holds an acknowledgement past Slack's three seconds. Past the deadline (or
    with ``max_pending`` questions already waiting) the in-memory record decides alone, as it
    does while the database is down; the late question still records the key when it can."""

    def __init__(
        self,
        repo: StateRepository,
        *,
        memory: HandledEvents | None = None,
        now: Callable[[], dt.datetime] = utcnow,
        keep: dt.timedelta = KEEP,
        deadline_s: float = DEADLINE_S,
        max_pending: int = MAX_PENDING,
    ) -> None:
        self.repo = repo
        self.memory = memory or HandledEvents()
        self.now = now
        self.keep = keep
        self.deadline_s = deadline_s
        self._lock = threading.Lock()
        self._new_since_prune = 0
        self._down = False
        self._questions: queue.Queue[tuple[str, Future[bool]]] = queue.Queue(maxsize=max_pending)
        # a daemon thread: one stuck on a frozen database must not hold the process's exit
        threading.Thread(target=self._answer_questions, name="pi-handled", daemon=True).start()

    def first_time(self, key: str) -> bool:
        if not self.memory.first_time(key):
            return False  # this process saw it: no need to ask the database
        answer: Future[bool] = Future()
        try:
            self._questions.put_nowait((key, answer))
        except queue.Full:
            self._database_down(f"{self._questions.maxsize} questions already waiting")
            return True  # the in-memory record said it is new
        try:
            first = answer.result(timeout=self.deadline_s)
        except FutureTimeout:
            self._database_down(f"no answer within {self.deadline_s * 1000:.0f} ms")
            return True
        except SQLAlchemyError as exc:
            self._database_down(describe(exc))
            return True
        with self._lock:
            if self._down:
                log.info("state database back for the record of handled Slack requests")
            self._down = False
        return first

    def _database_down(self, why: str) -> None:
        with self._lock:
            was_down, self._down = self._down, True
        if not was_down:
            log.error(
                "state database unavailable for the record of handled Slack requests; "
                "this process remembers them alone until it is back: %s",
                why,
            )

    def _answer_questions(self) -> None:
        # One writer at a time from this process: questions queue here rather than in
        # SQLite's busy handler.
        while True:
            key, answer = self._questions.get()
            try:
                first = self.repo.first_time_handled(key, now=self.now())
                self._prune_now_and_then()
            except Exception as exc:  # handed to the asking thread, which logs it
                answer.set_exception(exc)
            else:
                answer.set_result(first)

    def _prune_now_and_then(self) -> None:
        with self._lock:
            self._new_since_prune += 1
            if self._new_since_prune < PRUNE_EVERY:
                return
            self._new_since_prune = 0
        self.repo.forget_handled_before(self.now() - self.keep)
