"""The search index of a snapshot made by ``Store.apply`` is updated from the index of the
snapshot before it, for the records that changed, and answers exactly as an index built
from scratch: the same hits in the same order with the same scores, the same totals, the
same "did you mean" words."""

from __future__ import annotations

import random

import pytest

from bot.core.answers.search import SearchIndex, index_for, search
from bot.core.answers.search.incremental import UPDATE_AT_MOST, updated_index
from bot.core.answers.search.ranking import Order, count_matching
from bot.core.knowledge.store import Delta, Store
from bot.core.query import parse_query
from tests.support.random_deltas import as_knowledge, deltas, start

QUERIES = [
    "fines",
    "latest",
    "fines henan",
    "fines over 1 million",
    "fines under 500k in 2023",
    "personal information protection law",
    "crawller",
    "data export security assessment",
    "cybersecurity review",
    "court cases",
    "drafts",
    "march 2022",
    "in force",
    "guangdong -fines",
    "app rectification notice",
    "didi",
    "facial recognition 2021",
    "个人信息",
    "minors online protection",
    "standard contract cross-border",
]
ORDERS: tuple[Order, ...] = ("relevance", "date", "amount")


def _answers(store: Store, index: SearchIndex) -> list[object]:
    out: list[object] = []
    for text in QUERIES:
        parsed = parse_query(text)
        for order in ORDERS:
            found = search(store, parsed, order=order, limit=40)
            out.append(
                (
                    text,
                    order,
                    [(h.dev.id, h.score) for h in found.hits],
                    found.total,
                    found.unknown_terms,
                    found.close_words,
                )
            )
        allowed = index.filter_set(parsed.filters)
        ids = None if allowed is None else sorted(index.doc(i).id for i in allowed)
        out.append((text, ids, count_matching(store, parsed.filters)))
    return out


def _from_scratch(store: Store) -> tuple[Store, SearchIndex]:
    """The same records as a snapshot built anew, and its index built in full."""
    fresh = Store.from_knowledge(as_knowledge(start_knowledge, store.developments))
    return fresh, index_for(fresh)


start_knowledge = start(random.Random(0), extra=0)


@pytest.mark.parametrize("seed", [1, 2])
def test_random_writes_give_the_answers_of_an_index_built_from_scratch(seed: int) -> None:
    rng = random.Random(seed)
    knowledge = start(rng)
    served = Store.from_knowledge(knowledge)
    index_for(served.published)
    index_for(served)
    updated = 0
    for step, delta in enumerate(deltas(rng, knowledge, 60)):
        served = served.apply([delta], digest=None)
        if rng.random() < 0.4:
            continue  # no request on this snapshot: the next index skips it
        for store in (served.published, served):
            index = index_for(store)
            updated += index.by_key is not None
            if step % 6 == 0:
                fresh, full = _from_scratch(store)
                assert full.by_key is None  # built, not updated
                assert _answers(store, index) == _answers(fresh, full)
                assert index.vocabulary == full.vocabulary
                assert {s: index.surface.get(s) for s in full.surface} == full.surface
                assert {s: index.idf[s] for s in full.idf} == full.idf
    assert updated > 40  # the indexes were updated, not built again


def test_an_updated_index_leaves_the_one_it_came_from_as_it_was() -> None:
    rng = random.Random(3)
    knowledge = start(rng, extra=30)
    before = Store.from_knowledge(knowledge)
    old = index_for(before)
    expected = _answers(before, old)
    after = before.apply(list(deltas(rng, knowledge, 5)), digest=None)
    assert index_for(after).by_key is not None
    assert _answers(before, old) == expected


def test_when_keys_run_out_or_much_changed_the_index_is_built_again() -> None:
    knowledge = start(random.Random(4), extra=0)
    first = knowledge.developments[0]
    last = first.model_copy(update={"id": f"{first.id}b"})
    served = Store.from_knowledge(as_knowledge(knowledge, (first, last)))
    index_for(served)
    built_again = 0
    for n in range(1, 80):  # each new id sorts after the one before and before ``last``
        new = first.model_copy(update={"id": f"{first.id}{'a' * n}"})
        served = served.apply([Delta(revision=n, developments=(new,))], digest=None)
        built_again += index_for(served).by_key is None
        found = search(served, parse_query("latest"), limit=200).hits
        assert [h.dev.id for h in found] == [d.id for d in served.developments]
    assert 1 <= built_again <= 3
    ids = [f"new-{n}" for n in range(UPDATE_AT_MOST + 1)]
    assert updated_index(index_for(served), served, ids) is None
