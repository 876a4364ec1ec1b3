"""Who pays: one penalty per named payer, conversions are not second fines, anaphors point
back to the payer named before, and a payer is never a verb or a common noun."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.penalties import NOT_NAMED, find_penalties
from bot.core.knowledge.model import BearerType, PenaltyKind


def payers(text: str, headline: str = "") -> list[tuple[Decimal, str, str]]:
    found = find_penalties(text, headline, None, default_gazetteer())
    return [(p.amount, p.currency, p.bearer) for p in found]


def test_each_on_several_named_people_gives_one_fine_each() -> None:
    text = "The bureau imposed fines of RMB 2 million each on Gao Feng, Mr. Ren Bo and Xia Lu."
    assert payers(text) == [
        (Decimal(2_000_000), "CNY", "Gao Feng"),
        (Decimal(2_000_000), "CNY", "Ren Bo"),
        (Decimal(2_000_000), "CNY", "Xia Lu"),
    ]


def test_an_amount_in_parentheses_after_another_is_a_conversion() -> None:
    text = "The regulator fined Harbour Ride Co., Ltd. RMB 6.5 billion (~USD 0.9 billion)."
    assert payers(text) == [(Decimal(6_500_000_000), "CNY", "Harbour Ride Co., Ltd.")]
    restated = "A court fined Bright Lake Co., Ltd. RMB 300,000 (人民币30万元) for the sale."
    assert len(payers(restated)) == 1


def test_the_company_points_back_to_the_company_named_before() -> None:
    text = (
        "The bank regulator found that Eastgate Payment Services Co., Ltd. kept no records. "
        "The company was fined RMB 900,000."
    )
    assert payers(text) == [(Decimal(900_000), "CNY", "Eastgate Payment Services Co., Ltd.")]


def test_a_person_by_role_after_the_company_pays_the_second_fine() -> None:
    text = (
        "Police fined Westbank Freight Co., Ltd. RMB 40,000 and fined the person in charge "
        "RMB 8,000."
    )
    assert payers(text) == [
        (Decimal(40_000), "CNY", "Westbank Freight Co., Ltd."),
        (Decimal(8_000), "CNY", "person in charge"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The manager in charge, Mr. Liang, was personally fined RMB 20,000.",
        "A court sentenced a defendant surnamed Liang to two years in prison and a fine of "
        "RMB 20,000.",
    ],
)
def test_a_person_is_named_without_honorific_or_role(text: str) -> None:
    assert [bearer for _, _, bearer in payers(text)] == ["Liang"]


@pytest.mark.parametrize(
    "text",
    [
        "Fined RMB 50,000 for unsolicited calls.",
        "The company was fined RMB 30,000.",
        "法院判处该公司罚金人民币10万元。",
    ],
)
def test_no_verb_or_common_noun_is_a_payer(text: str) -> None:
    found = find_penalties(text, "", None, default_gazetteer())
    assert [p.bearer for p in found] == [NOT_NAMED]


def test_the_company_in_chinese_points_back_too() -> None:
    text = "深圳某某科技有限公司违规收集信息。法院判处该公司罚金人民币10万元。"
    (penalty,) = find_penalties(text, "", None, default_gazetteer())
    assert penalty.bearer == "深圳某某科技有限公司"
    assert penalty.kind is PenaltyKind.CRIMINAL_FINE
    assert penalty.bearer_type is BearerType.ENTITY


def test_him_points_back_to_the_defendant_named_before() -> None:
    text = (
        "The court convicted a defendant surnamed Qiu of selling parcel data and sentenced "
        "him to two years in prison and a fine of RMB 90,000."
    )
    assert payers(text) == [(Decimal(90_000), "CNY", "Qiu")]


def test_an_unnamed_person_by_role_is_the_person_in_charge() -> None:
    text = (
        "Police fined Harbour Freight Co., Ltd. RMB 30,000 and fined its responsible person "
        "RMB 5,000."
    )
    assert payers(text)[1] == (Decimal(5_000), "CNY", "person in charge")


def test_a_chinese_person_named_after_a_role_pays_their_own_fine() -> None:
    text = "监管局对上海某商业银行股份有限公司罚款80万元，对时任相关负责人王某给予警告并罚款5万元。"
    assert payers(text) == [
        (Decimal(800000), "CNY", "上海某商业银行股份有限公司"),
        (Decimal(50000), "CNY", "王某"),
    ]


def test_an_officer_fined_after_the_company_is_a_person_not_the_company() -> None:
    text = (
        "Lakeside Clinic Co., Ltd. was given a warning and fined RMB 80,000; its information "
        "officer was fined RMB 5,000."
    )
    found = find_penalties(text, "", None, default_gazetteer())
    assert [(p.amount, p.bearer_type) for p in found] == [
        (Decimal(80_000), BearerType.ENTITY),
        (Decimal(5_000), BearerType.INDIVIDUAL),
    ]
    assert "Lakeside" not in found[1].bearer


def test_a_fine_imposed_on_a_company_named_after_the_amount() -> None:
    text = "The court upheld a RMB 500,000 fine imposed on Trustline Credit Co., Ltd. last year."
    assert payers(text) == [(Decimal(500_000), "CNY", "Trustline Credit Co., Ltd.")]
