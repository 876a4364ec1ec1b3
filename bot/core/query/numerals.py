"""Numbers written in words, as digits the amount and date patterns read: amounts in
Chinese numerals ("一百万", "五十万元", "两亿"), months ("五月", "十二月份"), and English
amounts ("one million", "half a million", "two hundred thousand"), so "罚款超过一百万" or
"fines over one million" is an amount rather than words passed over in silence. No I/O."""

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


_EN_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_WORD = "|".join(sorted(_EN_UNITS, key=len, reverse=True))
_EN_AMOUNT = re.compile(
    rf"\b(?P<half>half\s+a\s+)?(?P<words>(?:(?:{_EN_WORD})\s+)?(?:hundred\s+)?)"
    r"(?P<scale>thousand|million|billion)\b",
    re.IGNORECASE,
)


def english_amounts(text: str) -> str:
    """ "one million" -> "1 million", "half a million" -> "0.5 million", "two hundred
    thousand" -> "200 thousand"; a scale word alone ("millions of users") is left."""

    def digits(match: re.Match[str]) -> str:
        scale = match.group("scale")
        if match.group("half"):
            return f"0.5 {scale}"
        words = match.group("words").lower().split()
        if not words:
            return match.group(0)
        value = _EN_UNITS.get(words[0], 1) if words[0] != "hundred" else 1
        value *= 100 if "hundred" in words else 1
        return f"{value} {scale}"

    return _EN_AMOUNT.sub(digits, text)


def arabic_numerals(text: str) -> str:
    """``text`` with numbers written in words (Chinese or English) in digits."""
    return english_amounts(arabic_amounts(arabic_months(text)))
