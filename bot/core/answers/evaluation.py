"""Evaluation of the answer engine against two baselines on the same records.

``tests/eval/queries.json`` holds queries as users type them, each with the developments
any of which is a right first answer (or none: the engine must say nothing matches).
Three rankers are compared:

- ``engine``: ``bot.core.answers.engine.answer`` (filters, weighted fuzzy ranking, honest empty
  answers);
- ``fts5-bm25``: a SQLite FTS5 table over title + summary + tags + entities; the query's
  word tokens OR-ed; results ordered by ``bm25()``;
- ``extractOne``: rapidfuzz ``process.extractOne`` over the titles (always one answer).

Metrics over queries with an expected answer: hit@1, hit@3, MRR (ranks up to 10); over
must-find-nothing queries: the share answered with nothing. Per kind of request (``kind``):
hit@1 of the engine and of FTS5 side by side, and the share of direct answers that state
the expected ``fact``. Follow-ups are asked after their ``context`` in one conversation
(the FTS5 baseline sees the follow-up alone, as a search box would).

    python -m bot.evaluation [--store PATH] [--queries PATH] [--misses]
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rapidfuzz import process

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.conversation import InMemoryConversations
from bot.core.answers.engine import answer
from bot.core.answers.router import Context, FixedStore, Router
from bot.core.knowledge.store import PACKAGE_ROOT, Store

DEFAULT_QUERIES = PACKAGE_ROOT / "tests" / "eval" / "queries.json"
DEPTH = 10

Ranker = Callable[[str], list[str]]


@dataclass(frozen=True)
class EvalQuery:
    text: str
    kind: str
    expected: tuple[str, ...]
    facts: tuple[str, ...] = ()
    context: tuple[str, ...] = ()

    @property
    def must_find_nothing(self) -> bool:
        return not self.expected


@dataclass(frozen=True)
class QuerySet:
    today: date
    queries: tuple[EvalQuery, ...]


def load_queries(path: Path = DEFAULT_QUERIES) -> QuerySet:
    raw = json.loads(path.read_text(encoding="utf-8"))
    queries = tuple(
        EvalQuery(
            item["query"],
            item.get("kind", "plain"),
            tuple(item["expected"]),
            tuple(item.get("fact", ())),
            tuple(item.get("context", ())),
        )
        for item in raw["queries"]
    )
    return QuerySet(date.fromisoformat(raw.get("today", date.today().isoformat())), queries)


# --- rankers ----------------------------------------------------------------------------


def engine_ranker(store: Store, today: date) -> Ranker:
    def rank(text: str) -> list[str]:
        result = answer(text, store, page_size=DEPTH, today=today)
        if result.kind not in (AnswerKind.RESULTS, AnswerKind.DETAIL):
            return []
        return [d.id for d in result.results]

    return rank


def engine_answer(store: Store, today: date, query: EvalQuery) -> Answer:
    """The engine's answer to ``query``, after its context in one conversation."""
    router = Router(
        FixedStore(store),
        page_size=DEPTH,
        today=lambda: today,
        conversations=InMemoryConversations(),
    )
    where = Context("Deval", "Ueval", None, "dm")
    for earlier in query.context:
        router.handle(earlier, where)
    return router.handle(query.text, where)


def states_fact(result: Answer, facts: Sequence[str]) -> bool:
    """Whether the direct answer (its text, quotes and citations) states every fact."""
    if result.direct is None:
        return False
    direct = result.direct
    said = " ".join(
        [
            direct.text,
            *(c.quote or "" for c in direct.citations),
            *(f"{c.newsletter} {c.url or ''}" for c in direct.citations),
        ]
    )
    return all(_folded(fact) in _folded(said) for fact in facts)


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(",", "").replace("’", "'")).casefold()


