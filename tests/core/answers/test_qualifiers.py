"""Qualifiers kept as gazetteer data: authority groups, document types, synonyms; negation
through a participle ("not handed down by courts")."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers.engine import answer
from bot.core.knowledge.store import Store
from bot.core.query.parser import parse_query
from tests.conftest import BUNDLED_STORE

TODAY = date(2022, 6, 15)


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.load(BUNDLED_STORE)


def ids(store: Store, text: str) -> set[str]:
    return {d.id for d in answer(text, store, today=TODAY, page_size=50).results}


def test_authority_groups(store: Store) -> None:
    money = ids(store, "what did the financial regulators do")
    assert money and all(
        any(a in {"PBOC", "CBIRC", "CSRC"} for a in d.authorities)
        for d in store.developments
        if d.id in money
    )
    assert not any("cbirc" in i for i in ids(store, "financial regulators except CBIRC"))
    local = ids(store, "local regulators")
    assert local and all(
        "national" not in store.get(i).regions  # type: ignore[union-attr]
        for i in local
    )


def test_document_types_are_filters_that_counts_keep(store: Store) -> None:
    result = answer("how many white papers came out in May 2022", store, today=TODAY)
    assert result.direct is not None and result.direct.figures["count"] == 1
    plans = parse_query("five-year plans", today=TODAY)
    assert [d.name for d in plans.filters.documents] == ["five-year plans"]


def test_synonyms_are_data(store: Store) -> None:
    assert any("crawler" in i for i in ids(store, "web scraping convictions"))
    assert any("nev" in i for i in ids(store, "electric vehicle makers and personal data"))


def test_negation_through_a_participle(store: Store) -> None:
    found = ids(store, "penalties not handed down by courts")
    assert found and not any("court" in i or "judgment" in i for i in found)


def test_judgments_are_court_records_that_decided_a_case(store: Store) -> None:
    found = ids(store, "court rulings")
    assert found and all(store.get(i).category.value == "court" for i in found)  # type: ignore[union-attr]
    assert not any("wenzhou" in i for i in found)  # a court opening is no judgment
    zh = answer("判决", store, today=TODAY)
    assert zh.headline.startswith("找到") and "判决" in zh.headline
