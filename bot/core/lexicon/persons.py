"""How many people a penalty written "per person" falls on: "7 responsible persons …, each
fined CNY 10,000–70,000", "three executives fined RMB 50,000 each", "7名责任人各被罚款".

A penalty is multiplied only when its words say it is per head ("each", "apiece", "per
person", "各", "每人"); "7 persons fined CNY 100,000 in total" is one amount."""

from __future__ import annotations

import re

from bot.core.lexicon.numbers import ENGLISH_NUMBER_WORDS

_WORD_VALUES = {w: i + 1 for i, w in enumerate(ENGLISH_NUMBER_WORDS[:20])}
_WORD_VALUES.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50})
_CJK_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_CJK_DIGITS.update({"九": 9, "十": 10})

_PEOPLE = (
    r"(?:responsible\s+|related\s+|senior\s+|other\s+)?"
    r"(?:persons|people|individuals|employees|staff(?:\s+members)?|executives|officers"
    r"|managers|directors|officials|defendants|members)"
)
_COUNT = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_ENGLISH = re.compile(rf"\b(\d{{1,4}}|{_COUNT})\s+{_PEOPLE}\b", re.IGNORECASE)
_CHINESE = re.compile(r"(\d{1,4}|[一二两三四五六七八九十]{1,3})\s*(?:名|位|个)")
_EACH = re.compile(r"\beach\b|\bapiece\b|\bper\s+(?:person|head|individual)\b|各|每人", re.I)


def _value(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    low = token.lower()
    if low in _WORD_VALUES:
        return _WORD_VALUES[low]
    if all(ch in _CJK_DIGITS for ch in token):
        if token.startswith("十"):
            return 10 + (_CJK_DIGITS[token[1]] if len(token) > 1 else 0)
        if len(token) == 1:
            return _CJK_DIGITS[token]
        if token[1] == "十":
            return _CJK_DIGITS[token[0]] * 10 + (_CJK_DIGITS[token[2]] if len(token) > 2 else 0)
    return None


def people_named(text: str) -> int | None:
    """The number of people ``text`` names ("7 responsible persons", "三名高管"), if any."""
    match = _ENGLISH.search(text) or _CHINESE.search(text)
    return _value(match.group(1)) if match else None


def per_head_count(*texts: str | None) -> int:
    """How many times a penalty described by ``texts`` (its bearer, its note) is to be
    counted: the number of people it names when it says the amount is for each of them,
    otherwise 1."""
    words = " ".join(t for t in texts if t)
    if not _EACH.search(words):
        return 1
    count = people_named(words)
    return count if count and count > 1 else 1
