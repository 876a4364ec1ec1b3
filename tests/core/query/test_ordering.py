"""Ordering phrases are read as an order, never as words to search for."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers.intent import Ask, read_intent
from bot.core.query.ordering import read_ordering
from bot.core.query.parser import parse_query

TODAY = date(2022, 6, 15)


@pytest.mark.parametrize(
    ("text", "sort"),
    [
        ("fines in 2022 by amount", "largest"),
        ("fines sorted by size", "largest"),
        ("fines by fine amount", "largest"),
        ("fines by amount ascending", "smallest"),
        ("fines smallest first", "smallest"),
        ("drafts by date", "newest"),
        ("drafts ordered by date, oldest first", "oldest"),
        ("drafts in chronological order", "oldest"),
        ("most recent first: court cases", "newest"),
        ("罚款按金额排序", "largest"),
        ("罚款金额从低到高", "smallest"),
        ("草案按时间排序", "newest"),
        ("按时间顺序列出草案", "oldest"),
    ],
)
def test_an_order_is_read_and_leaves_no_search_word(text: str, sort: str) -> None:
    parsed = parse_query(text, today=TODAY)
    assert parsed.sort == sort
    assert not {"amount", "size", "date", "sorted", "first", "ascending", "chronological"} & set(
        parsed.terms
    )
    assert not any(t in parsed.terms for t in ("金额", "时间", "排序", "顺序"))
    assert parsed.understood[-1].label == "order"


def test_by_with_other_words_is_no_order() -> None:
    assert read_ordering("fined by the CAC", "_") == (None, "fined by the CAC")
    assert parse_query("fines by PBOC", today=TODAY).sort is None


def test_an_order_does_not_make_a_question() -> None:
    assert read_intent("fines in 2022 by amount").ask is Ask.LIST
    assert read_intent("how much were the fines?").ask is Ask.HOW_MUCH
