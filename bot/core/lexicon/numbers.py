"""Numbers as people write amounts: digits with separators, scale words in English and
Chinese ("5.5 million", "mln", "35万", "1.2亿"), and Chinese numerals (五十万, 壹佰万)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
"""A number in digits: ``200,000``, ``5.5``, ``12000``."""

SCALES: dict[str, Decimal] = {
    "k": Decimal(1_000),
    "thousand": Decimal(1_000),
    "m": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "mln": Decimal(1_000_000),
    "mio": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "millions": Decimal(1_000_000),
    "b": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
    "千": Decimal(1_000),
    "万": Decimal(10_000),
    "十万": Decimal(100_000),
    "百万": Decimal(1_000_000),
    "千万": Decimal(10_000_000),
    "亿": Decimal(100_000_000),
}
"""Every scale word after a number, with what it multiplies by."""

LATIN_SCALES = tuple(sorted((w for w in SCALES if w.isascii()), key=len, reverse=True))
CJK_SCALES = tuple(sorted((w for w in SCALES if not w.isascii()), key=len, reverse=True))


def scale_alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of scale words, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


def scale_of(word: str) -> Decimal:
    """What a scale word multiplies by (``"Million"`` -> 1000000)."""
    return SCALES[word.lower() if word.isascii() else word]


def parse_number(text: str, scale: str | None = None) -> Decimal:
    """``"5.5"`` with ``"million"`` -> 5500000 exactly; ``"200,000"`` -> 200000."""
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if scale:
        value *= scale_of(scale)
    return value


# --- Chinese numerals ---------------------------------------------------------------------

CJK_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "貳": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CJK_SMALL_UNITS: dict[str, int] = {
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1_000,
    "仟": 1_000,
}
CJK_LARGE_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

CJK_NUMERAL = "[" + "".join(CJK_DIGITS) + "".join(CJK_SMALL_UNITS) + "".join(CJK_LARGE_UNITS) + "]+"
"""A run of Chinese numeral characters (check it with ``parse_cjk_numeral``)."""
CJK_SMALL_NUMERAL = "[" + "".join(CJK_DIGITS) + "".join(CJK_SMALL_UNITS) + "]{1,4}"
"""A Chinese numeral below 10,000 without its check: a month, a day, a list number (二十二,
十一, 三)."""
CJK_TENS = tuple(ch for ch, value in CJK_SMALL_UNITS.items() if value == 10)
"""The characters for ten (十, 拾): a numeral may start with one (十五 is 15)."""


def parse_cjk_numeral(text: str) -> int:
    """``五十万`` -> 500000, ``壹佰万`` -> 1000000, ``一千二百三十四`` -> 1234,
    ``十五`` -> 15, ``三万五千`` -> 35000, ``二〇二二`` -> 2022 (digit by digit).

    Raises ``ValueError`` for text that is not a Chinese numeral."""
    if not text or any(
        ch not in CJK_DIGITS and ch not in CJK_SMALL_UNITS and ch not in CJK_LARGE_UNITS
        for ch in text
    ):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if all(ch in CJK_DIGITS for ch in text):
        return int("".join(str(CJK_DIGITS[ch]) for ch in text))
    total = 0  # completed groups of 亿 and 万
    group = 0  # the group under way (below 万)
    digit: int | None = None
    for ch in text:
        if ch in CJK_DIGITS:
            if digit is not None and digit != 0 and CJK_DIGITS[ch] != 0:
                raise ValueError(f"not a Chinese numeral: {text!r}")
            digit = CJK_DIGITS[ch]
        elif ch in CJK_SMALL_UNITS:
            group += (1 if digit is None else digit) * CJK_SMALL_UNITS[ch]
            digit = None
        else:
            unit = CJK_LARGE_UNITS[ch]
            group += digit or 0
            digit = None
            if group == 0:
                group = 1 if total == 0 else 0
            if total and total < unit:
                total = (total + group) * unit
            else:
                total += group * unit
            group = 0
    return total + group + (digit or 0)


ENGLISH_NUMBER_WORDS: tuple[str, ...] = (
    *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "hundred"),
)
"""Numbers written as words in English prose ("eight key tasks", "four dating apps")."""
