"""Dates as newsletters print them, normalised, with the year inferred when it is missing.

Recognised: "May 27, 2022", "May 24", "19 May", "26 May, 2022", "2022-05-27",
"2022年5月27日", "5月27日", and month-only "In May" / "in April 2022" / "2022年5月"
(month precision). A date-shaped text that is no date ("31 February 2024", "2024-13-45") is
named as such by ``impossible_dates``. A date without a year takes the year that puts it
closest to the issue's month, looking back further than forward: in a January issue
"December 28" is the previous December.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.knowledge.model import DatePrecision
from bot.core.lexicon.months import MONTHS, month_alternation

# Month names must be capitalised ("May 5", not "companies may 5").
_MONTH = month_alternation(capitalised=True)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(rf"\b(?P<year>{_YEAR})-(?P<month>0?[1-9]|1[0-2])-(?P<day>[0-3]?\d)\b")),
    (
        "cjk",
        re.compile(
            r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?(?P<month>1[0-2]|0?[1-9])\s*月\s*"
            r"(?P<day>[12]\d|3[01]|0?[1-9])\s*[日号]"
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"\b(?P<mname>{_MONTH})\.?\s+(?P<day>{_DAY})\b(?!\s*(?:%|per\b))"
            rf"(?:\s*,?\s*(?P<year>{_YEAR})\b)?"
        ),
    ),
    (
        "dmy",
        re.compile(rf"\b(?P<day>{_DAY})\s+(?P<mname>{_MONTH})\b(?:\s*,?\s*(?P<year>{_YEAR})\b)?"),
    ),
    (
        "month",
        re.compile(
            rf"\b(?:[Ii]n|[Dd]uring|[Ss]ince|[Tt]hroughout)\s+(?:early\s+|mid-?\s*|late\s+)?"
            rf"(?P<mname>{_MONTH})\b(?:\s*,?\s*(?P<year>{_YEAR})\b)?"
        ),
    ),
    (
        "cjk_month",
        re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<month>1[0-2]|0?[1-9])\s*月(?!\s*\d)"),
    ),
)

_DATE_SHAPED: tuple[re.Pattern[str], ...] = (
    # what looks like a date even when its numbers are out of range
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(
        r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]"
    ),
)

_NOT_EVENT = re.compile(
    r"(?:into\s+(?:force|effect)|take[sn]?\s+effect|effective|valid|deadline|until|before|by"
    r"|no later than|expire[sd]?)\s+(?:from\s+|on\s+|as of\s+|since\s+)?$",
    re.IGNORECASE,
)
_EFFECTIVE = re.compile(
    r"(?:(?:come|comes|came|coming|entered|enter|enters)\s+into\s+(?:force|effect)"
    r"|take[sn]?\s+effect|took\s+effect|(?:be|become|becomes)\s+effective|effective)"
    r"\s+(?:from|on|as of|since)?\s*$",
    re.IGNORECASE,
)


class NotADate(ValueError):
    """A day that does not exist in its month ("31 February 2024"); ``str()`` says so."""


def _named(year: int, month: int, day: int) -> str:
    month_name = dt.date(2000, month, 1).strftime("%B") if 1 <= month <= 12 else f"month {month}"
    return f"{day} {month_name} {year}"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    month: int
    day: int | None  # None: month precision
    year: int | None  # None: to be inferred

    @property
    def precision(self) -> DatePrecision:
        return DatePrecision.DAY if self.day is not None else DatePrecision.MONTH


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", text.strip())
        if not match:
            if re.fullmatch(r"\d{4}-\d{1,2}", text.strip()):
                raise ValueError(f"{text.strip()} is not a month (months run from 01 to 12)")
            raise ValueError(f"not a month (YYYY-MM): {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return dt.date(self.year, self.month, 1).strftime("%B %Y")


def find_dates(text: str) -> list[DateMention]:
    """Every date mentioned in ``text``, in order; overlapping matches keep the first found."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for _kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            groups = match.groupdict()
            month = MONTHS[groups["mname"].lower()] if groups.get("mname") else int(groups["month"])
            day_text = groups.get("day")
            day = int(re.sub(r"\D", "", day_text)) if day_text else None
            year = int(groups["year"]) if groups.get("year") else None
            if day is not None and not _valid_day(year, month, day):
                continue
            found.append(DateMention(start, end, month, day, year))
            taken.append((start, end))
    return sorted(found, key=lambda m: m.start)


