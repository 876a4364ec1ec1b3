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
must-find-nothing queries: the share answered with nothing.

    python -m bot.core.answers.evaluation [--store PATH] [--queries PATH]
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

from bot.core.answers.answer import AnswerKind
from bot.core.answers.engine import answer
from bot.core.knowledge.store import PACKAGE_ROOT, Store

DEFAULT_QUERIES = PACKAGE_ROOT / "tests" / "eval" / "queries.json"
DEPTH = 10

Ranker = Callable[[str], list[str]]


@dataclass(frozen=True)
class EvalQuery:
    text: str
    kind: str
    expected: tuple[str, ...]

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
        EvalQuery(item["query"], item.get("kind", "plain"), tuple(item["expected"]))
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


def run_all(store: Store, query_set: QuerySet) -> list[Metrics]:
    rankers: list[tuple[str, Ranker]] = [
        ("engine", engine_ranker(store, query_set.today)),
        ("fts5-bm25", Fts5Baseline(store)),
        ("extractOne", extract_one_ranker(store)),
    ]
    return [evaluate(name, ranker, query_set.queries) for name, ranker in rankers]


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
    results = run_all(store, load_queries(args.queries))
    print(format_table(results))
    if args.misses:
        for text in results[0].misses:
            print(f"  miss: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
