"""Money amounts as newsletters print them, as exact decimals.

"RMB 200,000", "5.5 million CNY", "a fine of 30,000 yuan", "fined from 10,000 to 70,000
CNY" (a range), "¥1.2 million", "20万元", "550万元", "1.2亿元", "1万元至7万元".
Counts without a currency ("439,600 reports") are not money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORD = r"(?:thousand|million|mln|m|billion|bn|k)"
_CJK_SCALE = r"[万亿千]"
_CURRENCY_BEFORE = r"(?P<cur>RMB|CNY|Rmb|rmb|¥|￥|US\$|USD|\$|HK\$|HKD|EUR|€)"
_CURRENCY_AFTER = r"(?P<cur2>CNY|RMB|yuan|Yuan|USD|US dollars|dollars|EUR|euros|HKD)"

_SCALES: dict[str, Decimal] = {
    "thousand": Decimal(1000),
    "k": Decimal(1000),
    "million": Decimal(1_000_000),
    "mln": Decimal(1_000_000),
    "m": Decimal(1_000_000),
    "billion": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
    "千": Decimal(1000),
    "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
}
_CURRENCIES: dict[str, str] = {
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "¥": "CNY",
    "￥": "CNY",
    "元": "CNY",
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "us dollars": "USD",
    "dollars": "USD",
    "hk$": "HKD",
    "hkd": "HKD",
    "eur": "EUR",
    "€": "EUR",
    "euros": "EUR",
}

_AMOUNT = rf"(?:{_NUMBER})(?:\s*(?:{_SCALE_WORD})\b)?"
_RANGE_JOIN = r"\s*(?:to|-|–|—|~|and)\s*"

_LATIN = re.compile(
    rf"(?:\b(?:from|between)\s+)?"
    rf"(?:{_CURRENCY_BEFORE}\s?(?P<low1>{_AMOUNT})"
    rf"(?:{_RANGE_JOIN}(?:(?:RMB|CNY|¥|￥|US\$|USD|\$)\s?)?(?P<high1>{_AMOUNT}))?"
    rf"|(?P<low2>{_AMOUNT})(?:{_RANGE_JOIN}(?P<high2>{_AMOUNT}))?\s*{_CURRENCY_AFTER}\b)"
)
_CJK = re.compile(
    rf"(?P<low>{_NUMBER})\s*(?P<lscale>{_CJK_SCALE})?(?:元)?"
    rf"(?:\s*(?:至|到|-|–|~)\s*(?P<high>{_NUMBER})\s*(?P<hscale>{_CJK_SCALE})?)?\s*元"
)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    amount_max: Decimal | None
    currency: str
    start: int
    end: int
    text: str


def parse_number(text: str, scale: str | None = None) -> Decimal:
    """ "5.5" + "million" -> 5500000 exactly; "200,000" -> 200000."""
    cleaned = text.replace(",", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if scale:
        value *= _SCALES[scale.lower() if scale.isascii() else scale]
    return value.normalize() if value == value.to_integral() else value


def _split_amount(text: str) -> Decimal:
    match = re.fullmatch(rf"({_NUMBER})(?:\s*({_SCALE_WORD}))?", text.strip())
    if not match:
        raise ValueError(f"not an amount: {text!r}")
    return _integral(parse_number(match.group(1), match.group(2)))


def _integral(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def find_money(text: str) -> list[Money]:
    """Every money amount in ``text``, in order."""
    found: list[Money] = []
    for match in _LATIN.finditer(text):
        groups = match.groupdict()
        low_text = groups["low1"] or groups["low2"]
        high_text = groups["high1"] or groups["high2"]
        currency = _CURRENCIES[(groups["cur"] or groups["cur2"]).lower()]
        low = _split_amount(low_text)
        high = _split_amount(high_text) if high_text else None
        if high is not None and groups["high2"] and not re.search(_SCALE_WORD, low_text):
            # "1 to 5 million yuan": the scale printed once applies to both ends.
            scale = re.search(rf"\s*({_SCALE_WORD})\s*$", high_text)
            if scale and low < high / 1000:
                low = _integral(parse_number(low_text, scale.group(1)))
        if low <= 0:
            continue
        found.append(_money(low, high, currency, match))
    for match in _CJK.finditer(text):
        if any(m.start <= match.start() < m.end for m in found):
            continue
        lscale, hscale = match.group("lscale"), match.group("hscale")
        low = _integral(parse_number(match.group("low"), lscale or hscale))
        high = (
            _integral(parse_number(match.group("high"), hscale or lscale))
            if match.group("high")
            else None
        )
        if low <= 0:
            continue
        found.append(_money(low, high, "CNY", match))
    return sorted(found, key=lambda m: m.start)


def _money(low: Decimal, high: Decimal | None, currency: str, match: re.Match[str]) -> Money:
    if high is not None and high <= low:
        high = None
    return Money(low, high, currency, match.start(), match.end(), match.group(0))
