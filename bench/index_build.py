"""How long building each facet of the search index takes (CPU seconds), per corpus size.

A process with no index snapshot builds the facets its queries need (``LazyIndex``), and a
server builds all of them (the filters before it forks its workers, the rest in a process
beside them, which then renews them), so these are start-up costs. Each
facet is built on a fresh index of the ``bench.corpus`` store, in this process, timed
with ``time.process_time`` (other work on the machine inflates it less than wall time).

    python -m bench.index_build [--quick] [--sizes 1000,100000]
"""

from __future__ import annotations

import argparse
import gc
import time

from bench.common import QUICK_SIZES, SIZES, Row, corpus_path, format_table, load_average
from bot.core.answers.search.index import FACETS, SearchIndex
from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.store import Store

TARGET_S = 5.0
"""All facets together at 100k, on this machine (2 CPUs)."""
BEFORE = {100_000: {"filters": 0.39, "concepts": 5.1, "text": 4.3}}
"""CPU seconds per facet before the passes were reworked (``bench.index_build`` on the same
corpus, this machine, load average 0.7)."""


def build_times(n: int) -> dict[str, float]:
    store = Store.load(corpus_path(n))
    gaz = default_gazetteer()
    times = {}
    for facet in FACETS:
        index = SearchIndex(store=store, gazetteer=gaz, docs=store.developments)
        gc.collect()
        started = time.process_time()
        index.build_facet(facet)
        times[facet] = time.process_time() - started
        del index
    return times


def run(quick: bool, sizes: tuple[int, ...] | None = None) -> list[Row]:
    rows = []
    for n in sizes or (QUICK_SIZES if quick else SIZES):
        section = f"index build {n // 1000}k"
        times = build_times(n)
        before = BEFORE.get(n, {})
        for facet, seconds in times.items():
            was = f"before: {before[facet]:.1f} s" if facet in before else ""
            rows.append(Row(section, f'facet "{facet}" (CPU)', f"{seconds:.2f} s", was))
        total = sum(times.values())
        gated = n == 100_000
        rows.append(
            Row(
                section,
                "all facets (CPU)",
                f"{total:.2f} s",
                f"<= {TARGET_S:.0f} s"
                + (f" (before: {sum(before.values()):.1f} s)" if before else "")
                if gated
                else "",
                total <= TARGET_S if gated else None,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.index_build", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k developments only")
    parser.add_argument("--sizes", default=None, help="comma-separated corpus sizes")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else None
    print(f"load average {load_average()}")
    print(format_table(run(args.quick, sizes)))
    print(f"load average after {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
