"""A bounded, thread-safe record of the Slack events already handled, so that Slack's
retries (``X-Slack-Retry-Num``) of an event we have answered get no second answer.

In memory, per process: with several web workers a retry can reach another worker, so
``serve`` runs one worker with threads by default.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

DEFAULT_CAPACITY = 10_000


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
