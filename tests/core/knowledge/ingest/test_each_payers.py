"""Several payers of one amount each: one penalty per payer named (companies as well as
people), amounts paired with payers "respectively", and a flag, not a guess, when the text
does not tell the payers apart (sentences in our own words, invented companies)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.each_payers import UNTOLD_NOTE
from bot.core.knowledge.ingest.flags import review_flags
from bot.core.knowledge.ingest.penalties import find_penalties
from bot.core.knowledge.model import BearerType, Category, Penalty


def read(text: str) -> list[Penalty]:
    return find_penalties(text, "", None, default_gazetteer())


def bearers(text: str) -> list[tuple[Decimal, str, BearerType]]:
    return [(p.amount, p.bearer, p.bearer_type) for p in read(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Two Lijiang guesthouses, Lijiang Stonebridge Inn Co., Ltd. and Lijiang Cloudgate "
        "Hospitality Co., Ltd., were each fined RMB 80,000 for losing guest records.",
        "The city bureau fined Lijiang Stonebridge Inn Co., Ltd. and Lijiang Cloudgate "
        "Hospitality Co., Ltd. RMB 80,000 each.",
        "The bureau imposed fines of RMB 80,000 each on Lijiang Stonebridge Inn Co., Ltd. and "
        "Lijiang Cloudgate Hospitality Co., Ltd. for the leak.",
    ],
)
def test_named_companies_each_fined_get_one_penalty_each(text: str) -> None:
    assert bearers(text) == [
        (Decimal(80000), "Lijiang Stonebridge Inn Co., Ltd.", BearerType.ENTITY),
        (Decimal(80000), "Lijiang Cloudgate Hospitality Co., Ltd.", BearerType.ENTITY),
    ]


def test_a_company_and_a_person_each_fined_and_chinese_companies() -> None:
    text = (
        "Both Orchid Ledger Co., Ltd. and its legal representative Wang Lei were each fined "
        "RMB 20,000."
    )
    assert bearers(text) == [
        (Decimal(20000), "Orchid Ledger Co., Ltd.", BearerType.ENTITY),
        (Decimal(20000), "Wang Lei", BearerType.INDIVIDUAL),
    ]
    chinese = "市场监管局对青禾数据科技有限公司、远帆网络有限公司各处罚款5万元。"
    assert [p.bearer for p in read(chinese)] == ["青禾数据科技有限公司", "远帆网络有限公司"]
    # the payers in a clause before the one that says 各
    earlier = (
        "青禾数据科技有限公司、远帆网络有限公司因未履行数据安全义务，各被处以罚款人民币10万元。"
    )
    assert [p.bearer for p in read(earlier)] == ["青禾数据科技有限公司", "远帆网络有限公司"]


def test_amounts_respectively_go_to_their_own_payers() -> None:
    text = (
        "Orchid Ledger Co., Ltd. and Bluefin Cargo Co., Ltd. were fined RMB 50,000 and "
        "RMB 80,000 respectively."
    )
    assert bearers(text) == [
        (Decimal(50000), "Orchid Ledger Co., Ltd.", BearerType.ENTITY),
        (Decimal(80000), "Bluefin Cargo Co., Ltd.", BearerType.ENTITY),
    ]


def test_an_earlier_fine_in_the_sentence_is_not_one_of_the_payers_each_fined() -> None:
    text = (
        "The regulator fined Orchid Ledger Co., Ltd. RMB 2 million, and Chen Hao and Lin Yue "
        "were each fined RMB 100,000."
    )
    assert bearers(text)[1:] == [
        (Decimal(100000), "Chen Hao", BearerType.INDIVIDUAL),
        (Decimal(100000), "Lin Yue", BearerType.INDIVIDUAL),
    ]


@pytest.mark.parametrize(
    "text", ["Two hotels were each fined RMB 80,000.", "两家酒店各被罚款8万元。"]
)
def test_payers_each_fined_but_not_told_apart_are_flagged_not_guessed(text: str) -> None:
    [penalty] = read(text)
    assert penalty.note == UNTOLD_NOTE
    flags = review_flags(
        title="Hotels fined over guest data",
        sections=["Enforcement"],
        category=Category.ENFORCEMENT,
        penalties=[penalty],
        date=dt.date(2023, 11, 15),
        issue_months=["2023-11"],
        regions=["Hainan"],
        authorities=[],
        slug="hotels-fined-guest-data",
        gazetteer=default_gazetteer(),
    )
    assert any("does not tell apart" in flag for flag in flags)


def test_one_payer_fined_for_each_of_two_breaches_is_one_penalty() -> None:
    text = "Orchid Ledger Co., Ltd. was fined RMB 10,000 for each of two breaches."
    [penalty] = read(text)
    assert (penalty.bearer, penalty.note) == ("Orchid Ledger Co., Ltd.", None)


def test_amounts_respectively_on_a_company_and_a_person_named_after_them() -> None:
    text = (
        "The city police imposed fines of RMB 100,000 and RMB 20,000 respectively on Harbour "
        "Swiftpost Logistics Co., Ltd. and its data manager, Mr. Tang Wei, after parcel records "
        "were sold online."
    )
    assert bearers(text) == [
        (Decimal(100000), "Harbour Swiftpost Logistics Co., Ltd.", BearerType.ENTITY),
        (Decimal(20000), "Tang Wei", BearerType.INDIVIDUAL),
    ]


def test_payers_not_told_apart_are_named_by_the_words_for_them_all() -> None:
    text = (
        "Orchid Ledger Co., Ltd. received a fine of RMB 150,000, and its two managers were "
        "each fined RMB 10,000."
    )
    company, managers = read(text)
    assert (company.bearer, company.note) == ("Orchid Ledger Co., Ltd.", None)
    assert (managers.bearer, managers.bearer_type, managers.note) == (
        "Its two managers",
        BearerType.INDIVIDUAL,
        UNTOLD_NOTE,
    )
