"""Run every benchmark and print one table: each figure, its target, whether it holds.

    python -m bench.run            # 1k, 10k and 100k developments; 30 s Slack run; 500 channels
    python -m bench.run --quick    # 1k only; 10 s Slack run; 200 channels (under two minutes)

Corpora and snapshots are written under a temporary folder (``bench.common.bench_dir``),
never into ``knowledge/``. CI does not run these. See bench/README.md.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable

from bench import fanout, index_build, ingest_fidelity, query_speed, relevance, slack_path
from bench.common import Row, format_table, load_average

BENCHMARKS: dict[str, Callable[[bool], list[Row]]] = {
    "relevance": relevance.run,
    "query_speed": query_speed.run,
    "index_build": index_build.run,
    "slack_path": slack_path.run,
    "fanout": fanout.run,
    "intake": ingest_fidelity.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the quick version (see above)")
    parser.add_argument(
        "--only", default=None, help=f"comma-separated subset of {', '.join(BENCHMARKS)}"
    )
    args = parser.parse_args(argv)
    chosen = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    mode = (
        f"quick: 1k developments only, {slack_path.QUICK_SECONDS:.0f} s Slack run, "
        f"{fanout.QUICK_CHANNELS} channels"
        if args.quick
        else f"full: {', '.join(f'{n:,}' for n in query_speed.SIZES)} developments, "
        f"{slack_path.SECONDS:.0f} s Slack run, {fanout.CHANNELS} channels"
    )
    started = time.perf_counter()
    load_before = load_average()
    print(f"bench ({mode}); Python {platform.python_version()}; load average {load_before}")
    rows: list[Row] = []
    for name in chosen:
        rows += BENCHMARKS[name](args.quick)
    seconds = time.perf_counter() - started
    print(f"\n=== summary ({mode}) ===")
    print(format_table(rows))
    gated = [r for r in rows if r.holds is not None]
    held = sum(1 for r in gated if r.holds)
    print(
        f"\n{held} of {len(gated)} targets hold; {seconds:.0f} s; load average before "
        f"{load_before}, after {load_average()}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
