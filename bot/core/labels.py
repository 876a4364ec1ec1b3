"""How the bot names things and writes amounts and dates, once for every renderer.

Slack's Block Kit, the console's text, the digest and the query parser's "understood"
chips all take their words from here, so a court record reads "Court" everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

from bot.core.knowledge.model import (
    Category,
    DatePrecision,
    Development,
    Penalty,
    PenaltyKind,
    Status,
)
from bot.core.knowledge.store import Store
from bot.core.lexicon.months import month_name

__all__ = [
    "CATEGORY_FILTER_LABELS",
    "CATEGORY_HEADINGS",
    "CATEGORY_LABELS",
    "CATEGORY_LABELS_ZH",
    "CATEGORY_NEWS_LABELS_ZH",
    "CATEGORY_ORDER",
    "DEFAULT_CURRENCY",
    "Language",
    "PENALTY_KIND_LABELS",
    "PENALTY_KIND_LABELS_ZH",
    "STATUS_LABELS",
    "STATUS_LABELS_ZH",
    "format_amount",
    "format_amount_in",
    "format_date",
    "format_day",
    "format_day_in",
    "format_money",
    "format_money_in",
    "format_number",
    "format_penalty",
    "format_status",
    "issue_label",
    "newsletter_labels",
]


CATEGORY_ORDER: tuple[Category, ...] = (
    Category.REGULATION,
    Category.ENFORCEMENT,
    Category.COURT,
    Category.INDUSTRY,
)
"""The order categories are listed in: digests, counts, help."""

CATEGORY_LABELS: dict[Category, str] = {
    Category.REGULATION: "Regulation",
    Category.ENFORCEMENT: "Enforcement",
    Category.COURT: "Court",
    Category.INDUSTRY: "Industry",
}
"""One development's category, as its facts line shows it."""

CATEGORY_HEADINGS: dict[Category, str] = {
    Category.REGULATION: "Regulation",
    Category.ENFORCEMENT: "Enforcement",
    Category.COURT: "Courts",
    Category.INDUSTRY: "Industry",
}
"""A section of developments of one category (digest headings, counts)."""

CATEGORY_FILTER_LABELS: dict[Category, str] = {
    Category.REGULATION: "laws and regulations",
    Category.ENFORCEMENT: "enforcement",
    Category.COURT: "courts",
    Category.INDUSTRY: "industry",
}
"""A category as a filter the user asked for ("understood: category laws and regulations")."""

STATUS_LABELS: dict[Status, str] = {
    Status.DRAFT: "draft for comment",
    Status.ADOPTED: "adopted",
    Status.IN_FORCE: "in force",
    Status.PROPOSED: "proposed",
}

PENALTY_KIND_LABELS: dict[PenaltyKind, str] = {
    PenaltyKind.FINE: "fine",
    PenaltyKind.CONFISCATION: "confiscation",
    PenaltyKind.COMPENSATION: "compensation",
    PenaltyKind.CRIMINAL_FINE: "criminal fine",
    PenaltyKind.OTHER: "other monetary penalty",
}

DEFAULT_CURRENCY = "CNY"


def format_number(value: Decimal) -> str:
    """``5500000`` -> ``5,500,000``; decimals kept only when present (``1,234.50``)."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_amount(value: Decimal, currency: str = DEFAULT_CURRENCY) -> str:
    """``Decimal("5500000")`` -> ``"CNY 5,500,000"``."""
    return f"{currency} {format_number(value)}"


def format_money(penalty: Penalty) -> str:
    """``CNY 5,500,000``; a range: ``CNY 10,000–70,000``."""
    text = format_amount(penalty.amount, penalty.currency)
    if penalty.amount_max is not None and penalty.amount_max != penalty.amount:
        text += f"–{format_number(penalty.amount_max)}"
    return text


def format_penalty(penalty: Penalty) -> str:
    """``CNY 5,500,000 fine (Shaoxin Bank)``."""
    return f"{format_money(penalty)} {PENALTY_KIND_LABELS[penalty.kind]} ({penalty.bearer})"


def format_day(day: dt.date) -> str:
    """``27 May 2022``."""
    return f"{day.day} {day:%B %Y}"


def format_date(dev: Development) -> str:
    """A development's date: ``27 May 2022``, or ``May 2022`` when only the month is known."""
    if dev.date_precision == DatePrecision.MONTH:
        return f"{dev.date:%B %Y}"
    return format_day(dev.date)


