"""The threads that post parts of deliveries, and the order deliveries are taken in."""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.core.notify import Claim, Kind
from bot.edge.delivery.outgoing import Outgoing


def round_robin(items: Iterable[Outgoing]) -> list[Outgoing]:
    """Interleave channels so one channel's backlog does not hold up the others."""
    queues: OrderedDict[str, list[Outgoing]] = OrderedDict()
    for item in items:
        queues.setdefault(item.channel_id, []).append(item)
    ordered: list[Outgoing] = []
    while queues:
        for channel in list(queues):
            ordered.append(queues[channel].pop(0))
            if not queues[channel]:
                del queues[channel]
    return ordered


@dataclass
class Entry:
    """One claimed delivery in progress: its parts are posted by advancing ``steps``."""

    item: Outgoing
    claim: Claim
    steps: Iterator[None]

    @property
    def ident(self) -> tuple[str, Kind, str]:
        return (self.item.channel_id, self.item.kind, self.item.key)


def advance(entry: Entry) -> bool | BaseException:
    """Post the next part: False once the delivery is finished, or what it raised."""
    try:
        next(entry.steps)
    except StopIteration:
        return False
    except BaseException as exc:  # noqa: BLE001 (handed to the run's thread, re-raised there)
        return exc
    return True


class Workers:
    """``size`` threads advancing deliveries (plain threads, which keep working while the
    interpreter shuts down, so a clock stopped by SIGTERM finishes the run in progress). With
    one, parts are posted in the calling thread."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._jobs: queue.Queue[Entry | None] = queue.Queue()
        self._results: queue.Queue[tuple[Entry, bool | BaseException]] = queue.Queue()
        self._inline: deque[Entry] = deque()
        self._held: dict[int, Entry] = {}
        self._threads = [
            threading.Thread(target=self._work, name=f"deliver-{n}", daemon=False)
            for n in range(size if size > 1 else 0)
        ]

    def __enter__(self) -> Workers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        for _thread in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def _work(self) -> None:
        while (entry := self._jobs.get()) is not None:
            self._results.put((entry, advance(entry)))

    def submit(self, entry: Entry) -> None:
        self._held[id(entry)] = entry
        if self._threads:
            self._jobs.put(entry)
        else:
            self._inline.append(entry)

    def next_result(self) -> tuple[Entry, bool | BaseException]:
        if self._inline:
            entry = self._inline.popleft()
            outcome = advance(entry)
        else:
            entry, outcome = self._results.get()
        self._held.pop(id(entry), None)
        return entry, outcome

    def drain(self) -> list[Entry]:
        """Wait for the parts being posted; the deliveries they belong to."""
        held = list(self._held.values())
        while self._held:
            self.next_result()
        return held
