"""Amounts of money in questions: comparisons ("over 1m", "超过100万"), exact amounts and
the bounds they set."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from bot.core.labels import (
    format_amount,
)
from bot.core.lexicon import currencies
from bot.core.lexicon.numbers import CJK_SCALES, DIGITS, LATIN_SCALES, scale_alternation, scale_of
from bot.core.query.filters import AmountBound
from bot.core.query.parsed import QueryError

MAX_AMOUNT = Decimal(10) ** 15
"""Amounts above this (a quadrillion) are refused as impossible input."""


# --- amounts ----------------------------------------------------------------------------

_NUMBER = rf"(?P<num>{DIGITS})"
_UNIT = rf"(?:\s*(?P<unit>{scale_alternation(LATIN_SCALES + CJK_SCALES)})(?![a-z]))?"
CURRENCY = currencies.alternation(currencies.aliases("CNY"))
_CMP_BEFORE = (
    r"(?P<cmp>more\s+than|greater\s+than|larger\s+than|bigger\s+than|higher\s+than|"
    r"not\s+exceeding|not\s+over|not\s+above|no\s+higher\s+than|"
    r"in\s+excess\s+of|upwards\s+of|north\s+of|exceeded|exceed|topping|beyond|fewer\s+than|"
    r"over|above|exceeding|exceeds|at\s+least|no\s+less\s+than|not\s+less\s+than|"
    r"less\s+than|smaller\s+than|lower\s+than|under|below|at\s+most|no\s+more\s+than|"
    r"not\s+more\s+than|>=|=>|<=|=<|>|<|≥|≤|超过|高于|大于|多于|不少于|不低于|至少|"
    r"低于|少于|小于|不超过|不高于|至多)"
)
AMOUNT_BEFORE = re.compile(
    rf"{_CMP_BEFORE}\s*(?:{CURRENCY}\s*)?{_NUMBER}{_UNIT}(?:\s*{CURRENCY})?", re.IGNORECASE
)
NEGATIVE_AMOUNT = re.compile(
    rf"{_CMP_BEFORE}\s*(?:{CURRENCY}\s*)?[-−–]\s*\d[\d,.]*{_UNIT}", re.IGNORECASE
)
AMOUNT_AFTER = re.compile(
    rf"(?:{CURRENCY}\s*)?{_NUMBER}{_UNIT}(?:\s*{CURRENCY})?\s*(?P<cmp>以上|以下|或以上|或以下|"
    r"or\s+more|or\s+above|or\s+less|and\s+above|and\s+up|plus|\+)",
    re.IGNORECASE,
)
AMOUNT_EXACT = re.compile(
    rf"(?:(?P<cur1>{CURRENCY})\s*{_NUMBER}{_UNIT}|{_NUMBER.replace('num', 'num2')}"
    rf"{_UNIT.replace('unit', 'unit2')}\s*(?P<cur2>{CURRENCY}))",
    re.IGNORECASE,
)


def _amount_at(n: int) -> str:
    """One amount of a range, its groups numbered ``n``: ``num1``, ``unit1``."""
    scales = scale_alternation(LATIN_SCALES + CJK_SCALES)
    return (
        rf"(?:{CURRENCY}\s*)?(?P<num{n}>{DIGITS})(?:\s*(?P<unit{n}>{scales})(?![a-z]))?"
        rf"(?:\s*{CURRENCY})?"
    )


_RANGE_END = r"(?:\s*之间)?"
AMOUNT_RANGE = re.compile(
    rf"(?:between|from|介于|在)\s*{_amount_at(1)}\s*(?:and|to|-|–|—|~|～|到|至|和)\s*"
    rf"{_amount_at(2)}{_RANGE_END}",
    re.IGNORECASE,
)
"""A range of amounts: "between 10k and 100k", "from RMB 1 to 5 million", "10万到100万之间"
(a scale or currency written only after the second number applies to both)."""
AMOUNT_SPAN = re.compile(
    rf"{_amount_at(1)}\s*(?:-|–|—|~|～|到|至)\s*{_amount_at(2)}{_RANGE_END}", re.IGNORECASE
)
"""A range written without "between": "10k-100k", "10万至100万"."""

LOWER_BOUNDS = {
    "more than",
    "greater than",
    "larger than",
    "bigger than",
    "higher than",
    "over",
    "above",
    "exceeding",
    "exceeds",
    "exceeded",
    "exceed",
    "in excess of",
    "upwards of",
    "north of",
    "topping",
    "beyond",
    ">",
    "超过",
    "高于",
    "大于",
    "多于",
}
INCLUSIVE_LOWER = {
    "at least",
    "no less than",
    "not less than",
    ">=",
    "=>",
    "≥",
    "不少于",
    "不低于",
    "至少",
    "以上",
    "或以上",
    "or more",
    "or above",
    "and above",
    "and up",
    "plus",
    "+",
}
INCLUSIVE_UPPER = {
    "not exceeding",
    "not over",
    "not above",
    "no higher than",
    "at most",
    "no more than",
    "not more than",
    "<=",
    "=<",
    "≤",
    "不超过",
    "不高于",
    "至多",
    "以下",
    "或以下",
    "or less",
}


def amount_value(number: str, unit: str | None, shown: str) -> Decimal:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        raise QueryError(f"{shown} is not an amount I can read.") from None
    if unit:
        value *= scale_of(unit)
    if value > MAX_AMOUNT:
        raise QueryError(
            f"{shown} is beyond any penalty on record; amounts above "
            f"{format_amount(MAX_AMOUNT)} are not accepted."
        )
    return value


_YEAR = re.compile(r"(?:19|20)\d\d")


def amount_ranges(text: str, about_money: bool) -> list[tuple[tuple[int, int], Decimal, Decimal]]:
    """Each range of money in ``text``: (its span, the lower and the upper amount, both
    included, in either order as written). A range counts as money when it carries a scale
    word or a currency, or when the question is about money and the numbers are not years
    ("fines between 2021 and 2022" is a period). Raises ``QueryError`` for an amount beyond
    any penalty."""
    found: list[tuple[tuple[int, int], Decimal, Decimal]] = []
    for regex in (AMOUNT_RANGE, AMOUNT_SPAN):
        for match in regex.finditer(text):
            if any(start < match.end() and match.start() < end for (start, end), *_ in found):
                continue
            num1, num2 = match.group("num1"), match.group("num2")
            unit1, unit2 = match.group("unit1"), match.group("unit2")
            marked = bool(unit1 or unit2) or bool(re.search(CURRENCY, match.group(0), re.I))
            years = bool(_YEAR.fullmatch(num1) and _YEAR.fullmatch(num2))
            if not marked and (regex is AMOUNT_SPAN or not about_money or years):
                continue
            shown = match.group(0).strip()
            low = amount_value(num1, unit1 or unit2, shown)  # "1 to 5 million": both millions
            high = amount_value(num2, unit2, shown)
            found.append((match.span(), min(low, high), max(low, high)))
    return found


@dataclass
class AmountsRead:
    """What ``read_amounts`` took from a question: the text with the amounts blanked, the
    bounds they set, and what could not be an amount."""

    work: str
    blank_char: str
    errors: list[str] = field(default_factory=list)
    low: AmountBound | None = None
    high: AmountBound | None = None

    def blank(self, start: int, end: int) -> None:
        self.work = self.work[:start] + self.blank_char * (end - start) + self.work[end:]

    def bound_min(self, bound: AmountBound) -> None:
        if self.low is None or bound.value > self.low.value:
            self.low = bound

    def bound_max(self, bound: AmountBound) -> None:
        if self.high is None or bound.value < self.high.value:
            self.high = bound


def read_amounts(work: str, about_money: bool, blank: str) -> AmountsRead:
    """The amounts in ``work`` ("over 1m", "超过100万", "CNY 200,000"), each blanked with
    ``blank``; a bare number counts only when the question is ``about_money`` or has a unit."""
    read = AmountsRead(work, blank)
    for negative in list(NEGATIVE_AMOUNT.finditer(read.work)):
        if about_money or re.search(CURRENCY, negative.group(0), re.IGNORECASE):
            shown = negative.group(0).strip()
            read.errors.append(f"{shown} is not an amount: penalties are never negative.")
            read.blank(*negative.span())
    try:
        ranges = amount_ranges(read.work, about_money)
    except QueryError as exc:
        ranges = []
        read.errors.append(str(exc))
    for span, low, high in ranges:  # "between 10k and 100k": both ends
        read.blank(*span)
        read.bound_min(AmountBound(low, True))
        read.bound_max(AmountBound(high, True))
    for regex in (AMOUNT_BEFORE, AMOUNT_AFTER):
        for match in list(regex.finditer(read.work)):
            has_unit = bool(match.group("unit")) or bool(
                re.search(CURRENCY, match.group(0), re.IGNORECASE)
            )
            cmp = re.sub(r"\s+", " ", match.group("cmp").lower())
            symbolic = not re.match(r"[a-z]", cmp)
            if not (has_unit or about_money or symbolic):
                continue  # "over 30 apps" is not an amount of money
            shown = match.group(0).strip()
            read.blank(*match.span())
            try:
                value = amount_value(match.group("num"), match.group("unit"), shown)
            except QueryError as exc:
                read.errors.append(str(exc))
                continue
            if cmp in LOWER_BOUNDS or cmp in INCLUSIVE_LOWER:
                read.bound_min(AmountBound(value, cmp in INCLUSIVE_LOWER))
            else:
                read.bound_max(AmountBound(value, cmp in INCLUSIVE_UPPER))
    for match in list(AMOUNT_EXACT.finditer(read.work)):
        number = match.group("num") or match.group("num2")
        unit = match.group("unit") or match.group("unit2")
        read.blank(*match.span())
        try:
            value = amount_value(number, unit, match.group(0).strip())
        except QueryError as exc:
            read.errors.append(str(exc))
            continue
        read.bound_min(AmountBound(value, True))
        read.bound_max(AmountBound(value, True))
    return read
