"""``sources``: the editors' list of watched feeds and pages, the same in Slack
(``/pi sources ...``) and the CLI (``python -m bot sources ...``). Answers are plain-text
lines; the Slack side escapes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.sources_command import SourcesUsageError, parse_sources_command
from bot.core.knowledge.sources_report import publisher_lines, publisher_stats, source_lines
from bot.core.knowledge.watch import Cadence, WatchedSource
from bot.edge.state.sources import IntakeRepository, SourceExists


@dataclass(frozen=True)
class SourcesReply:
    lines: list[str]
    ok: bool = True
    """False when nothing was done (a malformed command, an unknown source, a refused
    address)."""


def refused(line: str) -> SourcesReply:
    return SourcesReply([line], ok=False)


AddressCheck = Callable[[str], str | None]
"""An address's problem in one line (a scheme or host that may not be fetched), or None."""


class SourcesDesk:
    def __init__(
        self,
        repo: IntakeRepository,
        knowledge: Callable[[], KnowledgeFile],
        now: Callable[[], dt.datetime],
        check_address: AddressCheck | None = None,
    ) -> None:
        self.repo = repo
        self.knowledge = knowledge
        self.now = now
        self.check_address = check_address

    def run(self, rest: str, *, user: str) -> SourcesReply:
        """The reply to ``sources REST`` by ``user`` (an editor: the caller checks)."""
        try:
            command = parse_sources_command(rest)
        except SourcesUsageError as exc:
            return refused(str(exc))
        if command.action == "add":
            assert command.url is not None
            return self._add(command.url, command.cadence, command.name, user)
        if command.action == "remove":
            return self._remove(command.url, command.number)
        return SourcesReply(self.listing())

    def listing(self) -> list[str]:
        return [
            "Watched sources:",
            *source_lines(self.repo.sources()),
            "Publishers:",
            *publisher_lines(publisher_stats(self.knowledge())),
        ]

    def _add(self, url: str, cadence: Cadence, name: str, user: str) -> SourcesReply:
        problem = self.check_address(url) if self.check_address else None
        if problem:
            return refused(f"{problem}. Nothing was added.")
        source = WatchedSource(
            url=url,
            cadence=cadence,
            name=name,
            added_by=user,
            added_at=self.now(),
        )
        try:
            added = self.repo.add_source(source)
        except SourceExists:
            return refused(f"{url} is watched already (see `sources`).")
        label = f"{added.name} ({added.url})" if added.name else added.url
        return SourcesReply(
            [
                f"Watching {label} {added.cadence}. New entries wait for review; the first "
                "poll is at the clock's next run."
            ]
        )

    def _remove(self, url: str | None, number: int | None) -> SourcesReply:
        sources = self.repo.sources()
        if number is not None:
            if number > len(sources):
                return refused(
                    f"There is no source number {number}; `sources` lists {len(sources)}."
                )
            target = sources[number - 1]
        else:
            found = [s for s in sources if s.url == url]
            if not found:
                return refused(f"{url} is not watched (see `sources`).")
            target = found[0]
        assert target.id is not None
        self.repo.remove_source(target.id)
        return SourcesReply(
            [f"No longer watching {target.url}. What it brought in stays in the store."]
        )
