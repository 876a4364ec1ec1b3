"""The intake fidelity scorer, run on one small newsletter (figures, not timings)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from bench.fidelity import Ratio, Truth, score_file, score_merges
from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.ingest import read_and_parse
from bot.core.knowledge.ingest.parse import ParsedItem
from bot.core.knowledge.model import Category, Penalty, PenaltyKind

NEWSLETTER = """Regulatory Developments

1. CAC issues Measures for Security Assessment of Outbound Data Transfers

On 7 July 2022, the Cyberspace Administration of China issued the Measures for the Security \
Assessment of Outbound Data Transfers, which take effect on 1 September 2022.

Enforcement Developments

1. Shanghai regulator fines cosmetics retailer over facial recognition

On 8 July 2022, the Xuhui District Administration for Market Regulation fined Shanghai Meiyan \
Cosmetics Co., Ltd. RMB 350,000 for capturing customers' faces without consent.
"""

TRUTH = Truth.from_json(
    {
        "file": "small.txt",
        "developments": [
            {
                "merge_group": "assessment",
                "title_keywords": ["Security Assessment"],
                "date": "2022-07-07",
                "category": "regulation",
            },
            {
                "merge_group": "meiyan",
                "title_keywords": ["cosmetics"],
                "date": "2022-07-08",
                "category": "enforcement",
                "penalties": [
                    {
                        "amount": "350000",
                        "currency": "CNY",
                        "kind": "fine",
                        "payer": "Shanghai Meiyan Cosmetics",
                    }
                ],
            },
        ],
    }
)


@pytest.fixture(scope="module")
def items(tmp_path_factory: pytest.TempPathFactory) -> list[ParsedItem]:
    path: Path = tmp_path_factory.mktemp("fidelity") / "small.txt"
    path.write_text(NEWSLETTER, encoding="utf-8")
    return read_and_parse(path, default_gazetteer()).items


def test_a_correctly_split_newsletter_scores_full_marks(items: list[ParsedItem]) -> None:
    score = score_file(TRUTH, items)
    assert (score.recall, score.precision) == (Ratio(2, 2), Ratio(2, 2))
    assert (score.dates, score.categories, score.amounts) == (Ratio(2, 2), Ratio(2, 2), Ratio(1, 1))
    assert score.payers.total == 1


def test_each_kind_of_mistake_lowers_its_own_figure(items: list[ParsedItem]) -> None:
    rule, fine = items
    payer = "Shanghai Meiyan Cosmetics Co., Ltd."
    wrong = [
        dataclasses.replace(rule, date=dt.date(2022, 9, 1), category=Category.INDUSTRY),
        dataclasses.replace(
            fine,
            penalties=[
                Penalty(amount=Decimal(350_000), bearer=payer, kind=PenaltyKind.FINE),
                Penalty(amount=Decimal(50_000_000), bearer="not named"),  # a statutory maximum
            ],
        ),
        dataclasses.replace(fine, headline="Key highlights", body="Our views on the month."),
    ]
    score = score_file(TRUTH, wrong)
    assert (score.recall, score.precision) == (Ratio(2, 2), Ratio(2, 3))
    assert (score.dates, score.categories) == (Ratio(1, 2), Ratio(1, 2))
    assert score.amounts == Ratio(0, 1)
    assert score.payers == Ratio(1, 1)


def test_missing_items_lower_recall_only(items: list[ParsedItem]) -> None:
    score = score_file(TRUTH, items[1:])
    assert (score.recall, score.precision) == (Ratio(1, 2), Ratio(1, 1))


def test_merges_found_and_false_merges(items: list[ParsedItem]) -> None:
    other = Truth(file="other.txt", format="", developments=TRUTH.developments)
    scores = [score_file(TRUTH, items), score_file(other, items)]
    ids = {"small.txt": "small", "other.txt": "other"}
    refs = [item.ref for item in items]
    merged = {("small", refs[0]): "a", ("other", refs[0]): "a"}
    merged |= {("small", refs[1]): "b", ("other", refs[1]): "c"}
    result = score_merges([TRUTH, other], scores, merged, ids)
    assert (result.found, result.false_merges) == (Ratio(1, 2), 0)
    merged[("other", refs[1])] = "a"  # the fine merged into the regulation
    result = score_merges([TRUTH, other], scores, merged, ids)
    assert (result.found, result.false_merges) == (Ratio(1, 2), 2)
