"""Date expressions in questions: ISO, English and Chinese dates, months with or without a
year, relative periods, with prepositions ("since", "before") and suffixes (以来)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.core.lexicon.months import month_alternation, month_end, month_number
from bot.core.query.filters import day_label
from bot.core.query.parsed import QueryError
from bot.core.query.periods import Period
from bot.core.query.recent import (
    NUMBER_RE,
    RECENT_WORDS,
    ZH_RECENT,
    back,
    number,
    recent_span,
    zh_unit,
)

_MONTH_RE = month_alternation() + r"\.?"
_PREP_RE = (
    r"(?:(?P<prep>since|after|from|starting|between|before|until|till|through|up\s+to|"
    r"prior\s+to|in|on|during|and|to|by)\s+)?"
)
_SUFFIX_RE = r"(?P<suf>\s*(?:以来|之后|以后|之前|以前|起))?"

# --- date expressions -------------------------------------------------------------------

_YEAR = r"(?P<y>(?:19|20)\d\d)"


def _date_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Date expressions, most specific first; each may carry a preposition or suffix."""
    specs = [
        ("ymd", rf"{_YEAR}[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?![\d])"),
        ("ym", rf"{_YEAR}[-/.](?P<m>\d{{1,2}})(?![\d./-])"),
        ("ymd", rf"{_YEAR}\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]?"),
        ("ym", rf"{_YEAR}\s*年\s*(?P<m>\d{{1,2}})\s*月(?:份)?"),
        ("md", r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),
        ("m", r"(?P<m>\d{1,2})\s*月(?:份)?"),
        ("y", rf"{_YEAR}\s*年(?:度)?"),
        (
            "ymd",
            rf"(?P<mn>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}(?![\d])",
        ),
        (
            "ymd",
            rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn>{_MONTH_RE}),?\s+{_YEAR}"
            r"(?![\d])",
        ),
        ("ym", rf"(?P<mn>{_MONTH_RE}),?\s+(?:of\s+)?{_YEAR}(?![\d])"),
        ("ym", rf"{_YEAR}\s+(?P<mn>{_MONTH_RE})(?![a-z])"),
        ("md", rf"(?P<mn>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d,.]*\d)"),
        ("md", rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn>{_MONTH_RE})(?![a-z])"),
        ("rel", rf"(?P<rel>{RECENT_WORDS})"),
        ("rel", r"(?P<rel>(?:last|this|past|previous|current|next|coming)\s+(?:week|month|year))"),
        (
            "reln",
            rf"(?P<dir>last|past|previous|next|coming)\s+(?P<n>{NUMBER_RE})\s+"
            r"(?P<unit>days?|weeks?|months?|years?)",
        ),
        ("reln", ZH_RECENT),
        (
            "rel",
            r"(?P<rel>today|yesterday|上个月|上月|本月|这个月|下个月|下月|今年|去年|明年|"
            r"本周|上周|下周|今天|昨天)",
        ),
        ("y", rf"(?<![\d,.]){_YEAR}(?![\d,.]*\d)"),
        ("mname", rf"(?P<mn>{_MONTH_RE})(?![a-z])"),
    ]
    return [
        (kind, re.compile(rf"(?<![A-Za-z0-9_]){_PREP_RE}{body}{_SUFFIX_RE}", re.IGNORECASE))
        for kind, body in specs
    ]


DATE_PATTERNS = _date_patterns()


