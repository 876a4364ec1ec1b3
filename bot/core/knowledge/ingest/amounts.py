"""Money amounts as newsletters print them, as exact decimals.

"RMB 200,000", "5.5 million CNY", "a fine of 30,000 yuan", "fined from 10,000 to 70,000
CNY" (a range), "¥1.2 million", "20万元", "550万元", "1.2亿元", "1万元至7万元",
and Chinese numerals: "五十万元", "壹佰万元", "叁拾伍万元".
Counts without a currency ("439,600 reports") are not money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bot.core.lexicon import currencies
from bot.core.lexicon.numbers import (
    CJK_DIGITS,
    CJK_NUMERAL,
    CJK_SCALES,
    CJK_TENS,
    DIGITS,
    LATIN_SCALES,
    parse_cjk_numeral,
    scale_alternation,
)
from bot.core.lexicon.numbers import parse_number as lexicon_number

_NUMBER = DIGITS
_SCALE_WORD = scale_alternation(LATIN_SCALES)
_CJK_SCALE = scale_alternation(CJK_SCALES)
_BEFORE = f"(?i:{currencies.alternation(currencies.SYMBOLS_BEFORE)})"
_CURRENCY_BEFORE = f"(?P<cur>{_BEFORE})"
_CURRENCY_AFTER = f"(?P<cur2>(?i:{currencies.alternation(currencies.WORDS_AFTER)}))"

_AMOUNT = rf"(?:{_NUMBER})(?:\s*(?:{_SCALE_WORD})\b)?"
_RANGE_JOIN = r"\s*(?:to|-|–|—|~|and)\s*"
_JOIN = re.compile(_RANGE_JOIN)

_LATIN = re.compile(
    rf"(?:\b(?:from|between)\s+)?"
    rf"(?:{_CURRENCY_BEFORE}\s?(?P<low1>{_AMOUNT})"
    rf"(?:{_RANGE_JOIN}(?:{_BEFORE}\s?)?(?P<high1>{_AMOUNT}))?"
    rf"|(?P<low2>{_AMOUNT})(?:{_RANGE_JOIN}(?P<high2>{_AMOUNT}))?\s*{_CURRENCY_AFTER}\b)"
)
_CJK_AMOUNT = f"{_NUMBER}|{CJK_NUMERAL}"
_CJK = re.compile(
    rf"(?:人民币\s*)?(?P<low>{_CJK_AMOUNT})\s*(?P<lscale>{_CJK_SCALE})?(?:元)?"
    rf"(?:\s*(?:至|到|-|–|~)\s*(?P<high>{_CJK_AMOUNT})\s*(?P<hscale>{_CJK_SCALE})?)?\s*元"
)
_CJK_UNIT_AFTER = re.compile(rf"\s*(?:{_CJK_SCALE}|元)")
_SMALLEST_CJK_NUMERAL = 100
"""Chinese-numeral amounts below this are not money ("统一元数据" holds 一元)."""


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
    value = lexicon_number(text, scale)
    return value.normalize() if value == value.to_integral() else value


def _cjk_amount(text: str, scale: str | None) -> Decimal | None:
    """ "20" + "万" -> 200000; "五十万" -> 500000; ``None`` for a numeral that is no amount."""
    if text[:1].isdigit():
        return _integral(parse_number(text, scale))
    if not any(ch in CJK_DIGITS for ch in text) and not text.startswith(CJK_TENS):
        return None
    try:
        value = Decimal(parse_cjk_numeral(text))
    except ValueError:
        return None
    if scale:
        value *= parse_number("1", scale)
    return _integral(value) if value >= _SMALLEST_CJK_NUMERAL else None


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
        currency = currencies.currency_code(groups["cur"] or groups["cur2"])
        low = _split_amount(low_text)
        high = _split_amount(high_text) if high_text else None
        if high is not None and groups["high2"] and not re.search(_SCALE_WORD, low_text):
            # "1 to 5 million yuan": the scale printed once applies to both ends.
            scale = re.search(rf"\s*({_SCALE_WORD})\s*$", high_text)
            if scale and low < high / 1000:
                low = _integral(parse_number(low_text, scale.group(1)))
        if low <= 0 or _CJK_UNIT_AFTER.match(text, match.end()):
            continue  # "人民币100万元": the Chinese reading below takes it whole
        if high is not None and _two_amounts(match):
            # "RMB 50,000 and RMB 80,000 (respectively)": two amounts, not a range
            low_end = match.end("low1") if groups["low1"] else match.end("low2")
            join = _JOIN.match(text, low_end)
            high_start = join.end() if join else low_end
            found.append(
                Money(low, None, currency, match.start(), low_end, text[match.start() : low_end])
            )
            found.append(
                Money(high, None, currency, high_start, match.end(), text[high_start : match.end()])
            )
            continue
        found.append(_money(low, high, currency, match))
    for match in _CJK.finditer(text):
        if any(m.start <= match.start() < m.end for m in found):
            continue
        lscale, hscale = match.group("lscale"), match.group("hscale")
        cjk_low = _cjk_amount(match.group("low"), lscale or hscale)
        high = _cjk_amount(match.group("high"), hscale or lscale) if match.group("high") else None
        if cjk_low is None or cjk_low <= 0:
            continue
        found.append(_money(cjk_low, high, "CNY", match))
    return sorted(found, key=lambda m: m.start)


def _two_amounts(match: re.Match[str]) -> bool:
    """Two amounts joined by "and" are a range only after "between"."""
    low_end = match.end("low1") if match.group("low1") else match.end("low2")
    high_start = match.start("high1") if match.group("high1") else match.start("high2")
    joined = match.string[low_end:high_start]
    return bool(re.search(r"\band\b", joined)) and not match.group(0).lower().startswith("between")


def _money(low: Decimal, high: Decimal | None, currency: str, match: re.Match[str]) -> Money:
    if high is not None and high <= low:
        high = None
    return Money(low, high, currency, match.start(), match.end(), match.group(0))
