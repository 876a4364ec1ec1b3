"""A month or day asked about without a year ("fines in June", "6月的罚款") is read as the
most recent one (for deadlines and effective dates, the coming one). When that finds
nothing but the same period of another year does, the answer says so plainly ("Nothing in
June 2026; June 2022 had 3 developments") and shows those, never switching in silence.
No I/O."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Protocol, TypeVar

from bot.core.answers.browse import plural
from bot.core.answers.chinese import span_zh
from bot.core.knowledge.model import Development
from bot.core.labels import Language
from bot.core.query.filters import DateField, Filters, describe_dates
from bot.core.query.parsed import ParsedQuery


def _day_of(dev: Development, field: DateField) -> date | None:
    if field == "effective":
        return dev.effective_date
    if field == "comment":
        return dev.comment_deadline
    return dev.date


def other_years(filters: Filters, devs: Iterable[Development]) -> list[int]:
    """The years the store's records have the date asked about in, other than the guessed
    one, nearest first (the later of two as near)."""
    guessed = filters.guessed_year
    if guessed is None:
        return []
    years = {day.year for dev in devs if (day := _day_of(dev, filters.date_field)) is not None}
    return sorted(years - {guessed}, key=lambda y: (abs(y - guessed), -y))


def in_year(parsed: ParsedQuery, year: int) -> ParsedQuery:
    """``parsed`` with its guessed period moved to ``year``, described again."""
    filters = parsed.filters.in_year(year)
    order = tuple(u for u in parsed.understood if u.label == "order")
    return replace(parsed, filters=filters, understood=(*filters.describe(), *order))


def switched_note(asked: Filters, shown: Filters, total: int, language: Language) -> str:
    """ "Nothing in June 2026; June 2022 had 3 developments (below)." """
    if language == "zh":
        lead = {"effective": "生效", "comment": "征求意见截止"}.get(asked.date_field, "")
        return f"{span_zh(asked)}没有{lead}相关动态；{span_zh(shown)}有{total}条（如下）。"
    was, now = describe_dates(asked), describe_dates(shown)
    count = plural(total, "development")
    ranged = was.startswith(("from ", "since ", "up to "))
    other = f"{now}: {count}" if ranged else f"{now} had {count}"
    on = "on " if asked.date_from is not None and asked.date_from == asked.date_to else "in "
    was = was if ranged else on + was
    if asked.date_field == "effective":
        return f"Nothing takes effect {was}; {other} (below)."
    if asked.date_field == "comment":
        return f"No comment period closes {was}; {other} (below)."
    return f"Nothing {was}; {other} (below)."


class _Counted(Protocol):
    @property
    def total(self) -> int: ...


F = TypeVar("F", bound=_Counted)


def first_other_year(
    parsed: ParsedQuery, devs: Iterable[Development], run: Callable[[ParsedQuery], F]
) -> tuple[ParsedQuery, F] | None:
    """The nearest other year whose same period matches (``run`` answers a query), or
    ``None``."""
    for year in other_years(parsed.filters, devs):
        moved = in_year(parsed, year)
        found = run(moved)
        if found.total:
            return moved, found
    return None
