"""Periods counted back from today: quarters, the year so far, a number of days or weeks
in words or Chinese. "last quarter" is the quarter before this one, not the fourth."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.query.parser import parse_query

TODAY = date(2022, 6, 10)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("fines last quarter", date(2022, 1, 1), date(2022, 3, 31)),
        ("fines this quarter", date(2022, 4, 1), TODAY),
        ("fines in the last quarter of 2021", date(2021, 10, 1), date(2021, 12, 31)),
        ("fines in the last two weeks", date(2022, 5, 27), TODAY),
        ("fines year to date", date(2022, 1, 1), TODAY),
        ("fines ytd", date(2022, 1, 1), TODAY),
        ("drafts since the start of the year", date(2022, 1, 1), None),
        ("最近一个月的草案", date(2022, 5, 11), TODAY),
        ("近三个月的罚款", date(2022, 3, 12), TODAY),
        ("上季度的罚款", date(2022, 1, 1), date(2022, 3, 31)),
        ("今年以来的罚款", date(2022, 1, 1), TODAY),
    ],
)
def test_a_period_counted_back_from_today(text: str, start: date, end: date | None) -> None:
    parsed = parse_query(text, today=TODAY)
    assert (parsed.filters.date_from, parsed.filters.date_to) == (start, end)
    assert not parsed.terms and not parsed.not_understood


def test_last_quarter_in_january_is_last_years_fourth() -> None:
    parsed = parse_query("fines last quarter", today=date(2023, 1, 20))
    assert (parsed.filters.date_from, parsed.filters.date_to) == (
        date(2022, 10, 1),
        date(2022, 12, 31),
    )
