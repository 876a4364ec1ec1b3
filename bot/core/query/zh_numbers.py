"""Amounts and months written in Chinese numerals ("一百万", "五十万元", "两亿", "三千元";
"五月", "十二月份") as digits ("100万", "5月"), the way the amount and date patterns read
them, so "罚款超过一百万" is an amount rather than words passed over in silence. No I/O."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_DIGITS |= {"七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千]+(?=\s*(?:万|亿|元|块))")


def _value(numeral: str) -> int | None:
    total, digit = 0, None
    for char in numeral:
        if char in _DIGITS:
            if digit is not None and digit != 0:
                return None  # "一二万": not a number
            digit = _DIGITS[char]
        else:
            total += (digit if digit else 1) * _UNITS[char]
            digit = None
    return total + (digit or 0)


def arabic_amounts(text: str) -> str:
    """``text`` with every Chinese-numeral amount before 万, 亿, 元 or 块 in digits."""

    def digits(match: re.Match[str]) -> str:
        value = _value(match.group(0))
        return match.group(0) if value is None else str(value)

    return _NUMERAL.sub(digits, text)


_ZH_MONTH = re.compile(r"(?<![一二三四五六七八九十〇零])(十[一二]?|[一二三四五六七八九])月")


def arabic_months(text: str) -> str:
    """Months written in Chinese numerals ("五月", "十二月份") as digits ("5月"), the way
    the date patterns read them."""

    def digits(match: re.Match[str]) -> str:
        word = match.group(1)
        number = 10 + _DIGITS.get(word[1:], 0) if word.startswith("十") else _DIGITS[word]
        return f"{number}月"

    return _ZH_MONTH.sub(digits, text)


def arabic_numerals(text: str) -> str:
    """``text`` with Chinese-numeral amounts and months in digits."""
    return arabic_amounts(arabic_months(text))
