"""A write as data: what changed between two stores, applied to a third, and one line of
the change log."""

from __future__ import annotations

import datetime as dt

from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import Delta, Store
from bot.core.knowledge.store.delta import apply, diff
from tests.support.state import dev

DAY = dt.date(2024, 5, 1)


def test_diff_names_only_what_changed_and_apply_rebuilds_the_store() -> None:
    a, b, c = (dev(f"case-{n}", DAY - dt.timedelta(days=n)) for n in range(3))
    before = KnowledgeFile(developments=(a, b, c), revision=7)
    changed = b.model_copy(update={"title": "Regulator fines case b again"})
    added = dev("case-new", DAY)
    after = KnowledgeFile(developments=(a, changed, added), revision=8)
    delta = diff(before, after)
    assert delta.revision == 8
    assert delta.developments == (changed, added)
    assert delta.removed == (c.id,)
    assert apply(before, [delta]).developments == (a, changed, added)
    again = Delta.from_json(delta.to_json())
    assert again == delta
    served = Store.from_knowledge(before).apply([again], digest=None)
    assert served.revision == 8 and served.get(c.id) is None
    assert served.get(changed.id) == changed
    assert [d.id for d in served.developments] == [a.id, added.id, changed.id]  # newest, then id


def test_many_deltas_applied_at_once_give_what_one_at_a_time_gives() -> None:
    a, b, c = (dev(f"case-{n}", DAY - dt.timedelta(days=n)) for n in range(3))
    start = KnowledgeFile(developments=(a, b, c), revision=1)
    fixed = b.model_copy(update={"title": "Regulator fines case b again"})
    deltas = [
        Delta(revision=2, developments=(fixed,)),
        Delta(revision=3, removed=(a.id,)),
        Delta(revision=4),  # only the revision moved
        Delta(revision=5, developments=(a, dev("case-new", DAY))),  # a back, at the end
    ]
    stepwise = start
    for delta in deltas:
        stepwise = apply(stepwise, [delta])
    together = apply(start, deltas)
    assert together == stepwise and together.revision == 5
    assert [d.id for d in together.developments] == [fixed.id, c.id, a.id, "2024-05-01-case-new"]
    assert apply(start, [Delta(revision=9)]).developments is start.developments
