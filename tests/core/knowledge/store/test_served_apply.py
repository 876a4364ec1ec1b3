"""``Store.apply`` puts each changed record in its place (no sort of the whole store), and
carries the views already made: the result is what a snapshot built from scratch holds."""

from __future__ import annotations

import random

from bot.core.knowledge.review import is_pending, is_published
from bot.core.knowledge.store import Store
from tests.support.random_deltas import as_knowledge, deltas, start


def test_random_deltas_applied_one_by_one_match_a_store_built_from_scratch() -> None:
    rng = random.Random(24)
    knowledge = start(rng)
    served = Store.from_knowledge(knowledge)
    assert served.published  # a view made before the writes is carried over them
    for delta in deltas(rng, knowledge, 120):
        before = served
        served = served.apply([delta], digest=None)
        if rng.random() < 0.3:
            served.view("pending", is_pending)
        whole = Store.from_knowledge(as_knowledge(knowledge, tuple(served.by_id.values())))
        assert served.developments == whole.developments  # same records, same order
        assert served.by_id == whole.by_id and served.revision == delta.revision
        assert served.published.developments == whole.published.developments
        assert served.view("pending", is_pending).developments == tuple(
            d for d in whole.developments if is_pending(d)
        )
        assert all(is_published(d) for d in served.published.developments)
        earlier, ids = served.basis[0]
        assert earlier() is before
        assert ids == {d.id for d in delta.developments if before.get(d.id) is not d} | {
            i for i in delta.removed if before.get(i) is not None
        }


def test_a_snapshot_names_the_ids_changed_since_each_earlier_one() -> None:
    rng = random.Random(7)
    knowledge = start(rng, extra=20)
    first = Store.from_knowledge(knowledge)
    second = first.apply([next(deltas(rng, knowledge, 1))], digest=None)
    later = list(deltas(random.Random(8), as_knowledge(knowledge, second.developments), 3))
    third = second.apply(later, digest=None)
    (to_second, since_second), (to_first, since_first) = third.basis
    assert to_second() is second and to_first() is first
    assert since_second <= since_first and second.basis[0][1] <= since_first
