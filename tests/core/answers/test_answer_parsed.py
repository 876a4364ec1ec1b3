"""``answer_parsed``: the engine answers a query built from a form's choices."""

from __future__ import annotations

from bot.core.answers.engine import answer_parsed
from bot.core.knowledge.model import Category
from bot.core.knowledge.store import LiveStore
from bot.core.query.chosen import chosen_query
from tests.conftest import BUNDLED_STORE


def test_the_engine_answers_a_chosen_query_from_the_filters() -> None:
    store = LiveStore(BUNDLED_STORE).current().published
    for category in Category:
        found = answer_parsed(chosen_query(categories=(category,)), store, page_size=50)
        assert found.results and all(d.category == category for d in found.results)
        assert found.total == sum(1 for d in store.developments if d.category == category)
    newest = answer_parsed(chosen_query(), store)
    assert "newest first" in newest.headline
    assert [d.id for d in newest.results] == [
        d.id for d in sorted(store.developments, key=lambda d: d.date, reverse=True)[:5]
    ]
