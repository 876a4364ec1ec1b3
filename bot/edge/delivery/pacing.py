"""Posting at the rate Slack allows: about one message per second per channel and, when set,
a workspace-wide rate, so posting costs no ``429`` (each one waits out a whole Retry-After)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class Pacer:
    """Spaces posts ``pace_seconds`` apart per channel and ``1 / workspace_per_second`` apart
    anywhere; shared by every worker thread of a run."""

    def __init__(
        self,
        pace_seconds: float,
        workspace_per_second: float | None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.pace_seconds = pace_seconds
        self.sleep = sleep
        self.workspace_interval = 1.0 / workspace_per_second if workspace_per_second else 0.0
        self._window: deque[float] = deque(maxlen=max(1, int(workspace_per_second or 0)))
        """When the latest posts (as many as the workspace rate allows in a second) were
        answered: Slack counts arrivals, which fall before the answer, so a post that starts
        a second after the answer to the one that many posts back can never be one too many
        in any second, whatever the latency did."""
        self._pace_lock = threading.Lock()
        self._last_post: dict[str, float] = {}
        self._last_any: float | None = None

    def wait_turn(self, channel_id: str) -> None:
        """Wait until this channel's last post is ``pace_seconds`` old and, with a workspace
        rate set, the last post anywhere is ``1 / workspace_per_second`` old: posting at the
        rate Slack allows costs no ``429`` (each one waits out a whole ``Retry-After``).
        Each caller reserves its slot under a lock, then waits for it outside the lock."""
        with self._pace_lock:
            now = time.monotonic()
            slot = now
            last = self._last_post.get(channel_id)
            if last is not None:
                slot = max(slot, last + self.pace_seconds)
            if self.workspace_interval and self._last_any is not None:
                slot = max(slot, self._last_any + self.workspace_interval)
            window = self._window
            if self.workspace_interval and window.maxlen and len(window) == window.maxlen:
                slot = max(slot, window[0] + 1.0)
            self._last_any = self._last_post[channel_id] = slot
        wait_s = slot - time.monotonic()
        if wait_s > 0:
            self.sleep(wait_s)
        with self._pace_lock:  # spacing counts from when the post really leaves, as Slack does
            started = time.monotonic()
            if self._last_any is not None and self._last_any < started:
                self._last_any = started
            if self._last_post.get(channel_id, started) < started:
                self._last_post[channel_id] = started

    def answered(self) -> None:
        """Slack answered a post (or it failed): it counts toward the workspace rate."""
        with self._pace_lock:
            self._window.append(time.monotonic())
