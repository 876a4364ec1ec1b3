from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.lexicon.numbers import parse_cjk_numeral, parse_number, scale_of


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("五十万", 500_000),
        ("壹佰万", 1_000_000),
        ("一千二百三十四", 1234),
        ("十五", 15),
        ("三万五千", 35_000),
        ("五百五十万", 5_500_000),
        ("一亿二千万", 120_000_000),
        ("一百零五", 105),
        ("一万零五百", 10_500),
        ("两千", 2_000),
        ("二〇二二", 2022),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert parse_cjk_numeral(text) == value


@pytest.mark.parametrize("text", ["", "罚款", "5万", "五二十"])
def test_what_is_not_a_chinese_numeral_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_cjk_numeral(text)


@pytest.mark.parametrize(
    ("word", "factor"),
    [
        ("mln", 10**6),
        ("Mio", 10**6),
        ("mn", 10**6),
        ("百万", 10**6),
        ("千万", 10**7),
        ("亿", 10**8),
    ],
)
def test_one_scale_table_for_questions_and_newsletters(word: str, factor: int) -> None:
    assert scale_of(word) == factor
    assert parse_number("5.5", word) == Decimal("5.5") * factor


def test_parse_number_reads_separators_exactly() -> None:
    assert parse_number("200,000") == Decimal(200000)
    with pytest.raises(ValueError):
        parse_number("two")
