"""A query built from a form's choices: each field is its filter, only the text is parsed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.core.knowledge.model import Category, Status
from bot.core.query.chosen import chosen_query


def test_each_choice_is_its_filter_and_a_chosen_date_wins_over_the_texts() -> None:
    parsed = chosen_query(
        "fines since 2020",
        categories=(Category.ENFORCEMENT, Category.COURT),
        statuses=(Status.ADOPTED,),
        regions=("Henan", "Beijing"),
        authorities=("CAC", "MIIT"),
        date_from=dt.date(2022, 1, 1),
        amount_min=Decimal(500_000),
        amount_max=Decimal(2_000_000),
    )
    f = parsed.filters
    assert f.categories == {Category.ENFORCEMENT, Category.COURT}
    assert f.statuses == {Status.ADOPTED}
    assert f.regions == ("Henan", "Beijing")
    assert [c.names for c in f.concepts] == [(("authorities", "CAC"),), (("authorities", "MIIT"),)]
    assert f.date_from == dt.date(2022, 1, 1)
    assert f.amount_min is not None and f.amount_min.value == 500_000
    assert f.amount_max is not None and f.amount_max.value == 2_000_000
    labels = {u.label for u in parsed.understood}
    assert {"category", "status", "region", "authority", "date", "amount"} <= labels
