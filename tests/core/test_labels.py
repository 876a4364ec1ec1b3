from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.core.knowledge.model import Category, Penalty, PenaltyKind, Status
from bot.core.labels import (
    CATEGORY_FILTER_LABELS,
    CATEGORY_HEADINGS,
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    format_amount,
    format_day,
    format_money,
    format_penalty,
    format_status,
)
from tests.support.developments import make_dev


def test_every_category_has_every_label_in_order() -> None:
    assert set(CATEGORY_ORDER) == set(Category)
    for table in (CATEGORY_LABELS, CATEGORY_HEADINGS, CATEGORY_FILTER_LABELS):
        assert set(table) == set(Category)
    assert CATEGORY_LABELS[Category.COURT] == "Court"
    assert CATEGORY_HEADINGS[Category.COURT] == "Courts"


def test_amounts() -> None:
    assert format_amount(Decimal(5500000)) == "CNY 5,500,000"
    assert format_amount(Decimal("1234.5"), "USD") == "USD 1,234.50"
    ranged = Penalty(amount=Decimal(10000), amount_max=Decimal(70000), bearer="x")
    assert format_money(ranged) == "CNY 10,000–70,000"
    paid = Penalty(amount=Decimal(6000), kind=PenaltyKind.COMPENSATION, bearer="a consumer")
    assert format_penalty(paid) == "CNY 6,000 compensation (a consumer)"


def test_days() -> None:
    assert format_day(dt.date(2022, 5, 7)) == "7 May 2022"


def test_a_draft_shows_its_comment_deadline() -> None:
    draft = make_dev("2022-05-19-draft", status=Status.DRAFT, comment_deadline=dt.date(2022, 6, 18))
    assert format_status(draft) == "draft for comment, comments until 18 June 2022"
