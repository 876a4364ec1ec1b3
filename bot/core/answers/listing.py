"""The commands that list developments: ``fines [filters]`` (largest first) and ``latest
[N] [filters]`` (newest first), the part of a request's context they use (the engine's
context extends it; its ``_run`` finds and pages). No Slack imports."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.answers.answer import Answer
from bot.core.answers.explain import Explain
from bot.core.answers.intent import Intent
from bot.core.answers.other_years import switched_note
from bot.core.answers.questions import Found, find, fines_proper
from bot.core.answers.search.ranking import Order
from bot.core.query.parsed import ParsedQuery

MAX_PAGE = 50
DEFAULT_LATEST = 5


class Listing(Explain):
    offset: int
    page_size: int
    whole: bool
    """The whole list, not a page (what a question about the list is asked of)."""

    def _run(
        self,
        parsed: ParsedQuery,
        *,
        order: Order,
        label: str,
        cap: int | None = None,
        intent: Intent | None = None,
        notes: tuple[str, ...] = (),
    ) -> Answer:
        raise NotImplementedError

    def fines(self, rest: str) -> Answer:
        parsed = self.parse(rest, about_money=True)
        filters = replace(parsed.filters, monetary_penalty=True)
        understood = filters.describe()
        parsed = replace(parsed, filters=filters, understood=understood)
        if parsed.errors:
            return self._parse_error(parsed)
        return self._run(parsed, order="amount", label="largest first")

    def latest(self, rest: str) -> Answer:
        """``latest N``: the N newest; plain ``latest``: every development, newest first,
        a page at a time (so "more" continues past the first page)."""
        cap: int | None = None
        match = re.match(r"(\d{1,6})\b\s*(.*)$", rest)
        if match:
            cap = min(MAX_PAGE, max(1, int(match.group(1))))
            rest = match.group(2)
        elif not self.whole:
            self.page_size = min(self.page_size, DEFAULT_LATEST)
        parsed = self.parse(rest)
        if parsed.errors:
            return self._parse_error(parsed)
        return self._run(parsed, order="date", label="newest first", cap=cap)

    def _fines_there(
        self, asked: ParsedQuery, found: Found, order: Order, whole: bool, page_size: int
    ) -> Found:
        """What ``find`` found in another year's period, with "fines" meaning fines there
        as it would have in the period asked (``fines_proper``), the note counting those."""
        proper, note = fines_proper(found.parsed, self.query, self.store, self.gaz, self.lang)
        if note is None:
            return found
        was = switched_note(asked.filters, found.parsed.filters, found.result.total, self.lang)
        again = find(
            self.store,
            proper,
            self.gaz,
            order=order,
            offset=0 if whole else self.offset,
            limit=None if whole else max(page_size, 1),
            language=self.lang,
        )
        now = switched_note(asked.filters, proper.filters, again.result.total, self.lang)
        notes = tuple(now if n == was else n for n in found.notes)
        return replace(again, notes=(*notes, note))
