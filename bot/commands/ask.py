"""``python -m bot ask "TEXT"``: ask the knowledge store a question from the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from bot.commands import add_store_argument, knowledge_backend
from bot.core.answers.answer import Answer, DirectAnswer
from bot.core.answers.router import Context, FixedStore, Router
from bot.core.knowledge.store import Store, StoreError, snapshots_written_after
from bot.core.labels import format_date, format_money
from bot.edge.render.text import render_answer

ASKER = Context(channel_id="cli", user_id="cli", team_id=None, surface="console")
"""Who asks from the terminal: no editor, no conversation."""

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
    """The structured answer: every field of each record, its score, what was understood,
    and for a question the direct answer with its citations."""
    results = []
    for position, dev in enumerate(result.results):
        record = dev.model_dump(mode="json")
        record["date_shown"] = format_date(dev)
        record["links"] = dev.links
        record["penalties"] = [
            {**p.model_dump(mode="json"), "shown": format_money(p)} for p in dev.penalties
        ]
        record["score"] = result.scores[position] if position < len(result.scores) else None
        results.append(record)
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
        "language": result.language,
        "direct": _direct_json(result.direct),
    }
    if result.request is not None:
        payload["request"] = result.request
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


def _direct_json(direct: DirectAnswer | None) -> dict[str, object] | None:
    if direct is None:
        return None
    return {
        "ask": direct.ask,
        "text": direct.text,
        "notes": list(direct.notes),
        "figures": direct.figures,
        "citations": [
            {
                "development_id": c.development_id,
                "development_title": c.development_title,
                "newsletter": c.newsletter,
                "issue": c.issue,
                "reported": c.reported.isoformat() if c.reported else None,
                "url": c.url,
                "quote": c.quote,
            }
            for c in direct.citations
        ],
    }


def load_store(args: argparse.Namespace) -> Store | None:
    """The store the command reads: the ``--store`` file when given, else the deployment's
    (the database when ``DATABASE_URL`` names PostgreSQL, else the file)."""
    try:
        knowledge, digest = knowledge_backend(args).load()
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    return Store.from_knowledge(knowledge, digest=digest)


def run(args: argparse.Namespace) -> int:
    with snapshots_written_after():  # the answer first; what the next process reads after
        return _ask(args)


def _ask(args: argparse.Namespace) -> int:
    store = load_store(args)
    if store is None:
        return 1
    text = " ".join(args.text)
    # through the router, as in Slack and the console: commands by the registry, and an
    # editors' command gets the editors' notice rather than a search
    router = Router(FixedStore(store), page_size=args.page_size, today=lambda: args.today)
    result = router.handle(text, ASKER, offset=args.offset)
    if args.json:
        print(json.dumps(answer_to_json(result), ensure_ascii=False, indent=2, default=str))
    else:
        print(render_answer(result))
    sys.stdout.flush()
    return 0
