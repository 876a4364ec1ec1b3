"""Query speed at 1k, 10k and 100k developments: the engine against SQLite FTS5 bm25 on the
same records, the start-up of a fresh process to its first answer, and its peak memory.

For each corpus size (``bench.corpus``, in a temporary folder):

- in this process: the store is loaded, the engine's index built (its first query) and the
  FTS5 table filled, then a fixed query mix (every evaluation query plus filter queries) runs
  ``REPEATS`` times through each; each call is timed; p50 and p99 are over all calls;
- in a fresh process: ``python -m bot ask "fines henan"`` with ``PI_KNOWLEDGE_FILE`` at the
  corpus, timed from spawn to exit (the answer is printed just before exit), with its peak
  RSS from ``wait4``. It runs twice with a new, empty snapshot folder: the first run finds
  no snapshot (``cold``: the file is parsed and validated, the index built, both
  snapshots written); the second finds them (``warm``: what every process after an ingest
  sees, since ``write_knowledge`` leaves the store validated).

    python -m bench.query_speed [--quick] [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date

from bench.common import (
    QUICK_SIZES,
    SIZES,
    ChildRun,
    Row,
    bench_dir,
    clean_env,
    corpus_path,
    format_table,
    ms,
    percentile,
    run_child,
)
from bot.core.answers.engine import answer
from bot.core.answers.evaluation import Fts5Baseline, load_queries
from bot.core.knowledge.store import Store

REPEATS = 3
STARTUP_QUERY = "fines henan"
FILTER_QUERIES = (
    "fines",
    "fines over 1m",
    "fines henan",
    "fines beijing over 100k",
    "latest 10",
    "enforcement 2019",
    "regulations since 2024-01-01",
    "courts may 2022",
    "CAC drafts 2023",
    "MIIT apps",
    "data export guangdong",
    "personal information protection shanghai 2021",
    "before 2016-06",
    "stats",
)
STARTUP_LIMIT_S = 3.0
RSS_LIMIT_MB = 500.0
P99_RATIO_LIMIT = 5.0
GROWTH_LIMIT = 10.0


@dataclass(frozen=True)
class SizeResult:
    n: int
    load_s: float
    index_s: float
    fts_build_s: float
    engine: list[float]
    fts5: list[float]
    cold: ChildRun
    warm: ChildRun


def query_mix() -> tuple[list[str], date]:
    query_set = load_queries()
    return [q.text for q in query_set.queries] + list(FILTER_QUERIES), query_set.today


def _timed(fn: object, texts: list[str], repeats: int) -> list[float]:
    assert callable(fn)
    times: list[float] = []
    for _ in range(repeats):
        for text in texts:
            started = time.perf_counter()
            fn(text)
            times.append(time.perf_counter() - started)
    return times


def startup(n: int) -> tuple[ChildRun, ChildRun]:
    """Two fresh processes sharing a new, empty snapshot folder: the first is cold, the
    second warm."""
    path = corpus_path(n)
    with tempfile.TemporaryDirectory(prefix="snapshots-", dir=bench_dir()) as snapshots:
        env = clean_env(PI_KNOWLEDGE_FILE=str(path), PI_SNAPSHOT_DIR=snapshots)
        argv = [sys.executable, "-m", "bot", "ask", STARTUP_QUERY]
        runs = []
        for _ in range(2):
            run = run_child(argv, env)
            if run.returncode != 0:
                raise RuntimeError(
                    f"python -m bot ask failed ({run.returncode}): {run.stderr[-2000:]}"
                )
            runs.append(run)
    return runs[0], runs[1]


def measure(n: int) -> SizeResult:
    path = corpus_path(n)
    cold, warm = startup(n)
    texts, today = query_mix()
    gc.collect()
    started = time.perf_counter()
    store = Store.load(path)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    answer("fines henan", store, today=today)  # builds the index
    index_s = time.perf_counter() - started
    started = time.perf_counter()
    fts5 = Fts5Baseline(store)
    fts_build_s = time.perf_counter() - started
    engine_times = _timed(lambda text: answer(text, store, today=today), texts, REPEATS)
    fts5_times = _timed(fts5, texts, REPEATS)
    result = SizeResult(n, load_s, index_s, fts_build_s, engine_times, fts5_times, cold, warm)
    print(
        f"\n[query speed] {n:,} developments: load {load_s:.2f} s, engine index "
        f"{index_s:.2f} s, FTS5 table {fts_build_s:.2f} s; {len(texts)} queries x {REPEATS}\n"
        f"  engine p50 {ms(percentile(engine_times, 0.5))} p99 {ms(percentile(engine_times, 0.99))}"
        f" max {ms(max(engine_times))}; FTS5 p50 {ms(percentile(fts5_times, 0.5))} "
        f"p99 {ms(percentile(fts5_times, 0.99))} max {ms(max(fts5_times))}\n"
        f"  fresh process to first answer: cold {cold.seconds:.2f} s ({cold.peak_rss_mb:.0f} MB), "
        f"warm {warm.seconds:.2f} s ({warm.peak_rss_mb:.0f} MB)",
        flush=True,
    )
    return result


def rows_for(results: list[SizeResult]) -> list[Row]:
    rows: list[Row] = []
    largest = max(results, key=lambda r: r.n)
    for r in results:
        section = f"query speed {r.n // 1000}k"
        e50, e99 = percentile(r.engine, 0.5), percentile(r.engine, 0.99)
        f50, f99 = percentile(r.fts5, 0.5), percentile(r.fts5, 0.99)
        gated = r is largest
        rows += [
            Row(section, "engine p50 / p99", f"{ms(e50)} / {ms(e99)}"),
            Row(section, "FTS5 bm25 p50 / p99", f"{ms(f50)} / {ms(f99)}"),
            Row(
                section,
                "p99 engine / FTS5",
                f"{e99 / f99:.2f}x (p50 {e50 / f50:.2f}x)",
                f"<= {P99_RATIO_LIMIT:.0f}x" if gated else "",
                (e99 <= P99_RATIO_LIMIT * f99) if gated else None,
            ),
            Row(
                section,
                "load + index, in process",
                f"{r.load_s:.2f} s + {r.index_s:.2f} s (FTS5 table {r.fts_build_s:.2f} s)",
            ),
            Row(
                section,
                "start-up to first answer cold / warm",
                f"{r.cold.seconds:.2f} s / {r.warm.seconds:.2f} s",
                f"warm <= {STARTUP_LIMIT_S:.0f} s" if gated else "",
                (r.warm.seconds <= STARTUP_LIMIT_S) if gated else None,
            ),
            Row(
                section,
                "peak RSS of that process cold / warm",
                f"{r.cold.peak_rss_mb:.0f} MB / {r.warm.peak_rss_mb:.0f} MB",
                f"<= {RSS_LIMIT_MB:.0f} MB (both)" if gated else "",
                (max(r.cold.peak_rss_mb, r.warm.peak_rss_mb) <= RSS_LIMIT_MB) if gated else None,
            ),
        ]
    smallest = min(results, key=lambda r: r.n)
    if largest is not smallest:
        growth = percentile(largest.engine, 0.5) / percentile(smallest.engine, 0.5)
        rows.append(
            Row(
                "query speed",
                f"engine p50 at {largest.n // 1000}k / at {smallest.n // 1000}k",
                f"{growth:.2f}x (store {largest.n // smallest.n}x)",
                f"<= {GROWTH_LIMIT:.0f}x",
                growth <= GROWTH_LIMIT,
            )
        )
    return rows


def run(quick: bool = False, sizes: tuple[int, ...] | None = None) -> list[Row]:
    chosen = sizes or (QUICK_SIZES if quick else SIZES)
    results = []
    for n in chosen:
        results.append(measure(n))
        gc.collect()  # the previous size's store and tables are gone before the next
    return rows_for(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.query_speed", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the 1k corpus only")
    parser.add_argument("--sizes", default=None, help="comma-separated sizes, e.g. 1000,10000")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else None
    print(format_table(run(args.quick, sizes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
