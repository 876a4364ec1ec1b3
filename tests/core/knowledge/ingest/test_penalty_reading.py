"""Penalties read from sentences: statutory maxima left out, compensation, and the payer
named in the sentence (companies by legal form, people, several people each fined)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.amounts import find_money
from bot.core.knowledge.ingest.penalties import NOT_NAMED, find_penalties
from bot.core.knowledge.model import BearerType, PenaltyKind


def read(text: str, headline: str = "") -> list[tuple[Decimal, str, str, str]]:
    return [
        (p.amount, p.kind.value, p.bearer, p.bearer_type.value)
        for p in find_penalties(text, headline, None, default_gazetteer())
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Under the PIPL, violators may be fined up to RMB 50 million or 5% of turnover.",
        "Operators face fines of up to RMB 5 million for serious breaches.",
        "The regulator relied on the PIPL, under which the maximum fine for ordinary "
        "violations is RMB 1 million.",
        "For comparison, the PIPL caps fines at RMB 50 million.",
        "依据有关规定，最高可处五千万元罚款。",
        "情节严重的，处五千万元以下罚款。",
    ],
)
def test_statutory_maxima_are_not_penalties(text: str) -> None:
    assert read(text) == []


def test_compensation_ordered_to_a_company_named_by_its_legal_form() -> None:
    text = (
        "The court ordered Hangzhou Yuefu Property Management Co., Ltd. to delete the data "
        "and to pay RMB 6,000 to compensate the resident for his losses."
    )
    assert read(text) == [
        (
            Decimal(6000),
            "compensation",
            "Hangzhou Yuefu Property Management Co., Ltd.",
            "entity",
        )
    ]


def test_payer_after_a_fine_imposed_on() -> None:
    text = (
        "On 16 June 2022 the Shenzhen Municipal Communications Administration imposed a fine "
        "of RMB 500,000 on Shenzhen Lianxin Technology Co., Ltd., whose app uploaded contacts."
    )
    assert read(text) == [
        (Decimal(500000), "fine", "Shenzhen Lianxin Technology Co., Ltd.", "entity")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The CAC fined Didi Global Inc. RMB 8.026 billion and fined its chairman Cheng Wei "
        "and its president Liu Qing RMB 1 million each.",
        "Chairman Cheng Wei and president Liu Qing were each fined RMB 1 million.",
        "Cheng Wei, its chairman, and Liu Qing, its president, were each fined RMB 1 million.",
        "The chairman and CEO Cheng Wei and the president Liu Qing were also fined RMB 1 "
        "million each.",
    ],
)
def test_people_each_fined_get_one_penalty_each(text: str) -> None:
    people = [p for p in read(text) if p[0] == Decimal(1000000)]
    assert people == [
        (Decimal(1000000), "fine", "Cheng Wei", "individual"),
        (Decimal(1000000), "fine", "Liu Qing", "individual"),
    ]


def test_the_company_a_known_entity_and_chinese_payers() -> None:
    assert read("Didi Global Co., Ltd. was fined RMB 8.026 billion by the CAC.") == [
        (Decimal(8026000000), "fine", "Didi", "entity")  # the gazetteer's name
    ]
    assert read("被告人王某被判处有期徒刑三年，并处罚金人民币五万元。") == [
        (Decimal(50000), "criminal_fine", "王某", "individual")
    ]
    assert read(
        "上海市市场监督管理局对该公司处以罚款叁拾伍万元。", headline="上海锐易网络科技有限公司被罚"
    ) == [(Decimal(350000), "fine", "上海锐易网络科技有限公司", "entity")]


def test_an_amount_without_a_payer_is_not_named() -> None:
    [penalty] = find_penalties(
        "A fine of RMB 30,000 was imposed for leaking data.", "", None, default_gazetteer()
    )
    assert (penalty.bearer, penalty.bearer_type) == (NOT_NAMED, BearerType.ENTITY)
    assert penalty.kind is PenaltyKind.FINE


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("罚款五十万元", 500000),
        ("处以壹佰万元罚款", 1000000),
        ("罚款叁拾伍万元", 350000),
        ("罚款35万元", 350000),
        ("罚款1.2亿元", 120000000),
        ("罚款一千零三十八元", 1038),
    ],
)
def test_chinese_amounts(text: str, amount: int) -> None:
    [money] = find_money(text)
    assert (money.amount, money.currency) == (Decimal(amount), "CNY")


def test_chinese_numeral_ranges_and_non_amounts() -> None:
    [money] = find_money("处二十万元至一百万元罚款")
    assert (money.amount, money.amount_max) == (Decimal(200000), Decimal(1000000))
    assert find_money("统一元数据标准") == []
