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

With Bolt's ``process_before_response`` (function platforms, and tests that need a
request fully handled when its response arrives) the work runs inline instead: there is
no process left to finish it after the response.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import BoltContext

log = logging.getLogger(__name__)

CONTEXT_KEY = "pi_background"
DEFAULT_WORKERS = 1


class Background:
    def __init__(self, *, workers: int = DEFAULT_WORKERS, inline: bool = False) -> None:
        self.inline = inline
        self._pool = (
            None
            if inline
            else ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pi-answer")
        )

    def run(self, what: str, work: Callable[[], None]) -> None:
        """Run ``work`` after the acknowledgement; a failure is logged, never raised."""
        if self._pool is None:
            _guarded(what, work)
        else:
            self._pool.submit(_guarded, what, work)


def _guarded(what: str, work: Callable[[], None]) -> None:
    try:
        work()
    except Exception as exc:  # the listeners apologise themselves; this is the last net
        log.error("%s failed: %s: %s", what, type(exc).__name__, exc, exc_info=exc)


def background_of(context: BoltContext) -> Background:
    """The app's pool, which ``create_app`` puts in every request's context."""
    found = context.get(CONTEXT_KEY)
    return found if isinstance(found, Background) else Background(inline=True)
