"""Months written in Chinese numerals ("五月", "十二月") are dates like "5月"."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.query.numerals import arabic_amounts, arabic_months, english_amounts
from bot.core.query.parser import parse_query


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("五月的罚款", "5月的罚款"),
        ("十二月份", "12月份"),
        ("十月", "10月"),
        ("2022年十一月", "2022年11月"),
    ],
)
def test_numeral_months_become_digits(typed: str, read: str) -> None:
    assert arabic_months(typed) == read


def test_a_numeral_month_is_a_period() -> None:
    parsed = parse_query("2022年五月的罚款", today=date(2022, 6, 15))
    assert (parsed.filters.date_from, parsed.filters.date_to) == (
        date(2022, 5, 1),
        date(2022, 5, 31),
    )
    assert not parsed.not_understood and "五月" not in parsed.terms


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("超过一百万", "超过100万"),
        ("五十万元以上", "50万元以上"),
        ("两亿", "2亿"),
        ("一千五百万", "1500万"),
    ],
)
def test_numeral_amounts_become_digits(typed: str, read: str) -> None:
    assert arabic_amounts(typed) == read


def test_a_numeral_amount_is_an_amount_not_ignored() -> None:
    parsed = parse_query("罚款超过一百万", today=date(2022, 6, 15))
    assert parsed.filters.amount_min is not None
    assert parsed.filters.amount_min.value == 1_000_000 and not parsed.not_understood


@pytest.mark.parametrize(
    ("text", "low"),
    [
        ("fines over one million", 1_000_000),
        ("fines above half a million", 500_000),
        ("fines over two hundred thousand yuan", 200_000),
    ],
)
def test_amounts_in_english_words_are_amounts(text: str, low: int) -> None:
    parsed = parse_query(text, today=date(2022, 6, 15))
    assert parsed.filters.amount_min is not None and parsed.filters.amount_min.value == low
    assert not parsed.terms


def test_a_scale_word_alone_is_no_amount() -> None:
    assert english_amounts("millions of users") == "millions of users"