class Fts5Baseline:
    """A plain BM25 index: what SQLite FTS5 gives with no query understanding."""

    def __init__(self, store: Store) -> None:
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tags)")
        rows = []
        for dev in store.developments:
            tags = " ".join(
                [
                    *dev.authorities,
                    *dev.regions,
                    *dev.sectors,
                    *dev.topics,
                    *dev.legal_basis,
                    *dev.entities,
                ]
            )
            rows.append((dev.id, dev.title, dev.summary, tags))
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", rows)

    def __call__(self, text: str) -> list[str]:
        tokens = re.findall(r"\w+", text)
        if not tokens:
            return []
        match = " OR ".join('"' + token.replace('"', '""') + '"' for token in tokens)
        try:
            rows = self.db.execute(
                "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                (match, DEPTH),
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [row[0] for row in rows]


def extract_one_ranker(store: Store) -> Ranker:
    titles = {dev.title: dev.id for dev in store.developments}

    def rank(text: str) -> list[str]:
        best = process.extractOne(text, list(titles))
        return [titles[best[0]]] if best else []

    return rank


# --- metrics ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Metrics:
    name: str
    hit_at_1: float
    hit_at_3: float
    mrr: float
    nothing_share: float
    find_queries: int
    nothing_queries: int
    misses: tuple[str, ...]  # queries whose first answer was wrong (or not empty)


def evaluate(name: str, ranker: Ranker, queries: Sequence[EvalQuery]) -> Metrics:
    hits1 = hits3 = 0
    reciprocal = 0.0
    nothing_ok = 0
    misses: list[str] = []
    find = [q for q in queries if not q.must_find_nothing]
    nothing = [q for q in queries if q.must_find_nothing]
    for query in find:
        ranked = ranker(query.text)[:DEPTH]
        rank = next((i for i, dev_id in enumerate(ranked, 1) if dev_id in query.expected), None)
        if rank == 1:
            hits1 += 1
        else:
            misses.append(query.text)
        if rank is not None and rank <= 3:
            hits3 += 1
        if rank is not None:
            reciprocal += 1.0 / rank
    for query in nothing:
        if not ranker(query.text):
            nothing_ok += 1
        else:
            misses.append(query.text)
    n = max(len(find), 1)
    return Metrics(
        name=name,
        hit_at_1=hits1 / n,
        hit_at_3=hits3 / n,
        mrr=reciprocal / n,
        nothing_share=nothing_ok / max(len(nothing), 1),
        find_queries=len(find),
        nothing_queries=len(nothing),
        misses=tuple(misses),
    )


@dataclass(frozen=True)
class KindMetrics:
    kind: str
    queries: int
    hit_at_1: float  # share right first (must-find-nothing: answered with nothing)
    fts5_hit_at_1: float
    facts: int  # queries with an expected fact
    direct_ok: float  # share of those whose direct answer states it
    misses: tuple[str, ...]


def evaluate_kinds(store: Store, query_set: QuerySet) -> list[KindMetrics]:
    """Per kind of request: the engine (in a conversation) and FTS5, hit@1 and facts."""
    fts = Fts5Baseline(store)
    by_kind: dict[str, list[EvalQuery]] = {}
    for query in query_set.queries:
        by_kind.setdefault(query.kind, []).append(query)
    out = []
    for kind, queries in by_kind.items():
        right = fts_right = facts = facts_ok = 0
        misses: list[str] = []
        for query in queries:
            result = engine_answer(store, query_set.today, query)
            found = (
                [d.id for d in result.results]
                if result.kind in (AnswerKind.RESULTS, AnswerKind.DETAIL)
                else []
            )
            baseline = fts(query.text)
            if query.must_find_nothing:
                ok, fts_ok = not found, not baseline
            else:
                ok = bool(found) and found[0] in query.expected
                fts_ok = bool(baseline) and baseline[0] in query.expected
            right += ok
            fts_right += fts_ok
            if query.facts:
                facts += 1
                stated = states_fact(result, query.facts)
                facts_ok += stated
                if not stated:
                    misses.append(f"{query.text} (fact)")
            if not ok:
                misses.append(query.text)
        n = len(queries)
        out.append(
            KindMetrics(
                kind,
                n,
                right / n,
                fts_right / n,
                facts,
                facts_ok / facts if facts else 1.0,
                tuple(misses),
            )
        )
    return out


def format_kinds(rows: Sequence[KindMetrics]) -> str:
    lines = [f"{'kind':<13} {'n':>4} {'hit@1':>6} {'fts5':>6} {'facts':>6} {'direct':>7}"]
    for r in rows:
        lines.append(
            f"{r.kind:<13} {r.queries:>4} {r.hit_at_1:>6.3f} {r.fts5_hit_at_1:>6.3f} "
            f"{r.facts:>6} {r.direct_ok:>7.3f}"
        )
    total = sum(r.queries for r in rows)
    lines.append(
        f"({total} requests; hit@1 for must-find-nothing is the share answered with nothing)"
    )
    return "\n".join(lines)


def run_all(store: Store, query_set: QuerySet) -> list[Metrics]:
    rankers: list[tuple[str, Ranker]] = [
        ("engine", engine_ranker(store, query_set.today)),
        ("fts5-bm25", Fts5Baseline(store)),
        ("extractOne", extract_one_ranker(store)),
    ]
    alone = [q for q in query_set.queries if not q.context]  # follow-ups: evaluate_kinds
    return [evaluate(name, ranker, alone) for name, ranker in rankers]


def format_table(results: Sequence[Metrics]) -> str:
    lines = [f"{'ranker':<12} {'hit@1':>6} {'hit@3':>6} {'MRR':>6} {'nothing':>8}"]
    for m in results:
        lines.append(
            f"{m.name:<12} {m.hit_at_1:>6.3f} {m.hit_at_3:>6.3f} {m.mrr:>6.3f} "
            f"{m.nothing_share:>8.3f}"
        )
    if results:
        first = results[0]
        lines.append(
            f"({first.find_queries} queries with an answer, "
            f"{first.nothing_queries} that must find nothing)"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.core.answers.evaluation",
        description="Compare the answer engine with FTS5 bm25 and rapidfuzz extractOne.",
    )
    parser.add_argument("--store", type=Path, default=None, help="knowledge store file")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES, help="queries.json")
    parser.add_argument("--misses", action="store_true", help="list the engine's misses")
    args = parser.parse_args(argv)
    store = Store.load(args.store)
    query_set = load_queries(args.queries)
    results = run_all(store, query_set)
    print(format_table(results))
    print()
    kinds = evaluate_kinds(store, query_set)
    print(format_kinds(kinds))
    if args.misses:
        for row in kinds:
            for text in row.misses:
                print(f"  miss [{row.kind}]: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
