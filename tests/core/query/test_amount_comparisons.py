"""The words lawyers use to compare amounts ("exceeded", "in excess of", "upwards of")
bound the amount; none of them is read as an exact amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.query.parser import parse_query


@pytest.mark.parametrize(
    "text",
    [
        "how many fines exceeded CNY 100k?",
        "fines in excess of 100k",
        "fines upwards of 100k",
        "fines beyond RMB 100,000",
    ],
)
def test_a_lower_bound(text: str) -> None:
    f = parse_query(text).filters
    assert f.amount_min is not None and f.amount_min.value == Decimal(100_000)
    assert f.amount_max is None  # never "a penalty of CNY 100,000" exactly
