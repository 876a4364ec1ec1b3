"""``python -m bot ingest FILE...``: add newsletters to the knowledge store."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from bot.commands import add_store_argument, knowledge_backend, store_path
from bot.core.knowledge.ingest.dates import YearMonth
from bot.core.knowledge.ingest.ingest import IngestError, describe, ingest
from bot.core.knowledge.store import StoreError

HELP = "parse newsletters (plain text) and merge their developments into the knowledge store"


def _month(text: str) -> YearMonth:
    try:
        return YearMonth.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="newsletter text files")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would change and write nothing"
    )
    parser.add_argument(
        "--month",
        type=_month,
        metavar="YYYY-MM",
        help="the issue's month, when its dates do not give the year",
    )
    parser.add_argument("--publisher", metavar="NAME", help="who publishes the newsletter")
    parser.add_argument(
        "--approve",
        action="store_true",
        help="publish the new developments at once, as an editor's approval would "
        "(for a file already checked); without it they wait for review",
    )
    add_store_argument(parser)


def run(args: argparse.Namespace) -> int:
    path = store_path(args)
    try:
        backend = knowledge_backend(args)
        outcome = ingest(
            args.files,
            path,
            dry_run=args.dry_run,
            month=args.month,
            publisher=args.publisher,
            backend=backend,
            approve_by=f"cli:{getpass.getuser()}" if args.approve else None,
        )
    except IngestError as exc:
        for error in exc.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"Nothing was written to {path}.", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    for report in outcome.result.reports:
        for warning in report.warnings:
            print(warning, file=sys.stderr)
    for line in describe(outcome):
        print(line)
    return 0
