"""Sets of positions in an index snapshot: kept as arrays on disk, read back as the same
sets, every position one int object shared by all of them (as when the index is built)."""

from __future__ import annotations

import pickle
import random

from bot.core.answers.search import SearchIndex
from bot.core.answers.search.lazy import FILLS
from bot.core.answers.search.packed import pack_sets, unpack_sets
from bot.core.knowledge.store import Store
from tests.support.random_deltas import start


def _index() -> SearchIndex:
    """An index of 600 records: positions past 256 (Python shares the small ints anyway)."""
    return SearchIndex.build(Store.from_knowledge(start(random.Random(3), extra=600)))


def _big(sets: dict[object, set[int]]) -> dict[int, int]:
    return {i: i for ids in sets.values() for i in ids if i > 256}


def test_filters_read_back_equal_and_sharing_their_positions() -> None:
    index = _index()
    values = {name: getattr(index, name) for name in FILLS["filters"]}
    back = unpack_sets(pickle.loads(pickle.dumps(pack_sets(values))), len(index.docs))
    assert back == values
    assert {type(v) for v in back["by_category"].values()} == {set}
    in_category = _big(back["by_category"])
    assert in_category
    for ids in back["by_month"].values():
        assert all(in_category[i] is i for i in ids if i > 256)  # one object per position


def test_plain_pickles_read_back_unshared() -> None:
    """What ``unpack_sets`` is for: a pickle gives every set its own ints."""
    index = _index()
    back = pickle.loads(pickle.dumps({"m": index.by_month, "c": index.by_category}))
    in_category = _big(back["c"])
    assert in_category
    assert not any(in_category[i] is i for ids in back["m"].values() for i in ids if i > 256)


def test_equal_penalty_totals_share_one_object_as_written() -> None:
    index = _index()
    zeros = [t for t in index.penalty_total if t == 0]
    assert len(zeros) > 1 and all(t is zeros[0] for t in zeros)
    assert index.penalty_total == [dev.total_penalty for dev in index.docs]
    assert [str(t) for t in index.penalty_total] == [str(d.total_penalty) for d in index.docs]
