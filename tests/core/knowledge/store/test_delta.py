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