@dataclass
class DateState:
    date_from: date | None = None
    date_to: date | None = None
    months: set[int] = field(default_factory=set)
    days: set[tuple[int, int]] = field(default_factory=set)
    pending_range: bool = False
    forward: bool = False
    """The dates are deadlines or effective dates: a month without a year is the coming one."""
    year_hint: int | None = None
    """A year typed elsewhere in the question, which a month without a year takes."""
    guessed: bool = False
    """A month or day was given without a year and none was typed: its year is inferred."""


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _relative_span(word: str, today: date) -> tuple[date, date]:
    word = re.sub(r"\s+", " ", word.lower())
    if word in {"last month", "previous month", "past month", "上个月", "上月"}:
        y, m = _shift_month(today.year, today.month, -1)
        return date(y, m, 1), month_end(y, m)
    if word in {"this month", "current month", "本月", "这个月"}:
        return today.replace(day=1), today
    if word in {"last year", "previous year", "去年"}:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if word in {"this year", "current year", "今年"}:
        return date(today.year, 1, 1), today
    if word in {"past year"}:
        return today - timedelta(days=365), today
    if word in {"last week", "past week", "previous week", "上周"}:
        return today - timedelta(days=7), today
    if word in {"this week", "current week", "本周"}:
        return today - timedelta(days=today.weekday()), today
    if word in {"next month", "coming month", "下个月", "下月"}:
        y, m = _shift_month(today.year, today.month, 1)
        return date(y, m, 1), month_end(y, m)
    if word in {"next year", "coming year", "明年"}:
        return date(today.year + 1, 1, 1), date(today.year + 1, 12, 31)
    if word in {"next week", "coming week", "下周"}:
        monday = today + timedelta(days=7 - today.weekday())
        return monday, monday + timedelta(days=6)
    if word in {"yesterday", "昨天"}:
        return today - timedelta(days=1), today - timedelta(days=1)
    return today, today  # today / 今天


def _safe_date(year: int, month: int, day: int, shown: str) -> date:
    if not 1 <= month <= 12:
        raise QueryError(f"{shown} is not a date: months run from 1 to 12.")
    try:
        return date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1]
        raise QueryError(
            f"{shown} is not a date: {calendar.month_name[month]} {year} has {last} days."
        ) from None


def _recent(month: int, day: int | None, today: date) -> date:
    """The most recent ``month`` (and ``day``) on or before ``today``."""
    year = today.year
    candidate = (month, day or 1)
    if candidate > (today.month, today.day):
        year -= 1
    return date(year, month, 1)


def _coming(month: int, day: int | None, today: date) -> date:
    """The next ``month`` (and ``day``) from ``today`` on (this month counts)."""
    candidate = (month, day or 31)
    year = today.year if candidate >= (today.month, today.day) else today.year + 1
    return date(year, month, 1)


def _year_of(month: int, day: int | None, state: DateState, today: date) -> int:
    """The year of a month (and day) typed without one: a year typed elsewhere, else the
    most recent such month not in the future (the coming one for deadlines and effective
    dates), marked as a guess so an empty answer can say what other years hold."""
    if state.year_hint is not None:
        return state.year_hint
    state.guessed = True
    year = (_coming if state.forward else _recent)(month, day, today).year
    step = 1 if state.forward else -1
    while day is not None and day > calendar.monthrange(year, month)[1]:
        year += step  # 29 February: the nearest leap year that way
    return year


def apply_date(match: re.Match[str], kind: str, state: DateState, today: date) -> str:
    """Fold one date expression into ``state``; return its canonical description."""
    groups = match.groupdict()
    shown = match.group(0).strip()
    prep = re.sub(r"\s+", " ", (groups.get("prep") or "").lower())
    suffix = (groups.get("suf") or "").strip()
    start: date
    end: date
    if kind in {"ymd", "ym", "y"}:
        year = int(groups["y"])
        if kind == "y":
            start, end = date(year, 1, 1), date(year, 12, 31)
        else:
            month = month_number(groups["mn"]) if groups.get("mn") else int(groups["m"])
            if kind == "ym":
                start = _safe_date(year, month, 1, shown)
                end = month_end(year, month)
            else:
                start = end = _safe_date(year, month, int(groups["d"]), shown)
    elif kind in {"md", "m", "mname"}:
        month = month_number(groups["mn"]) if groups.get("mn") else int(groups["m"])
        day = int(groups["d"]) if groups.get("d") else None
        if not 1 <= month <= 12:
            raise QueryError(f"{shown} is not a date: months run from 1 to 12.")
        if day is not None:
            _safe_date(2000, month, day, shown)  # 2000 is a leap year: 29 Feb is allowed
        year = _year_of(month, day, state, today)
        if day is not None:
            start = end = _safe_date(year, month, day, shown)
        else:
            start, end = date(year, month, 1), month_end(year, month)
    elif kind == "reln":  # "the last 30 days", "the past two weeks", "最近一个月"
        if groups.get("zn"):
            n, unit, ahead = number(groups["zn"]), zh_unit(groups["zunit"]), False
        else:
            n, unit = number(groups["n"]), groups["unit"].lower().rstrip("s")
            ahead = groups["dir"].lower() in {"next", "coming"}
        start, end = back(today, n, unit, forward=ahead)
    else:
        start, end = recent_span(groups["rel"], today) or _relative_span(groups["rel"], today)

    if suffix in {"以来", "之后", "以后", "起"}:
        prep = "since" if suffix != "之后" and suffix != "以后" else "after"
    elif suffix in {"之前", "以前"}:
        prep = "before"
    if prep in {"and", "to"} and state.pending_range:
        prep = "until"
    state.pending_range = prep in {"from", "between"}
    if prep in {"since", "from", "starting", "between"}:
        state.date_from = max(filter(None, (state.date_from, start)))
        return f"since {day_label(start)}"
    if prep == "after":
        after = end + timedelta(days=1)
        state.date_from = max(filter(None, (state.date_from, after)))
        return f"after {day_label(end)}"
    if prep in {"before", "prior to"}:
        before = start - timedelta(days=1)
        state.date_to = min(filter(None, (state.date_to, before)))
        return f"before {day_label(start)}"
    if prep in {"until", "till", "through", "up to", "by"}:
        state.date_to = min(filter(None, (state.date_to, end)))
        return f"up to {day_label(end)}"
    state.date_from = max(filter(None, (state.date_from, start)))
    state.date_to = min(filter(None, (state.date_to, end)))
    return ""


