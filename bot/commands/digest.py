"""``python -m bot digest``: print a month's digest from the knowledge store."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from bot.commands import add_store_argument
from bot.commands.ask import load_store
from bot.core.labels import format_date, format_money
from bot.core.notify import chart_data
from bot.core.periods.digest import build_digest, parse_month, previous_month
from bot.edge.render.text import render_digest

HELP = "print the monthly digest (default: last month) as text or JSON"

EPILOG = """\
examples:
  python -m bot digest --month 2022-05
  python -m bot digest --month 2022-05 --json
  python -m bot digest --month 2022-05 --chart may.png

The digest lists a month's developments grouped as Regulation, Enforcement, Courts and
Industry, with counts, the largest fines and laws coming into force."""


def _month(text: str) -> str:
    try:
        parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text.strip()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument(
        "--month", type=_month, default=None, help="the month, YYYY-MM (default: last month)"
    )
    parser.add_argument("--json", action="store_true", help="print the digest as JSON")
    parser.add_argument(
        "--chart",
        type=Path,
        default=None,
        metavar="FILE.png",
        help="also write the digest's chart (categories over 12 months, fines by region)",
    )
    add_store_argument(parser)


def run(args: argparse.Namespace) -> int:
    store = load_store(args)
    if store is None:
        return 1
    month = args.month or previous_month(date.today())
    digest = build_digest(store, month)
    if args.chart is not None:
        # imported here: matplotlib takes seconds to import; only --chart needs it
        from bot.edge.render.chart import chart_png

        data = chart_data(store, month)
        args.chart.write_bytes(chart_png(data))
        print(f"chart written to {args.chart}: {data.alt_text()}", file=sys.stderr)
    if not args.json:
        print(render_digest(digest))
        return 0
    payload = {
        "month": digest.month,
        "month_label": digest.month_label,
        "total": digest.total,
        "counts": {c.value: n for c, n in digest.counts.items()},
        "sections": [
            {
                "category": category.value,
                "developments": [
                    {
                        "id": d.id,
                        "date": d.date.isoformat(),
                        "date_shown": format_date(d),
                        "title": d.title,
                        "links": d.links,
                    }
                    for d in devs
                ],
            }
            for category, devs in digest.sections
        ],
        "largest_fines": [
            {"id": d.id, "amounts": [format_money(p) for p in d.penalties]}
            for d in digest.largest_fines
        ],
        "in_force": [
            {
                "id": d.id,
                "effective_date": d.effective_date.isoformat() if d.effective_date else None,
            }
            for d in digest.in_force
        ],
        "adopted_in_force_later": [
            {
                "id": d.id,
                "effective_date": d.effective_date.isoformat() if d.effective_date else None,
            }
            for d in digest.adopted
        ],
        "compensation": [
            {"id": d.id, "amounts": [format_money(p) for p in d.penalties]}
            for d in digest.compensation
        ],
    }
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0
