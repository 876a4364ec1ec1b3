"""Month names (English, full and abbreviated) and Chinese date characters."""

from __future__ import annotations

import calendar
import datetime as dt

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
"""Every English spelling of a month that dates are written with, lower case."""

CJK_YEAR, CJK_MONTH, CJK_DAY = "年", "月", "[日号]"
"""The characters after the numbers of a Chinese date (2022年6月22日, 6月22号)."""


def month_alternation(*, capitalised: bool = False) -> str:
    """A regex alternation of every month name, longest first (so "June" beats "Jun").

    ``capitalised``: only "May", "June"... as newsletters print them, so that "companies may
    5" is not a date; otherwise lower case, for text already folded (queries)."""
    names = sorted(MONTHS, key=len, reverse=True)
    if capitalised:
        names = [name.capitalize() for name in names]
    return "(?:" + "|".join(names) + ")"


def month_number(word: str) -> int:
    """``"Sept."`` -> 9; raises ``KeyError`` for a word that is not a month."""
    return MONTHS[word.lower().rstrip(".")]


def month_end(year: int, month: int) -> dt.date:
    """The last day of the month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def impossible_date(year: int, month: int, day: int) -> str | None:
    """Why (year, month, day) is no date, in words ("31 February 2024 is not a date"), or
    ``None`` when it is one."""
    try:
        dt.date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            return f"{day} {calendar.month_name[month]} {year} is not a date"
        return f"{year}-{month:02d}-{day:02d} is not a date"
    return None


def month_name(month: int) -> str:
    """``5`` -> ``May`` (English, whatever the process locale)."""
    return calendar.month_name[month]