def format_status(dev: Development) -> str | None:
    """``adopted, in force from 1 September 2022``, ``draft for comment, comments until 18
    June 2022``; ``None`` when the record has no status."""
    if dev.status is None:
        return None
    status = STATUS_LABELS[dev.status]
    if dev.comment_deadline is not None:
        status += f", comments until {format_day(dev.comment_deadline)}"
    if dev.effective_date is not None:
        status += f", in force from {format_day(dev.effective_date)}"
    return status


# --- Chinese ----------------------------------------------------------------------------
# Answers to questions asked in Chinese (or by a user whose Slack locale is Chinese) state
# their facts in Chinese; Babel does the locale formatting of dates and numbers.

Language = Literal["en", "zh"]

CATEGORY_LABELS_ZH: dict[Category, str] = {
    Category.REGULATION: "法规",
    Category.ENFORCEMENT: "执法",
    Category.COURT: "司法",
    Category.INDUSTRY: "行业",
}

CATEGORY_NEWS_LABELS_ZH: dict[Category, str] = {
    Category.REGULATION: "法规动态",
    Category.ENFORCEMENT: "执法动态",
    Category.COURT: "司法动态",
    Category.INDUSTRY: "行业动态",
}
"""A development of a category without a fact to name it by (the section names of Chinese
newsletters): ``黑龙江省人大常委会法规动态（已通过）``."""

STATUS_LABELS_ZH: dict[Status, str] = {
    Status.DRAFT: "征求意见稿",
    Status.ADOPTED: "已通过",
    Status.IN_FORCE: "已生效",
    Status.PROPOSED: "拟制定",
}

PENALTY_KIND_LABELS_ZH: dict[PenaltyKind, str] = {
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATION: "没收违法所得",
    PenaltyKind.COMPENSATION: "赔偿",
    PenaltyKind.CRIMINAL_FINE: "罚金",
    PenaltyKind.OTHER: "其他罚没",
}

_CURRENCY_ZH = {"CNY": "元", "USD": "美元", "EUR": "欧元", "HKD": "港元", "GBP": "英镑"}


def format_day_in(day: dt.date, language: Language) -> str:
    """``27 May 2022``; in Chinese ``2022年5月27日``."""
    if language == "zh":
        from babel.dates import format_date as format_babel_date  # only for Chinese answers

        return format_babel_date(day, format="long", locale="zh_CN")
    return format_day(day)


def format_amount_in(value: Decimal, currency: str, language: Language) -> str:
    """``CNY 5,500,000``; in Chinese ``550万元`` (Babel's compact form, to two decimals)."""
    if language != "zh":
        return format_amount(value, currency)
    from babel.numbers import format_compact_decimal, format_decimal  # only for Chinese

    unit = _CURRENCY_ZH.get(currency, f" {currency}")
    if value >= 10_000:
        number = format_compact_decimal(value, locale="zh_CN", fraction_digits=2)
    else:
        number = format_decimal(value, locale="zh_CN")
    return f"{number}{unit}"


def format_money_in(penalty: Penalty, language: Language) -> str:
    """A penalty's amount, a range as ``1万元至7万元``/``CNY 10,000–70,000``."""
    if language != "zh":
        return format_money(penalty)
    text = format_amount_in(penalty.amount, penalty.currency, language)
    if penalty.amount_max is not None and penalty.amount_max != penalty.amount:
        text += "至" + format_amount_in(penalty.amount_max, penalty.currency, language)
    return text


def issue_label(issue_month: str, language: Language = "en") -> str:
    """``2022-05`` -> ``May 2022`` (``2022年5月``)."""
    year, month = (int(part) for part in issue_month.split("-"))
    return f"{year}年{month}月" if language == "zh" else f"{month_name(month)} {year}"


def newsletter_labels(devs: Iterable[Development], store: Store) -> dict[str, str]:
    """Newsletter id -> "its own title, issue" for every source of ``devs`` (the issue left
    out when the title already carries it): how answers and digests cite a newsletter."""
    out: dict[str, str] = {}
    for dev in devs:
        for source in dev.sources:
            newsletter = store.newsletters_by_id.get(source.newsletter)
            if newsletter is None or source.newsletter in out:
                continue
            issue = issue_label(newsletter.issue_month)
            title = newsletter.title
            out[source.newsletter] = title if issue in title else f"{title}, {issue}"
    return out
