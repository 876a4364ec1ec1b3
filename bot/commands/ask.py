"""``python -m bot ask "TEXT"``: ask the knowledge store a question from the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from bot.commands import add_store_argument, store_path
from bot.core.answers.answer import Answer
from bot.core.answers.engine import answer
from bot.core.knowledge.store import Store, StoreError
from bot.core.labels import format_date, format_money
from bot.edge.render.text import render_answer

HELP = "ask the knowledge store a question (filters, free text, English or Chinese)"

EPILOG = """\
examples:
  python -m bot ask "fines henan"
  python -m bot ask "fines over 1m" --json
  python -m bot ask "Which bank was fined and how much?"
  python -m bot ask "courts may 2022" --page-size 10
  python -m bot ask "show 2022-05-20-shaoxing-bank-customer-identification-fine"
  python -m bot ask help

The same engine answers in Slack (/pi TEXT) and in the local console."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("text", nargs="+", help="what to ask; several words are joined")
    parser.add_argument(
        "--json", action="store_true", help="print the structured answer as JSON instead of text"
    )
    add_store_argument(parser)
    parser.add_argument(
        "--page-size", type=int, default=5, help="results per page (1-50, default 5)"
    )
    parser.add_argument(
        "--offset", type=int, default=0, help="skip this many results (for the next page)"
    )
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="pretend today is this date (YYYY-MM-DD) for 'last month' and the digest",
    )


def answer_to_json(result: Answer) -> dict[str, object]:
    """The structured answer: ids, titles, dates, scores, what was understood."""
    results = []
    for position, dev in enumerate(result.results):
        results.append(
            {
                "id": dev.id,
                "title": dev.title,
                "date": dev.date.isoformat(),
                "date_shown": format_date(dev),
                "category": dev.category.value,
                "status": dev.status.value if dev.status else None,
                "regions": list(dev.regions),
                "authorities": list(dev.authorities),
                "penalties": [
                    {
                        "amount": str(p.amount),
                        "amount_max": str(p.amount_max) if p.amount_max is not None else None,
                        "currency": p.currency,
                        "kind": p.kind.value,
                        "bearer": p.bearer,
                        "shown": format_money(p),
                    }
                    for p in dev.penalties
                ],
                "links": dev.links,
                "score": result.scores[position] if position < len(result.scores) else None,
            }
        )
    payload: dict[str, object] = {
        "kind": result.kind.value,
        "query": result.query,
        "headline": result.headline,
        "total": result.total,
        "offset": result.offset,
        "next_offset": result.next_offset,
        "understood": [{"label": u.label, "value": u.value} for u in result.understood],
        "not_understood": list(result.not_understood),
        "suggestions": list(result.suggestions),
        "message": result.message,
        "results": results,
    }
    if result.stats:
        payload["stats"] = result.stats
    if result.digest is not None:
        digest = result.digest
        payload["digest"] = {
            "month": digest.month,
            "counts": {c.value: n for c, n in digest.counts.items()},
            "sections": {c.value: [d.id for d in devs] for c, devs in digest.sections},
            "largest_fines": [d.id for d in digest.largest_fines],
            "in_force": [d.id for d in digest.in_force],
        }
    return payload


def load_store(path: Path | None) -> Store | None:
    try:
        return Store.load(path)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    store = load_store(store_path(args))
    if store is None:
        return 1
    text = " ".join(args.text)
    result = answer(
        text, store.published, offset=args.offset, page_size=args.page_size, today=args.today
    )
    if args.json:
        print(json.dumps(answer_to_json(result), ensure_ascii=False, indent=2, default=str))
    else:
        print(render_answer(result))
    return 0
