"""Periods in questions: ranges, weeks, thirds of a month, quarters, halves, in English and
Chinese, with before/after/since/until."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.query.parser import parse_query

TODAY = date(2024, 8, 20)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("inspections from 3 to 9 March 2023", date(2023, 3, 3), date(2023, 3, 9)),
        ("notices 14-16 June 2023", date(2023, 6, 14), date(2023, 6, 16)),
        ("rules between 2 and 4 April 2023", date(2023, 4, 2), date(2023, 4, 4)),
        ("cases June 5 to 8, 2023", date(2023, 6, 5), date(2023, 6, 8)),
        ("drafts in the second week of March 2023", date(2023, 3, 8), date(2023, 3, 14)),
        ("the final week of February 2023", date(2023, 2, 22), date(2023, 2, 28)),
        ("the week of 6 March 2023", date(2023, 3, 6), date(2023, 3, 12)),
        ("late April 2023", date(2023, 4, 21), date(2023, 4, 30)),
        ("early September 2023", date(2023, 9, 1), date(2023, 9, 10)),
        ("Q3 2023", date(2023, 7, 1), date(2023, 9, 30)),
        ("the fourth quarter of 2021", date(2021, 10, 1), date(2021, 12, 31)),
        ("the first half of 2023", date(2023, 1, 1), date(2023, 6, 30)),
        ("H2 2021", date(2021, 7, 1), date(2021, 12, 31)),
        ("March to May 2023", date(2023, 3, 1), date(2023, 5, 31)),
        ("2023年3月3日至9日", date(2023, 3, 3), date(2023, 3, 9)),
        ("2023年第三季度", date(2023, 7, 1), date(2023, 9, 30)),
        ("2021年下半年的处罚", date(2021, 7, 1), date(2021, 12, 31)),
        ("2023年4月下旬", date(2023, 4, 21), date(2023, 4, 30)),
        ("江苏2023年的罚款", date(2023, 1, 1), date(2023, 12, 31)),  # year after a place
    ],
)
def test_periods_have_both_ends(text: str, start: date, end: date) -> None:
    parsed = parse_query(text, today=TODAY)
    assert (parsed.filters.date_from, parsed.filters.date_to) == (start, end)
    assert not parsed.not_understood


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("fines before the second half of 2023", None, date(2023, 6, 30)),
        ("laws after Q1 2023", date(2023, 4, 1), None),
        ("since the third week of May 2023", date(2023, 5, 15), None),
        ("until mid-June 2023", None, date(2023, 6, 20)),
        ("2023年第二季度以来", date(2023, 4, 1), None),
    ],
)
def test_periods_with_before_after_since_until(
    text: str, start: date | None, end: date | None
) -> None:
    parsed = parse_query(text, today=TODAY)
    assert (parsed.filters.date_from, parsed.filters.date_to) == (start, end)


def test_a_period_without_a_year_takes_the_year_written_elsewhere() -> None:
    parsed = parse_query("2023 fines in the first week of May", today=TODAY)
    assert (parsed.filters.date_from, parsed.filters.date_to) == (
        date(2023, 5, 1),
        date(2023, 5, 7),
    )


def test_relative_chinese_years_with_halves_and_quarters() -> None:
    parsed = parse_query("去年下半年的执法", today=TODAY)
    assert (parsed.filters.date_from, parsed.filters.date_to) == (
        date(2023, 7, 1),
        date(2023, 12, 31),
    )
    assert not parsed.errors
    quarter = parse_query("今年第一季度", today=TODAY)
    assert (quarter.filters.date_from, quarter.filters.date_to) == (
        date(2024, 1, 1),
        date(2024, 3, 31),
    )
