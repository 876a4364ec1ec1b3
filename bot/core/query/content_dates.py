"""Dates and years a record's text refers to, as periods: "in April 2022" is April 2022,
"Clear Net 2021" the year 2021, "dated 28 April" that day (in the year of the record, or
the year before when the month lies after the record's own date).

Used when a period matches nothing by publication date: statistics about an earlier year,
events of April reported in May. No I/O.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from bot.core.knowledge.model import Development
from bot.core.lexicon.months import month_alternation, month_end, month_number

Span = tuple[date, date]

_MONTH = rf"(?P<mn>{month_alternation()})\.?"
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,\s*(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d,.-])(?P<y>(?:19|20)\d\d)(?![\d,.]*\d)")
_CJK_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*年(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?"
)


def _text(dev: Development) -> str:
    return " \n ".join([dev.title, dev.summary, *(s.headline for s in dev.sources)])


def _safe(year: int, month: int, day: int | None) -> Span | None:
    try:
        if day is None:
            return date(year, month, 1), month_end(year, month)
        one = date(year, month, day)
    except ValueError:
        return None
    return one, one


def spans_in(text: str, reference: date) -> tuple[Span, ...]:
    """Every period ``text`` refers to; a day without a year is read relative to
    ``reference`` (the record's date)."""
    found: list[Span] = []
    work = text
    for regex in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _MONTH_YEAR, _CJK_DATE):
        for match in regex.finditer(work):
            groups = match.groupdict()
            month = month_number(groups["mn"]) if groups.get("mn") else None
            if month is None and groups.get("m"):
                month = int(groups["m"])
            day = int(groups["d"]) if groups.get("d") else None
            year = int(groups["y"])
            span = (
                _safe(year, month, day)
                if month is not None
                else (date(year, 1, 1), date(year, 12, 31))
            )
            if span:
                found.append(span)
        work = regex.sub(lambda m: " " * len(m.group(0)), work)
    for match in _DAY_MONTH.finditer(work):
        month = month_number(match.group("mn"))
        year = reference.year - (1 if month > reference.month else 0)
        span = _safe(year, month, int(match.group("d")))
        if span:
            found.append(span)
    work = _DAY_MONTH.sub(lambda m: " " * len(m.group(0)), work)
    for match in _YEAR.finditer(work):
        year = int(match.group("y"))
        found.append((date(year, 1, 1), date(year, 12, 31)))
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=4096)
def _cached(text: str, reference: date) -> tuple[Span, ...]:
    return spans_in(text, reference)


def content_spans(dev: Development) -> tuple[Span, ...]:
    """The periods a development's text refers to (its own date included when written)."""
    return _cached(_text(dev), dev.date)
