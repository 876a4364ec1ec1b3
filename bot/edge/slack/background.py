"""Where the work after ``ack()`` runs: answering, rendering and posting.

Bolt runs listeners on one thread pool and an ``ack()`` waits for a free thread there. If
answers (CPU-bound, and slow to post) ran on that pool too, a burst of commands would
hold acknowledgements past Slack's 3 seconds. So listeners only acknowledge and hand the
rest to this small pool, whose queue absorbs bursts: answers may come a little later,
acknowledgements never do.

One thread by default: answers are mostly CPU-bound work under one GIL, and every extra
runnable thread delays the request threads' acknowledgements further (measured by
``bench/slack_path.py`` at 100k developments and 20 busy clients: ack p99 2.0 s with four
answer threads, 0.5 s with one, 0.18 s with one plus the web process's shorter GIL switch
interval, see ``bot/edge/slack/web.py``). Bursts wait in the queue instead.

The queue is bounded, by count (``MAX_WAITING``) and by the size of the requests waiting
(``MAX_WAITING_BYTES``): past the bound a request is not queued but told at once that the
bot is busy (``BUSY_TEXT``), so a burst cannot grow the process without limit nor make
people wait for answers that come too late. On shutdown (SIGTERM) the pool takes no more
work, answers what it acknowledged within the shutdown timeout and logs how many requests it
could not answer (``drain_all``): nothing acknowledged is dropped silently.

With Bolt's ``process_before_response`` (function platforms, and tests that need a
request fully handled when its response arrives) the work runs inline instead: there is
no process left to finish it after the response.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import BoltContext

from bot.core.limits import MAX_WAITING, MAX_WAITING_BYTES

log = logging.getLogger(__name__)

CONTEXT_KEY = "pi_background"
DEFAULT_WORKERS = 1
BUSY_TEXT = "The bot is busy right now; please try again in a minute."
"""What a request past the bound is told, at once."""

_ALL: weakref.WeakSet[Background] = weakref.WeakSet()


@dataclass
class _Job:
    what: str
    work: Callable[[], None]
    size: int


class Background:
    def __init__(
        self,
        *,
        workers: int = DEFAULT_WORKERS,
        inline: bool = False,
        max_waiting: int = MAX_WAITING,
        max_waiting_bytes: int = MAX_WAITING_BYTES,
        name: str = "pi-answer",
    ) -> None:
        self.inline = inline
        self.name = name
        self.max_waiting = max_waiting
        self.max_waiting_bytes = max_waiting_bytes
        self._changed = threading.Condition()
        self._waiting: deque[_Job] = deque()
        self._waiting_bytes = 0
        self._running = 0
        self._closed = False
        self._workers = workers
        self._started = False
        if not inline:
            _ALL.add(self)

    def run(
        self,
        what: str,
        work: Callable[[], None],
        *,
        size: int = 0,
        busy: Callable[[], None] | None = None,
    ) -> bool:
        """Run ``work`` after the acknowledgement; a failure is logged, never raised.

        When the queue is full (or the process is shutting down) ``work`` is not run:
        ``busy`` is called at once instead (to tell the user) and False returned."""
        if self.inline:
            _guarded(what, work)
            return True
        with self._changed:
            full = len(self._waiting) >= self.max_waiting or (
                self._waiting and self._waiting_bytes + size > self.max_waiting_bytes
            )
            if not (full or self._closed):
                if not self._started:
                    self._start_workers()
                self._waiting.append(_Job(what, work, size))
                self._waiting_bytes += size
                self._changed.notify()
                return True
            waiting, closed = len(self._waiting), self._closed
        log.warning(
            "%s not answered: %s (%d request(s) waiting)",
            what,
            "shutting down" if closed else "too busy",
            waiting,
        )
        if busy is not None:
            _guarded(f"telling the user the bot is busy ({what})", busy)
        return False

    def _start_workers(self) -> None:
        self._started = True
        for n in range(self._workers):
            # daemon threads: a shutdown past its timeout is not held up by an answer
            threading.Thread(target=self._work, name=f"{self.name}-{n}", daemon=True).start()

    def _work(self) -> None:
        while True:
            with self._changed:
                while not self._waiting:
                    self._changed.wait()
                job = self._waiting.popleft()
                self._waiting_bytes -= job.size
                self._running += 1
            try:
                _guarded(job.what, job.work)
            finally:
                with self._changed:
                    self._running -= 1
                    self._changed.notify_all()

    def drain(self, timeout: float) -> int:
        """Take no more work; wait up to ``timeout`` seconds for what was acknowledged to
        be answered. Returns how many requests were left unanswered."""
        deadline = time.monotonic() + timeout
        with self._changed:
            self._closed = True
            while self._waiting or self._running:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            left_behind = len(self._waiting) + self._running
            self._waiting.clear()
            self._waiting_bytes = 0
        return left_behind


def drain_all(timeout: float) -> int:
    """``drain`` every pool of this process within ``timeout`` seconds in all; logs and
    returns how many acknowledged requests could not be answered."""
    deadline = time.monotonic() + timeout
    pools = list(_ALL)
    waiting = sum(len(p._waiting) + p._running for p in pools)
    if waiting:
        log.warning("shutting down: answering %d acknowledged request(s) first", waiting)
    unanswered = sum(p.drain(max(0.0, deadline - time.monotonic())) for p in pools)
    if unanswered:
        log.error(
            "shut down with %d acknowledged request(s) unanswered (the shutdown timeout of "
            "%.0f s ran out)",
            unanswered,
            timeout,
        )
    elif waiting:
        log.warning("shutting down: every acknowledged request was answered")
    return unanswered


def _guarded(what: str, work: Callable[[], None]) -> None:
    try:
        work()
    except Exception as exc:  # the listeners apologise themselves; this is the last net
        log.error("%s failed: %s: %s", what, type(exc).__name__, exc, exc_info=exc)


def background_of(context: BoltContext) -> Background:
    """The app's pool, which ``create_app`` puts in every request's context."""
    found = context.get(CONTEXT_KEY)
    return found if isinstance(found, Background) else Background(inline=True)
