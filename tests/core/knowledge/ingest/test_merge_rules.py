"""Two reports merge only when their facts agree (dates within 3 days or the same month,
categories, and an authority, amount or named party in common); otherwise a near miss is
flagged. The store is the same whatever the order of the files."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from pathlib import Path

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.ingest import read_and_parse
from bot.core.knowledge.ingest.match import Profile, disagreement
from bot.core.knowledge.ingest.merge import merge
from bot.core.knowledge.model import Category, DatePrecision, KnowledgeFile, Penalty
from bot.core.knowledge.store.writing import dump_knowledge

SHAPES = Path(__file__).resolve().parents[3] / "fixtures" / "newsletters" / "shapes"
NOW = dt.datetime(2023, 4, 5, 9, 0, tzinfo=dt.UTC)


def profile(
    day: int,
    category: Category = Category.ENFORCEMENT,
    facts: dict[str, float] | None = None,
    text: str = "a report",
    amount: int | None = None,
    precision: DatePrecision = DatePrecision.DAY,
) -> Profile:
    penalties = (Penalty(amount=Decimal(amount), bearer="X Co., Ltd."),) if amount else ()
    return Profile(
        key=f"k{day}{category}{amount}",
        newsletters=frozenset({f"n{day}{amount}{category}"}),
        dates=(dt.date(2023, 3, day),),
        precision=precision,
        text=text,
        facts=facts or {},
        penalties=penalties,
        category=category,
    )


def test_dates_more_than_three_days_apart_disagree_unless_one_is_month_only() -> None:
    cac = {"authority:CAC": 2.0}
    assert disagreement(profile(9, facts=cac), profile(12, facts=cac)) is None
    assert disagreement(profile(9, facts=cac), profile(13, facts=cac)) == "dates 4 days apart"
    month_only = profile(1, facts=cac, precision=DatePrecision.MONTH)
    assert disagreement(profile(28, facts=cac), month_only) is None


def test_categories_must_agree_except_for_industry_news() -> None:
    cac = {"authority:CAC": 2.0}
    assert disagreement(
        profile(9, Category.REGULATION, cac), profile(9, Category.ENFORCEMENT, cac)
    ) == ("categories differ (regulation / enforcement)")
    assert disagreement(profile(9, Category.INDUSTRY, cac), profile(9, facts=cac)) is None


def test_an_authority_an_amount_or_a_named_party_must_be_shared() -> None:
    assert disagreement(profile(9), profile(9)) == ("no authority, amount or named party in common")
    assert disagreement(profile(9, amount=5000), profile(10, amount=5000)) is None
    named = "The Lakeside Data Exchange opened a trading floor."
    assert disagreement(profile(9, text=named), profile(9, text=f"In Hangzhou, {named}")) is None


def test_the_store_is_the_same_in_every_order_of_the_files() -> None:
    gazetteer = default_gazetteer()
    files = [SHAPES / name for name in ("bylines.md", "memo_header.md", "near_miss.md")]
    parsed = {path: read_and_parse(path, gazetteer) for path in files}
    stores = {
        dump_knowledge(merge(KnowledgeFile(), [parsed[p] for p in order], NOW).knowledge)
        for order in itertools.permutations(files)
    }
    assert len(stores) == 1
    knowledge = merge(KnowledgeFile(), list(parsed.values()), NOW).knowledge
    suzhou = [d for d in knowledge.developments if d.title.startswith("Suzhou retailer")]
    # the same fine in two newsletters merges; a fine on another shop 18 days later does not
    assert sorted(len(d.sources) for d in suzhou) == [1, 2]


def test_a_status_is_a_rules_only_whatever_the_report_merged_into_it_says() -> None:
    from tests.core.knowledge.ingest.newsletters import parse

    industry = parse(
        "# Brief, June 2023\n\n## Industry\n\n- **Lakeside Ride resumes new sign-ups.** On 29 "
        "June 2023 Lakeside Ride said the CAC allowed it to resume registering new users.\n",
        "a.md",
    )
    rules = parse(
        "# Notes, June 2023\n\n## Regulation\n\n- **Lakeside Ride resumes new sign-ups after "
        "review.** On 29 June 2023 the CAC announced that Lakeside Ride may resume "
        "registering new users; the notice was issued after its review.\n",
        "b.md",
    )
    assert rules.items[0].status is not None
    knowledge = merge(KnowledgeFile(), [industry, rules], NOW).knowledge
    (development,) = knowledge.developments
    assert development.category is Category.INDUSTRY and development.status is None
