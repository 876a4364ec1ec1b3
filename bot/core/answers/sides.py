"""The two sides of a comparison ("compare fines in Henan and Zhejiang"), each a query of
its own that borrows from the other side what it does not name. No I/O."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.core.query.parsed import ParsedQuery

Parse = Callable[[str], ParsedQuery]

_SPLIT = re.compile(
    r"\s+(?:and|vs\.?|versus|with|against|or|to|than(?!\s+[\d¥$]))\s+|和|与|跟|同|还是",
    re.IGNORECASE,
)
_COMPARE_WORDS = re.compile(r"\bcompare[sd]?\b|\bcompared\b|比较|对比|相比", re.IGNORECASE)


def compare_sides(text: str, parse: Parse) -> list[tuple[str, ParsedQuery]] | None:
    """The two sides of "compare fines in Henan and Zhejiang": each side parsed, then given
    the other side's filters of the kinds it does not name itself."""
    body = _COMPARE_WORDS.sub(" ", text)
    pieces = _SPLIT.split(body, maxsplit=1)
    if len(pieces) != 2:
        return None
    left, right = parse(pieces[0]), parse(pieces[1])
    if right.filters.is_empty and left.filters.has_dates:  # "April or May?": May the month
        right = parse(f"in {pieces[1]}")
    if left.filters.is_empty or right.filters.is_empty:
        return None
    sides = []
    for me, other in ((left, right), (right, left)):
        mine = me.filters
        theirs = other.filters
        typed = theirs.has_dates and not theirs.year_guessed and theirs.date_from is not None
        moved = mine.year_guessed and typed  # "April and May 2022": April of 2022 too
        if moved and theirs.date_from is not None:
            mine = mine.in_year(theirs.date_from.year)
        merged = replace(
            mine,
            categories=mine.categories or theirs.categories,
            statuses=mine.statuses or theirs.statuses,
            monetary_penalty=mine.monetary_penalty or theirs.monetary_penalty,
            penalty_kinds=mine.penalty_kinds or theirs.penalty_kinds,
            regions=mine.regions or theirs.regions,
            concepts=mine.concepts or theirs.concepts,
            date_from=mine.date_from if mine.has_dates else theirs.date_from,
            date_to=mine.date_to if mine.has_dates else theirs.date_to,
            months_of_year=mine.months_of_year if mine.has_dates else theirs.months_of_year,
            year_guessed=mine.year_guessed if mine.has_dates else theirs.year_guessed,
        )
        understood = merged.describe() if moved else me.understood
        side = replace(me, filters=merged, terms=(), understood=understood)
        sides.append((side_label(side), side))
    return sides


def side_label(parsed: ParsedQuery) -> str:
    f = parsed.filters
    if f.regions:
        return " or ".join(f.regions)
    if f.concepts:
        return " and ".join(c.value for c in f.concepts)
    if f.has_dates:
        return next((u.value for u in parsed.understood if u.label == "date"), "period")
    return ", ".join(u.value for u in parsed.understood) or "all"
