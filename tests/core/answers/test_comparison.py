"""Comparisons say which side has more, keep court-ordered compensation apart from fines,
read "more … in A or B?" and "A than B" as comparisons, and put two months without a year
in the same year."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers.answer import Answer
from bot.core.answers.engine import answer
from bot.core.answers.intent import Ask, read_intent
from bot.core.knowledge.store import Store
from tests.conftest import BUNDLED_STORE

LATER = date(2026, 12, 6)  # asked long after the store's May 2022


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.load(BUNDLED_STORE)


def ask(store: Store, text: str, today: date = date(2022, 6, 15)) -> Answer:
    return answer(text, store, today=today, page_size=10)


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("more fines in April or May?", Ask.COMPARE),
        ("were there more fines in Zhejiang than Henan?", Ask.COMPARE),
        ("which had fewer drafts, CBIRC or MIIT?", Ask.COMPARE),
        ("any fines more than CNY 1m?", Ask.WHETHER),  # an amount, not a comparison
        ("fines of 1m or more", Ask.LIST),
    ],
)
def test_more_or_fewer_between_two_sides_is_a_comparison(text: str, ask: Ask) -> None:
    assert read_intent(text).ask is ask


def test_compensation_is_not_counted_as_a_fine(store: Store) -> None:
    text = ask(store, "compare fines in Beijing and Shanghai").direct.text  # type: ignore[union-attr]
    assert (
        "Beijing: 1 development, no fine; CNY 2,000 court-ordered compensation (not a fine)" in text
    )
    assert "No developments with fines on either side" in text
    assert "More" not in text


def test_the_side_in_front_is_named(store: Store) -> None:
    text = ask(store, "were there more fines in Zhejiang than Henan?").direct.text  # type: ignore[union-attr]
    assert text.startswith("Zhejiang: 1 development, CNY 5,570,000 to CNY 5,990,000 in total")
    assert (
        "The same number of developments with fines (1 each); larger fines in total: Zhejiang"
        in text
    )


def test_months_without_a_year_are_read_in_one_year(store: Store) -> None:
    result = ask(store, "more fines in April or May?", today=LATER)
    assert result.direct is not None
    text = result.direct.text
    assert text.startswith("April 2022: 0 developments; May 2022: 3 developments")
    assert "More developments with fines in May 2022 (3 to 0)" in text
    assert "No year given: read as 2022." in result.direct.notes


def test_a_comparison_with_a_year_on_each_side_is_no_date_error(store: Store) -> None:
    result = ask(store, "compare May 2022 fines with April 2022 fines")
    assert result.direct is not None and result.direct.text.startswith("May 2022: 3 developments")


def test_the_fines_command_compares_too(store: Store) -> None:
    result = ask(store, "fines in Henan vs Zhejiang")
    assert result.direct is not None and result.direct.ask == Ask.COMPARE.value


def test_chinese_which_of_two_has_more_is_compared_in_chinese(store: Store) -> None:
    result = ask(store, "河南和浙江哪个罚款金额高？")
    assert result.direct is not None and result.direct.ask == Ask.COMPARE.value
    assert result.direct.text.startswith("河南：1条，罚款合计20万元；浙江：")
    assert "罚款总额浙江更高" in result.direct.text
