from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.core.knowledge.model import Category, Status
from bot.core.query.filters import AmountBound, Filters
from bot.core.query.parser import parse_query
from tests.support.developments import DEVS, TODAY


def understood(text: str) -> dict[str, str]:
    return {u.label: u.value for u in parse_query(text, today=TODAY).understood}


def test_categories_and_penalties_in_english_and_chinese() -> None:
    for text in ("fines", "penalties", "罚款", "处罚", "fined"):
        assert parse_query(text).filters.monetary_penalty, text
    assert parse_query("enforcement").filters.categories == {Category.ENFORCEMENT}
    assert parse_query("执法").filters.categories == {Category.ENFORCEMENT}
    assert parse_query("laws").filters.categories == {Category.REGULATION}
    assert parse_query("法规").filters.categories == {Category.REGULATION}
    assert parse_query("courts").filters.categories == {Category.COURT}
    assert parse_query("法院 判决").filters.categories == {Category.COURT}
    assert parse_query("litigation").filters.categories == {Category.COURT}
    assert parse_query("industry").filters.categories == {Category.INDUSTRY}
    assert parse_query("行业").filters.categories == {Category.INDUSTRY}
    for text in ("drafts", "草案", "征求意见", "for comment"):
        assert parse_query(text).filters.statuses == {Status.DRAFT}, text


def test_industry_is_a_category_only_at_the_start() -> None:
    parsed = parse_query("insurance industry data")
    assert not parsed.filters.categories
    assert "industry" in parsed.terms


def test_regions_with_typos_and_chinese() -> None:
    assert parse_query("hennan").filters.regions == ("Henan",)
    assert parse_query("heilongjang").filters.regions == ("Heilongjiang",)
    assert parse_query("河南").filters.regions == ("Henan",)
    assert parse_query("yuzhou").filters.regions == ("Yuzhou",)


def test_several_regions_widen() -> None:
    filters = parse_query("fines henan beijing").filters
    assert filters.regions == ("Henan", "Beijing")
    assert understood("fines henan beijing")["region"] == "Henan or Beijing"


def test_authorities_laws_entities_and_misspelt_names() -> None:
    assert understood("CAC") == {"authority": "CAC"}
    assert understood("网信办") == {"authority": "CAC"}
    assert understood("银保监会") == {"authority": "CBIRC"}
    assert understood("个人信息保护法") == {"law": "PIPL"}
    for lawyers_name in ("PI law", "PI Protection Law", "personal information law"):
        assert understood(lawyers_name) == {"law": "PIPL"}, lawyers_name
    assert understood("shaoxing bank") == {"entity": "Shaoxing Bank"}
    assert understood("shaoxin bank") == {"entity": "Shaoxing Bank"}
    assert understood("crawller") == {"topic": "web crawler"}


def test_questions_drop_stop_words_and_map_words() -> None:
    parsed = parse_query("Which bank was fined and how much?", today=TODAY)
    assert parsed.filters.monetary_penalty
    assert [c.value for c in parsed.filters.concepts] == ["banking"]
    assert parsed.terms == ()
    parsed = parse_query("What did the four departments issue on May 30?", today=TODAY)
    assert parsed.filters.date_from == parsed.filters.date_to == date(2022, 5, 30)
    assert parsed.terms == ("four", "departments", "issue")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("may 2022", date(2022, 5, 1), date(2022, 5, 31)),
        ("2022-05", date(2022, 5, 1), date(2022, 5, 31)),
        ("2022年5月", date(2022, 5, 1), date(2022, 5, 31)),
        ("last month", date(2022, 5, 1), date(2022, 5, 31)),
        ("since 2022-05-15", date(2022, 5, 15), None),
        ("before 2022-06", None, date(2022, 5, 31)),
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("May 30, 2022", date(2022, 5, 30), date(2022, 5, 30)),
        ("between 2022-05-01 and 2022-05-15", date(2022, 5, 1), date(2022, 5, 15)),
        ("from May 2022 to 2022-06-15", date(2022, 5, 1), date(2022, 6, 15)),
        ("since may", date(2022, 5, 1), None),
    ],
)
def test_dates(text: str, start: date | None, end: date | None) -> None:
    filters = parse_query(text, today=TODAY).filters
    assert (filters.date_from, filters.date_to) == (start, end)


def test_dates_without_a_year_are_the_most_recent_not_in_the_future() -> None:
    for text in ("May 30", "5月30日"):
        filters = parse_query(text, today=TODAY).filters
        assert (filters.date_from, filters.date_to) == (date(2022, 5, 30), date(2022, 5, 30))
        assert filters.year_guessed and not filters.months_of_year and not filters.days_of_year
    june = parse_query("in june", today=TODAY).filters  # the current month counts
    assert (june.date_from, june.date_to) == (date(2022, 6, 1), date(2022, 6, 30))
    july = parse_query("fines in July", today=TODAY).filters  # July 2022 is still to come
    assert (july.date_from, july.date_to) == (date(2021, 7, 1), date(2021, 7, 31))
    assert parse_query("6月的罚款", today=date(2026, 12, 6)).filters.date_from == date(2026, 6, 1)
    typed = parse_query("fines in June or in 2021", today=TODAY).filters
    assert not typed.year_guessed  # a year typed elsewhere is the month's year
    # "may" alone is a verb, not a month
    assert parse_query("what may happen").filters.is_empty


