from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.core.lexicon.months import impossible_date, month_alternation, month_end, month_number


@pytest.mark.parametrize(("word", "n"), [("May", 5), ("sept.", 9), ("September", 9), ("jun", 6)])
def test_month_numbers(word: str, n: int) -> None:
    assert month_number(word) == n


def test_capitalised_names_only_match_printed_months() -> None:
    pattern = re.compile(rf"\b{month_alternation(capitalised=True)}\b")
    assert pattern.search("On May 27") and not pattern.search("companies may 5")
    assert re.fullmatch(month_alternation(), "june")


def test_month_end_knows_leap_years() -> None:
    assert month_end(2024, 2) == dt.date(2024, 2, 29)
    assert month_end(2022, 2) == dt.date(2022, 2, 28)


def test_impossible_dates_are_named() -> None:
    assert impossible_date(2024, 2, 31) == "31 February 2024 is not a date"
    assert impossible_date(2024, 13, 45) == "2024-13-45 is not a date"
    assert impossible_date(2024, 2, 29) is None