def impossible_dates(text: str) -> list[str]:
    """Each date-shaped text in ``text`` that is no date, as "31 February 2024 is not a
    date" (a day the month lacks, a 13th month); "29 February" without a year passes."""
    found: list[tuple[int, str]] = []
    for _kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            day_text = groups.get("day")
            if not day_text:
                continue
            month = MONTHS[groups["mname"].lower()] if groups.get("mname") else int(groups["month"])
            year = int(groups["year"]) if groups.get("year") else None
            if not _valid_day(year, month, int(re.sub(r"\D", "", day_text))):
                found.append((match.start(), f"{_printed(match.group(0))} is not a date"))
    for pattern in _DATE_SHAPED:
        for match in pattern.finditer(text):
            year, month, day = (int(match.group(g)) for g in ("year", "month", "day"))
            if not _valid_day(year, month, day) and all(
                start != match.start() for start, _ in found
            ):
                found.append((match.start(), f"{_printed(match.group(0))} is not a date"))
    return [message for _start, message in sorted(found)]


def _printed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,")


def _valid_day(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: 29 February passes
    except ValueError:
        return False
    return True


def lead_date(text: str) -> DateMention | None:
    """The date an item happened: its first event date.

    Dates introduced as deadlines or entry into force ("come into force from July 1") are
    not event dates. A month-only date ("In May,") leads only when no day is given before it.
    """
    for mention in find_dates(text):
        if _NOT_EVENT.search(text[max(0, mention.start - 40) : mention.start]):
            continue
        return mention
    return None


def effective_mention(text: str) -> DateMention | None:
    """The date a text comes into force, when it says so ("come into force from July 1")."""
    for mention in find_dates(text):
        if mention.day is not None and _EFFECTIVE.search(
            text[max(0, mention.start - 50) : mention.start]
        ):
            return mention
    return None


def resolve(
    mention: DateMention,
    reference: YearMonth,
    *,
    back: int = 9,
    ahead: int = 2,
) -> dt.date:
    """The date of ``mention``; a missing year is the one within ``back`` months before and
    ``ahead`` months after ``reference`` (12 months in all, so exactly one fits)."""
    if mention.year is not None:
        year = mention.year
    else:
        candidates = (reference.year - 1, reference.year, reference.year + 1)
        deltas = {y: (y * 12 + mention.month - 1) - reference.index for y in candidates}
        fitting = [y for y in candidates if -back <= deltas[y] <= ahead]
        year = fitting[-1] if fitting else min(candidates, key=lambda y: abs(deltas[y]))
    try:
        return dt.date(year, mention.month, mention.day or 1)
    except ValueError:  # 29 February in a year found not to be a leap year
        raise NotADate(f"{_named(year, mention.month, mention.day or 1)} is not a date") from None


def issue_month(mentions: Iterable[DateMention]) -> YearMonth | None:
    """The month a newsletter covers, from the dates of its items.

    Dates that print their year fix the reference; the month is the most common among all
    items' dates once resolved (ties: the later month). ``None`` when no date has a year.
    """
    mentions = list(mentions)
    explicit = [YearMonth(m.year, m.month) for m in mentions if m.year is not None]
    if not explicit:
        return None
    counts = Counter(explicit)
    reference = max(counts, key=lambda ym: (counts[ym], ym.index))
    resolved = Counter(
        YearMonth(d.year, d.month) for d in (resolve(m, reference) for m in mentions)
    )
    return max(resolved, key=lambda ym: (resolved[ym], ym.index))
