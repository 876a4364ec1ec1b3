"""Relevance: the evaluation set through the engine and both baselines, same records, same run.

Uses ``bot.core.answers.evaluation`` (the evaluation set ``tests/eval/queries.json``, the rankers
and the
metrics); this module only chooses the stores and checks the targets:

- the real store (the records the evaluation set was written for), and
- the synthetic corpus of the largest size run (real records plus synthetic distractors
  recombining their facts), where the expected answers compete with many look-alikes.
  The evaluation set's expectations were written for the real records, so here a
  synthetic record that also satisfies a query counts as a wrong first answer (the
  figures are a lower bound), and must-find-nothing queries made only of filters that
  synthetic records do satisfy ("fines guangdong") are left out, and named.

    python -m bench.relevance [--quick]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from datetime import date

from bench.common import QUICK_SIZES, SIZES, Row, corpus_path, format_table
from bench.corpus import SYNTHETIC_NEWSLETTER
from bot.core.answers.evaluation import EvalQuery, Metrics, QuerySet, load_queries, run_all
from bot.core.answers.evaluation import format_table as format_metrics
from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.store import Store, default_store_path
from bot.core.query.parser import parse_query

MARGIN = 0.10


def rows_for(label: str, results: list[Metrics]) -> list[Row]:
    by_name = {m.name: m for m in results}
    engine, fts5, extract = by_name["engine"], by_name["fts5-bm25"], by_name["extractOne"]
    section = f"relevance {label}"
    return [
        Row(
            section,
            "hit@1 engine / fts5 / extractOne",
            f"{engine.hit_at_1:.3f} / {fts5.hit_at_1:.3f} / {extract.hit_at_1:.3f}",
            f"engine >= fts5 + {MARGIN:.2f}",
            engine.hit_at_1 >= fts5.hit_at_1 + MARGIN - 1e-9,
        ),
        Row(
            section,
            "hit@3 engine / fts5 / extractOne",
            f"{engine.hit_at_3:.3f} / {fts5.hit_at_3:.3f} / {extract.hit_at_3:.3f}",
        ),
        Row(
            section,
            "MRR engine / fts5 / extractOne",
            f"{engine.mrr:.3f} / {fts5.mrr:.3f} / {extract.mrr:.3f}",
        ),
        Row(
            section,
            "must-find-nothing answered with nothing",
            f"{engine.nothing_share:.3f} / {fts5.nothing_share:.3f} / "
            f"{extract.nothing_share:.3f} (of {engine.nothing_queries})",
            "engine = 1.000",
            engine.nothing_share == 1.0,
        ),
    ]


def answerable_by_synthetic(store: Store, query: EvalQuery, today: date) -> bool:
    """A must-find-nothing query made only of filters ("fines guangdong", "drafts 2021") is
    rightly answered in the corpus when synthetic records satisfy every filter: checked
    here with ``Filters.matches`` on each record, not with the engine's index."""
    text = query.text.strip()
    first, _, rest = text.partition(" ")
    penalty = first.lower() == "fines"
    parsed = parse_query(rest if penalty else text, default_gazetteer(), today=today)
    if parsed.terms or parsed.not_understood or parsed.errors:
        return False
    filters = replace(parsed.filters, monetary_penalty=True) if penalty else parsed.filters
    if filters.is_empty:
        return False
    return any(
        d.sources[0].newsletter == SYNTHETIC_NEWSLETTER and filters.matches(d)
        for d in store.developments
    )


def measure(label: str, store: Store, *, synthetic: bool = False) -> list[Row]:
    started = time.perf_counter()
    query_set = load_queries()
    dropped: list[str] = []
    if synthetic:
        kept = []
        for query in query_set.queries:
            if query.must_find_nothing and answerable_by_synthetic(store, query, query_set.today):
                dropped.append(query.text)
            else:
                kept.append(query)
        query_set = QuerySet(query_set.today, tuple(kept))
    results = run_all(store, query_set)
    seconds = time.perf_counter() - started
    print(f"\n[relevance] {label}: {len(store):,} developments ({seconds:.1f} s)")
    print(format_metrics(results))
    if dropped:
        print(
            "  must-find-nothing queries left out here because synthetic records satisfy "
            "all their filters: " + "; ".join(dropped)
        )
    if results[0].misses:
        print("  engine misses: " + "; ".join(results[0].misses))
    return rows_for(label, results)


def run(quick: bool = False) -> list[Row]:
    rows = measure("real store", Store.load(default_store_path()))
    n = max(QUICK_SIZES if quick else SIZES)
    rows += measure(f"{n // 1000}k corpus", Store.load(corpus_path(n)), synthetic=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the 1k corpus only")
    args = parser.parse_args(argv)
    print(format_table(run(args.quick)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
