"""A list comes in the order asked ("by amount", "by date", "oldest first", "按时间顺序"),
and the order words are not reported as ignored search words."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers.answer import Answer
from bot.core.answers.engine import answer
from bot.core.knowledge.store import Store
from tests.conftest import BUNDLED_STORE

TODAY = date(2022, 6, 15)
BANK = "2022-05-20-shaoxing-bank-customer-identification-fine"
YUZHOU = "2022-05-27-yuzhou-face-recognition-fine"
WUXI = "2022-05-10-wuxi-short-video-web-crawler-judgment"


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.load(BUNDLED_STORE)


def ask(store: Store, text: str, page_size: int = 10) -> Answer:
    return answer(text, store, today=TODAY, page_size=page_size)


def _ids(result: Answer) -> list[str]:
    return [d.id for d in result.results]


def test_by_amount_orders_and_is_not_ignored(store: Store) -> None:
    result = ask(store, "fines in 2022 by amount")
    assert _ids(result) == [BANK, YUZHOU, WUXI]
    assert not result.not_understood
    assert not any("amount" in n for n in (result.direct.notes if result.direct else ()))
    assert "Ignored" not in result.headline


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("fines in 2022 by date", [YUZHOU, BANK, WUXI]),
        ("fines oldest first", [WUXI, BANK, YUZHOU]),
        ("fines sorted by size, smallest first", [WUXI, YUZHOU, BANK]),
        ("罚款按时间顺序", [WUXI, BANK, YUZHOU]),
    ],
)
def test_the_order_asked_is_the_order_given(store: Store, text: str, ids: list[str]) -> None:
    assert _ids(ask(store, text)) == ids


def test_oldest_first_pages_through_the_whole_list(store: Store) -> None:
    first = ask(store, "fines oldest first", page_size=2)
    assert _ids(first) == [WUXI, BANK] and first.next_offset == 2
    rest = answer("fines oldest first", store, today=TODAY, page_size=2, offset=2)
    assert _ids(rest) == [YUZHOU]


def test_a_chinese_list_says_its_order(store: Store) -> None:
    assert "（按时间从旧到新）" in ask(store, "罚款按时间顺序").headline