def apply_period(period: Period, state: DateState) -> None:
    """Fold a period (``periods.find_periods``) into ``state``: its days, or the days before,
    after, since or until it."""
    state.guessed = state.guessed or period.guessed
    if period.prep == "before":
        before = period.start - timedelta(days=1)
        state.date_to = min(filter(None, (state.date_to, before)))
    elif period.prep == "after":
        after = period.end + timedelta(days=1)
        state.date_from = max(filter(None, (state.date_from, after)))
    elif period.prep == "since":
        state.date_from = max(filter(None, (state.date_from, period.start)))
    elif period.prep == "until":
        state.date_to = min(filter(None, (state.date_to, period.end)))
    else:
        state.date_from = max(filter(None, (state.date_from, period.start)))
        state.date_to = min(filter(None, (state.date_to, period.end)))


EFFECTIVE = re.compile(
    r"(?<![\w])(?:tak(?:e|es|ing)\s+effect|took\s+effect|(?:come|comes|coming|came)\s+into\s+"
    r"(?:force|effect)|enter(?:s|ed|ing)?\s+into\s+force|in\s+force|effective(?:\s+date)?|"
    r"go(?:es)?\s+live)(?![\w])|生效|施行",
    re.IGNORECASE,
)
"""Words that make a question's dates effective dates ("taking effect in July 2022")."""


def month_name_is_date(match: re.Match[str]) -> bool:
    """A bare month name is a date unless it is also a common word ("may", "march") with
    no preposition before it."""
    word = match.group("mn").lower().rstrip(".")
    ambiguous = word in {"may", "march", "mar", "jan", "jun", "dec", "sep", "oct", "nov"}
    return bool(match.group("prep")) or not ambiguous


COMMENT_CLOSING: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"(?<![\w])comments?\s+(?:deadlines?|periods?|closing\s+dates?)(?:\s+(?:clos|end|expir)"
        r"(?:e|es|ed|ing|s)?)?(?![\w])",
        r"(?<![\w])deadlines?\s+for\s+(?:public\s+)?comments?(?![\w])",
        r"(?<![\w])(?P<v>clos(?:e|es|ed|ing)|end(?:s|ed|ing)?)\s+for\s+(?:public\s+)?comments?",
        r"(?<![\w])(?:consultations?|drafts?|comments?)\s+(?:that\s+|which\s+)?(?:are\s+|is\s+)?"
        r"(?P<v>clos(?:e|es|ed|ing)|end(?:s|ed|ing)?|due)(?![\w])",
        r"(?P<v>(?:意见反馈|反馈意见|征求意见)?截止(?:日期|时间)?)",
    )
)
"""Words that make a question's dates comment deadlines ("drafts closing for comment in
June", "comment deadlines next month", "consultations that close in July", "截止"): only
the part in ``v`` is taken when there is one, so "for comment" still names drafts."""
