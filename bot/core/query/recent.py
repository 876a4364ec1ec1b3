"""Periods counted back from today that have no fixed name: quarters ("last quarter",
"this quarter", 上季度), the year so far ("year to date", "ytd", "since the start of the
year", 今年以来), and a number of days, weeks, months or years written in words or Chinese
("the last two weeks", "最近一个月", "近三个月"). No I/O."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.lexicon.months import month_end

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1,
    "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "十": 10, "十二": 12,
}  # fmt: skip
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_ZH_UNITS = {"天": "day", "日": "day", "周": "week", "星期": "week", "礼拜": "week"}
_ZH_UNITS |= {"月": "month", "年": "year"}

RECENT_WORDS = (
    r"(?:last|this|past|previous|current|next|coming)\s+quarter|year\s+to\s+date|ytd|"
    r"so\s+far\s+this\s+year|this\s+year\s+so\s+far|the\s+(?:start|beginning)\s+of\s+"
    r"(?:the|this)\s+year|上个?季度|本季度|这个季度|下个?季度|今年以来|年初至今|今年迄今"
)
"""What ``recent_span`` reads (the date patterns' ``rel`` words beside the named ones)."""
NUMBER_RE = r"\d{1,3}|" + "|".join(sorted((w for w in NUMBER_WORDS if w.isascii()), key=len))
ZH_RECENT = (
    r"(?:最近|近|过去)(?P<zn>\d{1,3}|十二|[一两二三四五六七八九十])\s*个?\s*"
    r"(?P<zunit>天|日|周|星期|礼拜|月|年)"
)


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def zh_unit(word: str) -> str:
    return _ZH_UNITS[word]


def _quarter(year: int, q: int) -> tuple[date, date]:
    while q < 1:
        year, q = year - 1, q + 4
    while q > 4:
        year, q = year + 1, q - 4
    return date(year, 3 * q - 2, 1), month_end(year, 3 * q)


def recent_span(word: str, today: date) -> tuple[date, date] | None:
    """The days ``word`` (one of ``RECENT_WORDS``) names, counted from ``today``."""
    word = " ".join(word.lower().split())
    q = (today.month - 1) // 3 + 1
    if word in {"last quarter", "past quarter", "previous quarter", "上季度", "上个季度"}:
        return _quarter(today.year, q - 1)
    if word in {"this quarter", "current quarter", "本季度", "这个季度"}:
        return _quarter(today.year, q)[0], today
    if word in {"next quarter", "coming quarter", "下季度", "下个季度"}:
        return _quarter(today.year, q + 1)
    if word.startswith(("year", "ytd", "so far", "this year", "the start", "the beginning")):
        return date(today.year, 1, 1), today
    if word in {"今年以来", "年初至今", "今年迄今"}:
        return date(today.year, 1, 1), today
    return None


def back(today: date, n: int, unit: str, *, forward: bool = False) -> tuple[date, date]:
    days = UNIT_DAYS[unit] * n
    return (
        (today, today + timedelta(days=days)) if forward else (today - timedelta(days=days), today)
    )
