"""Money amounts -> exact decimals, and penalties read from their context."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.amounts import find_money
from bot.core.knowledge.ingest.penalties import find_penalties
from bot.core.knowledge.model import BearerType, PenaltyKind


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("was fined RMB 200,000.", "200000", None),
        ("was fined 5.5 million CNY for", "5500000", None),
        ("were fined from 10,000 to 70,000 CNY.", "10000", "70000"),
        ("a profit of more than 24,000 CNY.", "24000", None),
        ("a fine of 30,000 yuan", "30000", None),
        ("RMB 1.25 million", "1250000", None),
        ("被处以罚款20万元", "200000", None),
        ("罚款550万元", "5500000", None),
        ("罚款1.2亿元", "120000000", None),
        ("处1万元至7万元罚款", "10000", "70000"),
    ],
)
def test_amounts_are_exact(text: str, low: str, high: str | None) -> None:
    (money,) = find_money(text)
    assert money.amount == Decimal(low)
    assert money.amount_max == (Decimal(high) if high else None)
    assert money.currency == "CNY"


def test_counts_are_not_money() -> None:
    assert find_money("a total of 439,600 reports and 17,000 suspects in 2021") == []


def test_other_currencies() -> None:
    (money,) = find_money("fined USD 1.5 million")
    assert (money.amount, money.currency) == (Decimal(1500000), "USD")


def penalties(text: str, headline: str = "Headline", entity: str | None = None) -> list:
    return find_penalties(text, headline, entity, default_gazetteer())


def test_kind_from_context() -> None:
    (confiscated, fined) = penalties(
        "The AMR confiscated illegal gains of RMB 12,000 and fined the company RMB 50,000.",
        entity="Didi",
    )
    assert confiscated.kind is PenaltyKind.CONFISCATION and confiscated.amount == 12000
    assert fined.kind is PenaltyKind.FINE and fined.bearer == "Didi"
    (criminal,) = penalties(
        "The court sentenced Wang to three years in prison and a fine of RMB 8,000."
    )
    assert (criminal.kind, criminal.bearer, criminal.bearer_type) == (
        PenaltyKind.CRIMINAL_FINE,
        "Wang",
        BearerType.INDIVIDUAL,
    )
    (damages,) = penalties("The platform was ordered to pay the user RMB 5,000 as compensation.")
    assert damages.kind is PenaltyKind.COMPENSATION
    assert (
        penalties("The market reached RMB 5 billion, making an illegal profit of 3,000 CNY.") == []
    )


def test_chinese_fine_bearer_falls_back_to_main_entity() -> None:
    (fine,) = penalties("绍兴银行被罚款550万元。", entity="Shaoxing Bank")
    assert (fine.amount, fine.kind, fine.bearer) == (
        Decimal(5500000),
        PenaltyKind.FINE,
        "Shaoxing Bank",
    )


def test_bearer_from_headline_when_text_has_no_subject() -> None:
    (fine,) = penalties(
        "A fine of RMB 100,000 was imposed.", headline="Hotel Group Fined for Data Leak"
    )
    assert fine.bearer == "Hotel Group"


def test_two_amounts_joined_by_and_are_a_range_only_after_between() -> None:
    two = find_money("fined RMB 50,000 and RMB 80,000 respectively")
    assert [(m.amount, m.amount_max, m.text) for m in two] == [
        (Decimal(50000), None, "RMB 50,000"),
        (Decimal(80000), None, "RMB 80,000"),
    ]
    [between] = find_money("fines of between RMB 50,000 and RMB 80,000")
    assert (between.amount, between.amount_max) == (Decimal(50000), Decimal(80000))
