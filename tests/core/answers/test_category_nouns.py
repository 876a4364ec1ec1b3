"""A noun such as "rules", "measures" or "standards" heading a request names the category
of laws, drafts and regulations; the same noun inside a phrase that a development outside
that category is titled by ("exchange trading rules") is searched as part of that name."""

from __future__ import annotations

import pytest

from bot.core.answers.answer import AnswerKind
from bot.core.knowledge.model import Category
from bot.core.knowledge.store import Store
from bot.core.query import parse_query
from tests.support.bundled import TODAY, ask, bundled_store

store = bundled_store()

GUIYANG = "2022-05-27-guiyang-big-data-exchange-trading-rules"


@pytest.mark.parametrize(
    "text",
    [
        "any new rules on facial recognition?",
        "are there regulations on facial recognition?",
        "measures on facial recognition",
    ],
)
def test_a_category_noun_heading_the_request_keeps_out_fines(store: Store, text: str) -> None:
    result = ask(store, text)
    assert result.kind == AnswerKind.NO_MATCH  # the Yuzhou fine is no rule
    assert not result.headline.startswith("Yes")
    assert result.message is not None and "Without the category: 1 development" in result.message


def test_a_gazetteer_name_is_more_precise_than_the_category(store: Store) -> None:
    result = ask(store, "new standards on facial recognition")  # "standards": a topic
    assert result.kind == AnswerKind.NO_MATCH and not result.headline.startswith("Yes")
    assert any(u.value == "standards" for u in result.understood)


def test_rules_heading_a_request_list_only_legislation(store: Store) -> None:
    result = ask(store, "new rules on apps")
    assert result.results and all(d.category == Category.REGULATION for d in result.results)


@pytest.mark.parametrize("text", ["exchange trading rules", "data trading rules", "trading rules"])
def test_a_noun_in_a_title_phrase_finds_that_development(store: Store, text: str) -> None:
    result = ask(store, text)
    assert result.results and result.results[0].id == GUIYANG
    assert all(u.label != "category" for u in result.understood)


def test_a_title_phrase_of_a_regulation_keeps_the_category(store: Store) -> None:
    result = ask(store, "Which provinces passed big data regulations?")
    assert [d.id for d in result.results] == ["2022-05-13-heilongjiang-big-data-regulations"]


def test_without_the_store_a_category_noun_names_the_category() -> None:
    parsed = parse_query("exchange trading rules", today=TODAY)
    assert parsed.filters.categories == {Category.REGULATION}
    assert parsed.terms == ("exchange", "trading")
