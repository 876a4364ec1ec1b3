"""How the bot names things and writes amounts and dates, once for every renderer.

Slack's Block Kit, the console's text, the digest and the query parser's "understood"
chips all take their words from here, so a court record reads "Court" everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.core.knowledge.model import (
    Category,
    DatePrecision,
    Development,
    Penalty,
    PenaltyKind,
    Status,
)

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
    """``adopted, in force from 1 September 2022``; ``None`` when the record has no status."""
    if dev.status is None:
        return None
    status = STATUS_LABELS[dev.status]
    if dev.effective_date is not None:
        status += f", in force from {format_day(dev.effective_date)}"
    return status
