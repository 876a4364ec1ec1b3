"""How many people a per-person penalty falls on."""

from __future__ import annotations

import pytest

from bot.core.lexicon.persons import people_named, per_head_count


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("5 managers of Acme Bank", "each fined within this range"), 5),
        (("three senior executives", "RMB 50,000 apiece"), 3),
        (("某公司4名员工", "各罚款2万元"), 4),
        (("12 staff members", "fined CNY 8,000 per person"), 12),
        (("9 employees", "fined CNY 100,000 in total"), 1),  # a total, not per head
        (("Acme Bank", None), 1),
        (("one director", "each"), 1),
    ],
)
def test_per_head_count(texts: tuple[str, str | None], expected: int) -> None:
    assert per_head_count(*texts) == expected


def test_people_named() -> None:
    assert people_named("eleven officials of the bureau") == 11
    assert people_named("两名高管") == 2
    assert people_named("the company") is None
