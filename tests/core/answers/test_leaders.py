"""“Which authority / region / company … the most”: the one in front named first, by number
and by amount per currency, ties and overlapping ranges said plainly, what was counted
said (compensation is not a fine)."""

from __future__ import annotations

import pytest

from bot.core.answers.intent import Ask, read_intent
from bot.core.knowledge.model import Category
from bot.core.knowledge.store import Store
from tests.support.bundled import ask, bundled_store
from tests.support.developments import make_dev, make_store

store = bundled_store()


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("which authority fined the most?", "authorities"),
        ("which region had the most fines?", "regions"),
        ("which company was fined the most?", "companies"),
        ("which sector had the largest fines?", "sectors"),
        ("who was fined the most?", "bearers"),
        ("most active regulator", "authorities"),
        ("罚款最多的是哪个部门?", "authorities"),
        ("哪个地区罚款最多？", "regions"),
    ],
)
def test_which_the_most_asks_for_a_ranking(text: str, by: str) -> None:
    intent = read_intent(text)
    assert (intent.ask, intent.group_by) == (Ask.TOP, by)


def test_the_largest_single_fine_stays_the_largest_fine() -> None:
    assert read_intent("which authority imposed the largest fine?").ask is Ask.LARGEST


def test_which_authority_fined_the_most_names_the_leader_and_the_tie(store: Store) -> None:
    result = ask(store, "which authority fined the most?")
    assert result.direct is not None and result.headline == result.direct.text
    text = result.direct.text
    assert text.startswith("By amount (CNY): PBOC leads with CNY 5,570,000 to CNY 5,990,000")
    assert (
        "By number of developments with fines: a tie between AMR, PBOC and People's Court" in text
    )
    assert "Counted: 3 developments with fines" in text
    assert any("compensation" in n for n in result.direct.notes)  # left out, and said


def test_which_company_ranks_the_companies_fined_not_the_first_match(store: Store) -> None:
    text = ask(store, "which company was fined the most?").direct.text  # type: ignore[union-attr]
    assert text.startswith("By amount (CNY): Shaoxing Bank leads with CNY 5,500,000")
    assert "Ding" not in text  # an individual, not a company
    assert "none fined is a company" in text


def test_regions_leave_nationwide_developments_out_and_say_so(store: Store) -> None:
    text = ask(store, "which region had the most developments?").direct.text  # type: ignore[union-attr]
    assert text.startswith("By number of developments: Beijing leads with 4 developments")
    assert "not counted (nationwide)" in text


def test_chinese_ranking(store: Store) -> None:
    result = ask(store, "罚款最多的是哪个部门?")
    assert result.direct is not None
    assert "中国人民银行最多" in result.direct.text and "并列最多" in result.direct.text


def _fine(dev_id: str, authority: str, low: int, high: int | None = None) -> object:
    penalty = {"amount": low, "amount_max": high, "bearer": f"Firm {dev_id[-1]}"}
    return make_dev(
        dev_id,
        category=Category.ENFORCEMENT,
        authorities=(authority,),
        penalties=(penalty,),
        title=f"{authority} fines a firm",
    )


def test_overlapping_ranges_leave_the_leader_open() -> None:
    store = make_store(
        [_fine("2022-05-01-a", "CAC", 100_000, 900_000), _fine("2022-05-02-b", "MIIT", 500_000)]
    )
    text = ask(store, "which regulator fined the most?").direct.text  # type: ignore[union-attr]
    assert "no sure leader" in text and "leads" not in text.split(".")[0]


def test_equal_totals_are_a_tie() -> None:
    store = make_store(
        [_fine("2022-05-01-a", "CAC", 500_000), _fine("2022-05-02-b", "MIIT", 500_000)]
    )
    text = ask(store, "which regulator fined the most?").direct.text  # type: ignore[union-attr]
    assert "By amount (CNY): a tie between CAC and MIIT, CNY 500,000 each" in text


def test_which_industry_ranks_sectors_rather_than_filtering_industry_news(store: Store) -> None:
    result = ask(store, "哪个行业的罚款金额最高？")
    assert result.direct is not None
    assert result.direct.text.startswith("按罚款金额（CNY）：银行最多")
    assert not result.not_understood  # "最高" shapes the question, it is no search word


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("fines by region", "regions"),
        ("drafts per regulator", "authorities"),
        ("按地区统计罚款", "regions"),
        ("各部门的罚款", "authorities"),
    ],
)
def test_by_a_dimension_asks_for_a_breakdown(text: str, by: str) -> None:
    intent = read_intent(text)
    assert (intent.ask, intent.group_by, intent.breakdown) == (Ask.TOP, by, True)


def test_a_breakdown_is_not_a_search_word_and_names_every_group(store: Store) -> None:
    result = ask(store, "fines by authority")  # the ``fines`` command too
    assert result.direct is not None and not result.not_understood
    assert result.direct.text.startswith(
        "By number of developments with fines: a tie between AMR, PBOC and People's Court"
    )
    many = ask(store, "developments per region").direct.text  # type: ignore[union-attr]
    assert "Guizhou (1), Hainan (1), Heilongjiang (1), Henan (1), Shaanxi (1)" in many


@pytest.mark.parametrize(
    "text",
    ["fined by PBOC", "penalties not handed down by courts", "fines imposed by regulators"],
)
def test_by_who_acted_is_no_breakdown(text: str) -> None:
    assert read_intent(text).ask is not Ask.TOP


def test_compensation_is_counted_as_compensation_never_as_fines(store: Store) -> None:
    text = ask(store, "which region had the most compensation awards?").direct.text  # type: ignore[union-attr]
    assert (
        "fine" not in text and "By number of developments with compensation: only Beijing" in text
    )


def test_no_group_among_the_matches_is_said_not_listed(store: Store) -> None:
    result = ask(store, "which company paid the most compensation?")
    assert result.direct is not None
    assert result.direct.text.startswith("No company is named in the 1 matching development")


def test_each_authority_is_a_breakdown() -> None:
    intent = read_intent("how many fines did each authority impose?")
    assert (intent.ask, intent.group_by, intent.breakdown) == (Ask.TOP, "authorities", True)
