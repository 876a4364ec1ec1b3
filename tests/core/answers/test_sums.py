"""Totals a lawyer can quote: a penalty "each" counts once per person, fines and
compensation stay apart, and the sentence shows how the total was made."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.core.answers.engine import answer
from bot.core.answers.sums import FINES, Tally
from bot.core.knowledge.model import Penalty, PenaltyKind
from tests.support.developments import make_dev, make_store

TODAY = date(2023, 3, 1)


def _store():  # type: ignore[no-untyped-def]
    lender = make_dev(
        "2023-02-10-river-bank-aml-fine",
        date=date(2023, 2, 10),
        category="enforcement",
        title="River Bank fined for anti-money-laundering lapses",
        summary="On 10 February 2023 the regulator fined River Bank over its customer checks.",
        regions=("Zhejiang",),
        penalties=(
            Penalty(amount=Decimal(800_000), bearer="River Bank"),
            Penalty(
                amount=Decimal(20_000),
                amount_max=Decimal(50_000),
                bearer="4 responsible persons of River Bank",
                bearer_type="individual",
                note="4 individuals, each fined within this range",
            ),
        ),
    )
    shop = make_dev(
        "2023-02-15-shop-cctv-fine",
        date=date(2023, 2, 15),
        category="enforcement",
        title="Shop fined for filming customers",
        summary="On 15 February 2023 a market regulator fined a shop USD 1,000 for cameras.",
        regions=("Henan",),
        penalties=(Penalty(amount=Decimal(1_000), currency="USD", bearer="a shop"),),
    )
    award = make_dev(
        "2023-02-20-neighbour-camera-compensation",
        date=date(2023, 2, 20),
        category="court",
        title="Court orders neighbour to pay for a camera aimed at a flat",
        summary="On 20 February 2023 a court ordered a neighbour to pay CNY 3,000 in damages.",
        regions=("Beijing",),
        penalties=(
            Penalty(amount=Decimal(3_000), kind=PenaltyKind.COMPENSATION, bearer="a neighbour"),
        ),
    )
    return make_store([lender, shop, award])


def test_per_person_ranges_are_multiplied_by_the_people() -> None:
    store = _store()
    tally = Tally.of(store.developments, frozenset({FINES}))
    key = (FINES, "CNY")
    assert tally.low(key) == Decimal(880_000) and tally.high(key) == Decimal(1_000_000)
    assert "4 individuals at CNY 20,000–50,000 each (CNY 80,000 to CNY 200,000)" in (
        tally.made_of(FINES, "en")
    )


def test_the_total_names_each_currency_and_leaves_compensation_out() -> None:
    result = answer("what is the sum of the fines?", _store(), today=TODAY)
    assert result.direct is not None
    text = result.direct.text
    assert "CNY 880,000 to CNY 1,000,000" in text and "USD 1,000" in text
    assert "3,000" not in text  # compensation is no fine: left out and said so
    assert any("not a fine" in note for note in result.direct.notes)
    both = answer("add up all monetary penalties", _store(), today=TODAY)
    assert both.direct is not None
    assert "Compensation (not a fine) totals CNY 3,000" in both.direct.text


def test_chinese_total_is_in_chinese_with_the_people() -> None:
    result = answer("罚款一共多少？", _store(), today=TODAY)
    assert result.language == "zh" and result.direct is not None
    assert "另4人每人2万元至5万元" in result.direct.text


def test_the_average_fine_counts_each_person_and_keeps_currencies_apart() -> None:
    result = answer("what is the average fine?", _store(), today=TODAY)
    assert result.direct is not None and result.direct.ask == "average"
    text = result.direct.text
    # CNY: 800,000 plus 4 people at 20,000-50,000 = 880,000 to 1,000,000 over 5 fines
    assert "CNY 176,000 to CNY 200,000 (over 5 fines)" in text
    assert "USD 1,000 (over 1 fine)" in text and "not converted" in text
    assert "3,000" not in text  # compensation is no fine
    assert "4 individuals at CNY 20,000–50,000 each" in text  # what it was computed over


def test_the_median_fine_and_the_average_award() -> None:
    median = answer("what is the median fine", _store(), today=TODAY).direct
    assert median is not None and median.ask == "median"
    assert "CNY 20,000 to CNY 50,000 (over 5 fines)" in median.text
    award = answer("average compensation award", _store(), today=TODAY).direct
    assert award is not None
    assert "compensation award (not a fine): CNY 3,000 (over 1 award)" in award.text


def test_mean_as_a_verb_is_no_average() -> None:
    result = answer("what does the River Bank fine mean for banks?", _store(), today=TODAY)
    assert result.direct is None or result.direct.ask != "average"


def test_the_average_in_chinese() -> None:
    result = answer("平均罚款是多少？", _store(), today=TODAY)
    assert result.language == "zh" and result.direct is not None
    assert result.direct.text.startswith("罚款平均：17.6万元至20万元（5笔）")
