"""Currencies as amounts are written, mapped to ISO 4217 codes."""

from __future__ import annotations

import re

CURRENCIES: dict[str, str] = {
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "¥": "CNY",
    "￥": "CNY",
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
"""Every way a currency is written (lower case), with its code."""

SYMBOLS_BEFORE = ("rmb", "cny", "¥", "￥", "us$", "usd", "$", "hk$", "hkd", "eur", "€", "人民币")
"""Those written before the number ("RMB 200,000", "¥1.2 million")."""
WORDS_AFTER = ("cny", "rmb", "yuan", "usd", "us dollars", "dollars", "eur", "euros", "hkd")
"""Those written after it ("5.5 million CNY", "30,000 yuan")."""


def currency_code(written: str) -> str:
    """``"Rmb"`` -> ``"CNY"``; raises ``KeyError`` for an unknown currency."""
    return CURRENCIES[written.lower()]


def aliases(code: str) -> tuple[str, ...]:
    """Every way ``code`` is written, longest first."""
    return tuple(sorted((w for w, c in CURRENCIES.items() if c == code), key=len, reverse=True))


def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of currency spellings, longest first (case is the caller's)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
