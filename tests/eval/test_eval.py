"""The engine against its evaluation set on the real store, and against two baselines."""

from __future__ import annotations

import pytest

from bot.core.answers.evaluation import (
    DEFAULT_QUERIES,
    Fts5Baseline,
    KindMetrics,
    Metrics,
    QuerySet,
    evaluate_kinds,
    extract_one_ranker,
    format_kinds,
    format_table,
    load_queries,
    run_all,
)
from bot.core.knowledge.store import Store
from tests.conftest import BUNDLED_STORE

HIT_AT_1_FLOOR = 0.92
MRR_FLOOR = 0.94


@pytest.fixture(scope="module")
def real_store() -> Store:
    return Store.load(BUNDLED_STORE)


@pytest.fixture(scope="module")
def query_set() -> QuerySet:
    return load_queries(DEFAULT_QUERIES)


@pytest.fixture(scope="module")
def results(real_store: Store, query_set: QuerySet) -> dict[str, Metrics]:
    return {m.name: m for m in run_all(real_store, query_set)}


KINDS = {
    "plain",
    "typo",
    "chinese",
    "question",
    "filter",
    "nothing",
    "count",
    "exclusion",
    "content_date",
    "follow_up",
}
KIND_HIT_AT_1_FLOOR = 0.95
DIRECT_ANSWER_FLOOR = 0.90


@pytest.fixture(scope="module")
def kinds(real_store: Store, query_set: QuerySet) -> dict[str, KindMetrics]:
    return {row.kind: row for row in evaluate_kinds(real_store, query_set)}


def test_the_set_covers_what_users_type(real_store: Store, query_set: QuerySet) -> None:
    queries = query_set.queries
    assert len(queries) >= 200
    kinds = {q.kind for q in queries}
    assert kinds == KINDS
    for kind in KINDS - {"plain", "filter", "typo"}:
        assert sum(q.kind == kind for q in queries) >= 10, kind
    assert sum(bool(q.facts) for q in queries if q.kind == "question") >= 40
    assert all(q.facts for q in queries if q.kind == "count")
    assert all(q.context for q in queries if q.kind == "follow_up")
    assert sum(q.must_find_nothing for q in queries) >= 10
    titles = {d.title.casefold() for d in real_store.developments}
    for query in queries:
        assert query.text.casefold() not in titles, query.text
        for dev_id in query.expected:
            assert dev_id in real_store.by_id, (query.text, dev_id)


def test_engine_holds_its_floor(results: dict[str, Metrics]) -> None:
    engine = results["engine"]
    print("\n" + format_table(list(results.values())))
    assert engine.hit_at_1 >= HIT_AT_1_FLOOR, engine.misses
    assert engine.mrr >= MRR_FLOOR, engine.misses


def test_every_kind_holds_its_floor(kinds: dict[str, KindMetrics]) -> None:
    print("\n" + format_kinds(list(kinds.values())))
    for row in kinds.values():
        assert row.hit_at_1 >= KIND_HIT_AT_1_FLOOR, (row.kind, row.misses)
        assert row.hit_at_1 >= row.fts5_hit_at_1 or row.kind == "content_date", row.kind


def test_direct_answers_state_the_fact(kinds: dict[str, KindMetrics]) -> None:
    factual = kinds["question"]
    assert factual.direct_ok >= DIRECT_ANSWER_FLOOR, factual.misses
    assert kinds["count"].direct_ok == 1.0, kinds["count"].misses  # counts and totals exact
    assert kinds["nothing"].hit_at_1 == 1.0, kinds["nothing"].misses


def test_every_must_find_nothing_query_finds_nothing(results: dict[str, Metrics]) -> None:
    assert results["engine"].nothing_share == 1.0, results["engine"].misses


def test_engine_beats_fts5_bm25_by_ten_points(results: dict[str, Metrics]) -> None:
    assert results["engine"].hit_at_1 >= results["fts5-bm25"].hit_at_1 + 0.10


def test_baselines_are_real_rankers(real_store: Store) -> None:
    fts = Fts5Baseline(real_store)
    assert fts("shaoxing bank")[0] == "2022-05-20-shaoxing-bank-customer-identification-fine"
    assert fts("") == [] and fts('"') == []
    assert fts("cryptocurrency") == []
    best = extract_one_ranker(real_store)("Shaoxing Bank fined")
    assert best == ["2022-05-20-shaoxing-bank-customer-identification-fine"]


def test_metrics_are_computed_as_documented() -> None:
    from bot.core.answers.evaluation import EvalQuery, evaluate

    queries = [
        EvalQuery("a", "plain", ("x",)),
        EvalQuery("b", "plain", ("y",)),
        EvalQuery("c", "plain", ("z",)),
        EvalQuery("none", "nothing", ()),
    ]
    answers = {"a": ["x", "q"], "b": ["q", "r", "y"], "c": ["q"], "none": ["q"]}
    m = evaluate("fake", lambda text: answers[text], queries)
    assert (m.hit_at_1, m.hit_at_3) == (pytest.approx(1 / 3), pytest.approx(2 / 3))
    assert m.mrr == pytest.approx((1 + 1 / 3) / 3)
    assert m.nothing_share == 0.0
    assert m.misses == ("b", "c", "none")