@pytest.mark.parametrize(
    ("text", "low", "inclusive"),
    [
        ("fines over 1m", Decimal(1_000_000), False),
        ("above 500k", Decimal(500_000), False),
        ("> 100,000", Decimal(100_000), False),
        ("超过100万", Decimal(1_000_000), False),
        ("100万以上", Decimal(1_000_000), True),
        ("at least RMB 2.5 million", Decimal(2_500_000), True),
    ],
)
def test_amounts(text: str, low: Decimal, inclusive: bool) -> None:
    filters = parse_query(text).filters
    assert filters.amount_min == AmountBound(low, inclusive)
    assert filters.monetary_penalty


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("fines between 10k and 100k", 10_000, 100_000),
        ("fines between RMB 10k and 100k", 10_000, 100_000),
        ("penalties between 10,000 and 100,000", 10_000, 100_000),
        ("fines from RMB 1 to 5 million", 1_000_000, 5_000_000),  # the scale applies to both
        ("fines 100k-1m", 100_000, 1_000_000),
        ("fines between 100k and 10k", 10_000, 100_000),  # either order
        ("罚款10万到100万之间", 100_000, 1_000_000),
        ("罚款 10万至100万", 100_000, 1_000_000),
    ],
)
def test_a_range_of_amounts_bounds_both_ends(text: str, low: int, high: int) -> None:
    filters = parse_query(text, today=TODAY).filters
    assert filters.amount_min == AmountBound(Decimal(low), True), text
    assert filters.amount_max == AmountBound(Decimal(high), True), text
    assert not parse_query(text, today=TODAY).not_understood, text


@pytest.mark.parametrize("text", ["fines between 2021 and 2022", "罚款 2021年到2022年之间"])
def test_a_range_of_years_is_a_period_not_an_amount(text: str) -> None:
    filters = parse_query(text, today=TODAY).filters
    assert filters.amount_min is None and filters.amount_max is None
    assert filters.date_from == date(2021, 1, 1) and filters.date_to == date(2022, 12, 31)


def test_amount_words_without_money_are_not_amounts() -> None:
    filters = parse_query("over 30 apps").filters
    assert filters.amount_min is None and not filters.monetary_penalty


def test_impossible_input_is_an_error_not_an_exception() -> None:
    assert parse_query("2022-13").errors == ("2022-13 is not a date: months run from 1 to 12.",)
    assert "29 days" not in parse_query("2022-02-30").errors[0]
    assert "28 days" in parse_query("2022-02-30").errors[0]
    assert parse_query("fines over 10000000000000000000").errors
    assert parse_query("fines over 1m under 10k").errors
    assert parse_query("since 2022-06 before 2022-05").errors


def test_not_understood_keeps_leftovers_and_drops_slack_markup() -> None:
    parsed = parse_query("<!channel> fines <@U123> 😀 河南的罚款 人脸")
    assert parsed.filters.regions == ("Henan",)
    assert parsed.not_understood == ("😀",)
    assert parsed.terms == ("人脸",)  # Chinese leftovers are searched, as two-character words


def test_suggests_a_region_for_a_distant_typo() -> None:
    assert parse_query("henanr province").filters.regions == ("Henan",)
    assert "Did you mean Hunan?" in parse_query("hunam").suggestions
    assert parse_query("hunam").filters.regions == ()


def test_understood_values_are_canonical_not_user_text() -> None:
    parsed = parse_query("FINES in HENNAN over 1M since 2022-05-15", today=TODAY)
    values = {u.value for u in parsed.understood}
    assert values == {
        "fines and other monetary penalties",
        "Henan",
        "since 15 May 2022",
        "over CNY 1,000,000",
    }


def test_filters_match_on_their_own() -> None:
    by_id = {d.id: d for d in DEVS}
    yuzhou = by_id["2022-05-27-henan-sales-office-face-recognition-fine"]
    bank = by_id["2022-05-20-shaoxing-bank-fined-customer-identification"]
    cverc = by_id["2022-05-01-cverc-30-apps-privacy"]
    henan_fines = Filters(monetary_penalty=True, regions=("Henan",))
    assert henan_fines.matches(yuzhou) and not henan_fines.matches(bank)
    # a range penalty (10,000-70,000) counts at its top for "over", its bottom for "under"
    assert parse_query("fines over 60k").filters.matches(bank)
    assert parse_query("fines under 20k").filters.matches(bank)
    assert not parse_query("fines under 20k").filters.matches(yuzhou)
    # a month-precision record overlaps any range inside its month, but no single day
    assert parse_query("since 2022-05-15").filters.matches(cverc)
    assert not parse_query("May 30").filters.matches(cverc)
    # a named thing matches when tagged or mentioned
    assert parse_query("anti-money laundering").filters.matches(bank)
    assert parse_query("face recognition").filters.matches(yuzhou)


def test_compensation_is_its_own_penalty_kind() -> None:
    from bot.core.knowledge.model import PenaltyKind

    by_id = {d.id: d for d in DEVS}
    filters = parse_query("compensation").filters
    assert filters.penalty_kinds == {PenaltyKind.COMPENSATION}
    assert filters.matches(by_id["2022-05-05-wife-locator-privacy-compensation"])
    assert not filters.matches(by_id["2022-05-27-henan-sales-office-face-recognition-fine"])
    assert understood("赔偿") == {"penalties": "compensation"}


def test_a_misspelt_name_must_resemble_word_by_word() -> None:
    assert understood("cybersecurity plan") == {"topic": "cybersecurity"}
    assert understood("data securty law") == {"law": "DSL"}
