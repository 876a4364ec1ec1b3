"""The topics of China's data laws as lawyers name them, in English and Chinese, find the
developments that speak of them in other words."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers.engine import answer
from bot.core.knowledge.store import Store
from tests.conftest import BUNDLED_STORE

SHENZHEN = "2022-05-16-shenzhen-data-trading-work-plan"  # "cross-border data merchants"


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.load(BUNDLED_STORE)


@pytest.mark.parametrize(
    "text", ["数据出境", "数据跨境", "data export", "outbound data transfers", "exporting data"]
)
def test_data_export_however_asked_finds_the_cross_border_development(
    store: Store, text: str
) -> None:
    found = answer(text, store, today=date(2022, 6, 15), page_size=50)
    assert [d.id for d in found.results] == [SHENZHEN]


def test_a_topic_no_development_speaks_of_is_answered_with_nothing(store: Store) -> None:
    found = answer("生成式人工智能", store, today=date(2022, 6, 15))
    assert not found.results
