"""Intake fidelity on newsletters written by others: ``../shared/eval/newsletters-2022-06``
(or ``$PI_EVAL_NEWSLETTERS``), scored by that folder's own ``score.py`` (imported at run
time from there, never copied).

Each file is ingested alone into a copy of the bundled store, then all of them together;
every order of the files (5! = 120 for five) is merged and the stores compared byte for
byte (they must be one store), and a few of the orders are scored. Printed: a table per
file and for all together (accepted, recall, precision, dates, categories, status, amount +
kind + payer, authorities, merges, false merges), then the penalty payers that differ from
the truth and the false merges.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import itertools
import json
import os
import random
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.common import Row
from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.errors import ParseError
from bot.core.knowledge.ingest.ingest import read_and_parse
from bot.core.knowledge.ingest.merge import merge
from bot.core.knowledge.ingest.parse import ParsedNewsletter
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import read_knowledge
from bot.core.knowledge.store.writing import dump_knowledge

REPO = Path(__file__).resolve().parent.parent
BUNDLED_STORE = REPO / "knowledge" / "developments.json"
NOW = dt.datetime(2022, 8, 1, 9, 0, tzinfo=dt.UTC)
SECTION = "intake (shared set)"
TARGETS = {
    "recall": 0.95,
    "precision": 0.95,
    "date": 0.95,
    "category": 0.95,
    "payers": 0.90,
    "merges": 0.90,
}
SCORED_ORDERS = 4
"""How many orders of all the files are scored (every order is compared)."""


def shared_folder() -> Path:
    configured = os.environ.get("PI_EVAL_NEWSLETTERS")
    if configured:
        return Path(configured)
    for root in (REPO.parent / "shared", Path("/work/shared")):
        folder = root / "eval" / "newsletters-2022-06"
        if folder.is_dir():
            return folder
    return REPO.parent / "shared" / "eval" / "newsletters-2022-06"


def load_scorer(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_newsletter_score", folder / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(folder / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def newsletter_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.endswith(".json") and p.suffix != ".py"
    )


def _figures(result: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """(hits, total) per figure over the files ``result`` scored."""
    sums: dict[str, list[int]] = {}

    def add(name: str, hits: int, total: int) -> None:
        pair = sums.setdefault(name, [0, 0])
        pair[0] += hits
        pair[1] += total

    for row in result["files"]:
        add("accepted", int(row["accepted"]), 1)
        counts = row.get("counts") or {}
        matched = row.get("matched", 0)
        add("recall", matched, row["truth_items"])
        add("precision", matched, row.get("extracted", 0))
        for name in ("date", "category", "status"):
            add(name, counts.get(name, 0), matched)
        add("payers", counts.get("pen_full", 0), counts.get("pen_total", 0))
        add("authorities", counts.get("auth_found", 0), counts.get("auth_total", 0))
    merges = result["merges"]
    add("merges", merges["merged_correctly"], merges["true_pairs_both_extracted"])
    add("false merges", len(merges["false_merges"]), 0)
    return {name: (hits, total) for name, (hits, total) in sums.items()}


_COLUMNS = (
    "accepted",
    "recall",
    "precision",
    "date",
    "category",
    "status",
    "payers",
    "authorities",
    "merges",
    "false merges",
)


def _cell(name: str, hits: int, total: int) -> str:
    if name == "false merges":
        return str(hits)
    return f"{hits / total:.2f} {hits}/{total}" if total else "- 0/0"


def _print_row(label: str, figures: dict[str, tuple[int, int]]) -> None:
    cells = " ".join(f"{_cell(c, *figures[c]):>12}" for c in _COLUMNS)
    print(f"{label[:34]:34} {cells}")


def _score(scorer: ModuleType, knowledge: KnowledgeFile, truths: list[dict]) -> dict[str, Any]:
    store = json.loads(dump_knowledge(knowledge))
    result: dict[str, Any] = scorer.score_store(store, truths)
    return result


def fidelity(details: bool = False) -> list[Row]:
    folder = shared_folder()
    if not (folder / "score.py").is_file():
        print(f"(no shared newsletters at {folder}: set PI_EVAL_NEWSLETTERS)")
        return []
    scorer = load_scorer(folder)
    truths = scorer.load_truths(folder)
    gazetteer = default_gazetteer()
    base = read_knowledge(BUNDLED_STORE)
    parsed: dict[Path, ParsedNewsletter] = {}
    print(f"{'newsletter':34} " + " ".join(f"{c:>12}" for c in _COLUMNS))
    for path in newsletter_files(folder):
        try:
            parsed[path] = read_and_parse(path, gazetteer)
        except ParseError as exc:
            print(f"{path.name[:34]:34} refused: {exc}")
            continue
        alone = merge(base, [parsed[path]], NOW).knowledge
        own = [t for t in truths if path.stem.startswith(t["newsletter_id"])]
        _print_row(path.name, _figures(_score(scorer, alone, own)))
    files = list(parsed.values())
    orders = every_order(len(files))
    distinct = distinct_stores(base, [[files[k] for k in order] for order in orders])
    scored = [orders[0], orders[-1], *random.Random(5).sample(orders, min(2, len(orders)))]
    together: dict[str, tuple[int, int]] = {}
    for number, order in enumerate(scored[:SCORED_ORDERS], start=1):
        knowledge = merge(base, [files[k] for k in order], NOW).knowledge
        result = _score(scorer, knowledge, truths)
        together = _figures(result)
        _print_row(f"all together, order {number}", together)
        if number == 1:
            first_result = result
    print_orders(len(orders), len(parsed), distinct)
    if together:
        _print_mistakes(first_result, details)
    return _rows(together, distinct)


MAX_ORDERS = 120
"""Every order up to 5 files; beyond, this many orders drawn at random (with the reverse)."""


def every_order(count: int) -> list[tuple[int, ...]]:
    """Orders of ``count`` files, as tuples of their indexes, the given order first."""
    if count <= 5:
        return list(itertools.permutations(range(count)))
    rng = random.Random(count)
    given = tuple(range(count))
    orders = {given, given[::-1]}
    while len(orders) < MAX_ORDERS:
        shuffled = list(given)
        rng.shuffle(shuffled)
        orders.add(tuple(shuffled))
    return sorted(orders)


def distinct_stores(base: KnowledgeFile, orders: list[list[ParsedNewsletter]]) -> int:
    """How many different stores the orders give (byte for byte); 1 is right."""
    digests = {
        hashlib.sha256(dump_knowledge(merge(base, order, NOW).knowledge).encode()).hexdigest()
        for order in orders
    }
    return len(digests)


def print_orders(orders: int, files: int, distinct: int) -> None:
    print(
        f"{orders} orders of all {files} files: {distinct} distinct store(s)   "
        f"target 1   {'ok' if distinct == 1 else 'DIFFERENT'}"
    )


def _print_mistakes(result: dict[str, Any], details: bool) -> None:
    payers = []
    for row in result["files"]:
        for match in row.get("matches", []):
            want = sorted(match["want"]["penalties"])
            got = sorted(match["got"]["penalties"])
            if want != got:
                payers.append(f"  {row['truth']}: {match['key']}: got {got}, want {want}")
    print(f"penalties that differ from the truth: {len(payers)}")
    for line in payers if details else payers[:10]:
        print(line)
    for false in result["merges"]["false_merges"]:
        print(f"  false merge: {false['dev']} joins {', '.join(false['keys'])}")


def _rows(figures: dict[str, tuple[int, int]], distinct: int) -> list[Row]:
    rows = []
    for name, target in TARGETS.items():
        hits, total = figures.get(name, (0, 0))
        value = hits / total if total else 0.0
        rows.append(
            Row(SECTION, name, _cell(name, hits, total), f">= {target:.2f}", value >= target)
        )
    false_merges = figures.get("false merges", (0, 0))[0]
    rows.append(Row(SECTION, "false merges", str(false_merges), "0", false_merges == 0))
    rows.append(Row(SECTION, "distinct stores over all orders", str(distinct), "1", distinct == 1))
    return rows
