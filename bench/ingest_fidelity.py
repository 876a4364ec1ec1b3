"""Newsletter intake fidelity and speed: ``python -m bench.ingest_fidelity [--no-speed]``.

Fidelity, two tables. The project's own newsletters (``bench/newsletters/files``): each is
read and split as ``ingest`` does and scored against its truth file
(``bench/newsletters/truth``): development recall and precision, dates exact, categories
right, penalty amounts exact, payer right; then all are ingested into one temporary store to
count cross-newsletter merges found and false merges, and merged in many orders to check
they give one store. Then the newsletters written by others (``bench.shared_newsletters``:
``../shared/eval/newsletters-2022-06`` scored by its own ``score.py``), each alone and all
together in every order.

Speed: a generated 50-page PDF and a generated 1,000-entry RSS feed, each ingested into an
empty temporary store (read, split, merge, write), timed. Nothing is written to knowledge/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from collections.abc import Callable
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pypdfium2 as pdfium

from bench import shared_newsletters
from bench.common import Row, load_average
from bench.fidelity import FileScore, Ratio, Truth, mistakes, score_file, score_merges
from bench.newsletters.formats import pdf_from_source
from bench.shared_newsletters import distinct_stores, every_order, print_orders
from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.errors import ParseError
from bot.core.knowledge.ingest.ingest import IngestError, ingest, read_and_parse
from bot.core.knowledge.ingest.parse import newsletter_id
from bot.core.knowledge.ingest.readers import read_newsletter
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import read_knowledge

NEWSLETTERS = Path(__file__).resolve().parent / "newsletters"
NOW = dt.datetime(2022, 8, 1, 9, 0, tzinfo=dt.UTC)
TARGETS = {
    "recall": 0.95,
    "precision": 0.95,
    "dates": 0.95,
    "categories": 0.95,
    "amounts": 1.00,
    "payers": 0.90,
    "merges": 0.90,
}
SPEED_TARGET_SECONDS = 10.0
SECTION = "intake"


def load_truths() -> list[Truth]:
    truths = []
    for path in sorted((NEWSLETTERS / "truth").glob("*.json")):
        truths.append(Truth.from_json(json.loads(path.read_text(encoding="utf-8"))))
    return truths


def fidelity(details: bool = False) -> list[Row]:
    """Print the fidelity table (and with ``details`` every mistake); the overall figures as
    summary rows."""
    gazetteer = default_gazetteer()
    truths = load_truths()
    paths = [NEWSLETTERS / "files" / t.file for t in truths]
    scores: list[FileScore] = []
    errors: dict[str, str] = {}
    details_lines: list[str] = []
    parsed = []
    newsletter_ids: dict[str, str] = {}  # as ingest names them (a feed by its own identity)
    for truth, path in zip(truths, paths, strict=True):
        newsletter_ids[truth.file] = newsletter_id(path)
        try:
            parsed.append(read_and_parse(path, gazetteer))
            items, newsletter_ids[truth.file] = parsed[-1].items, parsed[-1].id
        except ParseError as exc:
            items, errors[truth.file] = [], str(exc)
        scores.append(score_file(truth, items))
        details_lines += [f"  {truth.file}: {line}" for line in mistakes(truth, items, scores[-1])]
    with tempfile.TemporaryDirectory(prefix="pi-fidelity-") as folder:
        store = Path(folder) / "developments.json"
        development_of: dict[tuple[str, str], str] = {}
        try:
            ingest(paths, store, now=lambda: NOW, gazetteer=gazetteer)
            for development in read_knowledge(store).developments:
                for source in development.sources:
                    development_of[(source.newsletter, source.ref)] = development.id
        except IngestError:
            pass  # no file could be split: no merges to count
        except Exception as exc:  # the figures still print; the failure is shown
            print(f"ingesting all together failed: {type(exc).__name__}: {exc}")
    merges = score_merges(
        truths,
        scores,
        development_of,
        newsletter_ids,
    )
    _print_table(truths, scores, errors)
    if details:
        print("\nMistakes:" if details_lines else "\nNo mistakes.")
        for line in details_lines:
            print(line)
    print()
    if details:
        for line in merges.missed:
            print(f"  merge missed: {line}")
        for line in merges.wrong:
            print(f"  false merge: {line}")
    orders = every_order(len(parsed))
    distinct = distinct_stores(KnowledgeFile(), [[parsed[k] for k in order] for order in orders])
    print_orders(len(orders), len(parsed), distinct)
    merges_value = merges.found.value or 0.0
    print(
        f"cross-newsletter merges found {merges.found}   target >= {TARGETS['merges']:.2f}"
        f"   {'ok' if merges_value >= TARGETS['merges'] else 'BELOW'}"
    )
    print(
        f"false merges {merges.false_merges}   target 0   "
        f"{'ok' if merges.false_merges == 0 else 'ABOVE'}"
    )
    rows = [
        Row(
            SECTION,
            name,
            str(ratio),
            f">= {TARGETS[name]:.2f}",
            (ratio.value or 0.0) >= TARGETS[name],
        )
        for name, ratio in _overall(scores).items()
    ]
    rows.append(
        Row(
            SECTION,
            "cross-newsletter merges found",
            str(merges.found),
            f">= {TARGETS['merges']:.2f}",
            merges_value >= TARGETS["merges"],
        )
    )
    rows.append(
        Row(SECTION, "false merges", str(merges.false_merges), "0", merges.false_merges == 0)
    )
    rows.append(Row(SECTION, "distinct stores over the orders", str(distinct), "1", distinct == 1))
    return rows


def _overall(scores: list[FileScore]) -> dict[str, Ratio]:
    total = {name: Ratio(0, 0) for name in TARGETS if name != "merges"}
    for score in scores:
        for name in total:
            total[name] = total[name] + getattr(score, name)
    return total


def _print_table(truths: list[Truth], scores: list[FileScore], errors: dict[str, str]) -> None:
    columns = [name for name in TARGETS if name != "merges"]
    print(f"{'newsletter':40} {'format':10} " + " ".join(f"{c:>13}" for c in columns))
    for truth, score in zip(truths, scores, strict=True):
        cells = " ".join(f"{_short(getattr(score, c)):>13}" for c in columns)
        print(f"{truth.file[:40]:40} {truth.format[:10]:10} {cells}")
        if truth.file in errors:
            print(f"    refused: {errors[truth.file]}")
    overall = _overall(scores)
    print(f"{'overall':40} {'':10} " + " ".join(f"{_short(overall[c]):>13}" for c in columns))
    targets = " ".join(f"{'>= ' + format(TARGETS[c], '.2f'):>13}" for c in columns)
    print(f"{'target':40} {'':10} {targets}")
    holds = ["ok" if (overall[c].value or 0.0) >= TARGETS[c] else "BELOW" for c in columns]
    print(f"{'':40} {'':10} " + " ".join(f"{h:>13}" for h in holds))


def _short(ratio: Ratio) -> str:
    value = ratio.value
    return f"{value:.2f} {ratio.hits}/{ratio.total}" if value is not None else "- 0/0"


# --- speed -------------------------------------------------------------------------------

_AUTHORITIES = ("Cyberspace Administration", "Communications Administration", "Market Regulation")
_CITIES = ("Shenzhen", "Hangzhou", "Chengdu", "Wuhan", "Nanjing", "Xiamen", "Suzhou", "Jinan")


def long_pdf_source(pages: int = 50) -> str:
    """A memo long enough to fill ``pages`` pages: numbered sections of enforcement items."""
    rng = random.Random(50)
    lines = ["# China Data Enforcement Log, June 2022", ""]
    for section in range(1, pages * 9 // 4 + 1):
        lines += [f"## {section}. ENFORCEMENT ROUND {section}", ""]
        for number in range(1, 5):
            city = rng.choice(_CITIES)
            day = rng.randint(1, 30)
            amount = rng.randint(1, 90) * 10_000
            lines.append(
                f"{section}.{number} **{city} regulator fines app operator {section}-{number}.** "
                f"On {day} June 2022 the {city} {rng.choice(_AUTHORITIES)} fined {city} "
                f"Example Data {section}{number} Co., Ltd. RMB {amount:,} for collecting "
                "personal information beyond what its service needed and for failing to "
                "obtain separate consent before sharing location data with advertising "
                "partners. The company was ordered to correct its app within 15 days and to "
                "report the measures it took to the regulator."
            )
            lines.append("")
    return "\n".join(lines)


def feed_xml(entries: int = 1_000) -> str:
    rng = random.Random(1000)
    start = dt.datetime(2022, 7, 31, 12, 0, tzinfo=dt.UTC)
    items = []
    for n in range(entries):
        city = rng.choice(_CITIES)
        when = start - dt.timedelta(hours=n)
        amount = rng.randint(1, 90) * 10_000
        items.append(
            "<item>"
            f"<title>{city} regulator fines operator {n} RMB {amount:,}</title>"
            f"<link>https://feed.example/china/{n}</link>"
            f"<category>{rng.choice(('Enforcement', 'Regulation', 'Courts'))}</category>"
            f"<pubDate>{format_datetime(when)}</pubDate>"
            f"<description>{escape(_entry_text(city, n, amount))}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Generated enforcement feed</title><link>https://feed.example/china</link>"
        "<description>1,000 entries</description>" + "".join(items) + "</channel></rss>"
    )


def _entry_text(city: str, n: int, amount: int) -> str:
    return (
        f"The {city} authorities fined {city} Example {n} Co., Ltd. RMB {amount:,} over its "
        "handling of personal information."
    )


def speed() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="pi-intake-speed-") as folder:
        root = Path(folder)
        pdf = root / "memo-50-pages.pdf"
        pdf.write_bytes(
            pdf_from_source(long_pdf_source(), header="Generated memo", footer="Log", title="Log")
        )
        feed = root / "feed-1000.xml"
        feed.write_text(feed_xml(), encoding="utf-8")
        pages = len(pdfium.PdfDocument(pdf.read_bytes()))
        return [
            _timed(label, path, root)
            for label, path in ((f"{pages}-page PDF", pdf), ("1,000-entry feed", feed))
        ]


def _timed(label: str, path: Path, root: Path) -> Row:
    read_seconds = _seconds(lambda: read_newsletter(path, name=path.name))
    store = root / f"{path.stem}.json"
    failure = ""
    started = time.perf_counter()
    try:
        outcome = ingest([path], store, now=lambda: NOW)
        new = sum(len(r.new) for r in outcome.result.reports)
    except IngestError as exc:
        failure, new = str(exc).splitlines()[0], 0
    total = time.perf_counter() - started
    holds = total < SPEED_TARGET_SECONDS and not failure
    print(
        f"{label:18} ingest {total:6.2f} s (reading {read_seconds:5.2f} s), "
        f"{new} developments   target < {SPEED_TARGET_SECONDS:.0f} s   "
        f"{'ok' if holds else 'BELOW'}{'  refused: ' + failure if failure else ''}"
    )
    figure = f"{total:.2f} s" + (" (refused)" if failure else f", {new} developments")
    return Row(SECTION, f"ingest a {label}", figure, f"< {SPEED_TARGET_SECONDS:.0f} s", holds)


def _seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run(quick: bool = False) -> list[Row]:
    """For ``bench.run``: the fidelity figures, then the speed figures (``quick`` changes
    nothing: the set is small)."""
    print("\n=== intake: fidelity on bench/newsletters (share, hits/total) ===")
    rows = fidelity()
    print("\n=== intake: fidelity on the shared newsletters (score.py of that folder) ===")
    rows += shared_newsletters.fidelity()
    print("\n=== intake: speed ===")
    return rows + speed()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_fidelity", description=__doc__)
    parser.add_argument("--no-speed", action="store_true", help="fidelity figures only")
    parser.add_argument("--details", action="store_true", help="list every mistake")
    args = parser.parse_args(argv)
    print(f"load average before: {load_average()}")
    print("Fidelity on bench/newsletters (figures: share, hits/total)")
    fidelity(details=args.details)
    print()
    print(f"Fidelity on {shared_newsletters.shared_folder()} (its score.py; share, hits/total)")
    shared_newsletters.fidelity(details=args.details)
    if not args.no_speed:
        print()
        print("Speed")
        speed()
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
