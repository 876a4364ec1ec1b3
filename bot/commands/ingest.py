"""``python -m bot ingest FILE...``: add newsletters to the knowledge store."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import tempfile
from pathlib import Path

from pydantic import ValidationError

from bot.commands import add_store_argument, failure_line, knowledge_backend, store_path
from bot.core.knowledge.ingest.dates import YearMonth
from bot.core.knowledge.ingest.ingest import IngestError, describe, ingest
from bot.core.knowledge.ingest.readers import ReadError
from bot.core.knowledge.store import StoreError
from bot.edge.addresses import FetchAllow
from bot.edge.fetch import fetch_to, is_url
from bot.settings import invalid_settings, load_settings

log = logging.getLogger(__name__)

HELP = (
    "read newsletters (HTML, e-mail, PDF, Word, Markdown, RSS/Atom, plain text) and merge "
    "their developments into the knowledge store"
)


def _month(text: str) -> YearMonth:
    try:
        return YearMonth.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="newsletter files (.html .eml .pdf .docx .md .rss/.atom/.xml .txt; 20 MB at most "
        "each) or http(s):// addresses of feeds (public hosts only; PI_FETCH_ALLOW lists "
        "intranet hosts or CIDR ranges that may be fetched too)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would change and write nothing"
    )
    parser.add_argument(
        "--month",
        type=_month,
        metavar="YYYY-MM",
        help="the issue's month, when its dates do not give the year",
    )
    parser.add_argument(
        "--publisher",
        metavar="NAME",
        help="who publishes the newsletter (default: a feed's own title; none for a file)",
    )
    parser.add_argument(
        "--approve",
        action="store_true",
        help="publish the new developments at once, as an editor's approval would "
        "(for a file already checked); without it they wait for review",
    )
    add_store_argument(parser)


def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="pi-ingest-") as folder:
        files, fetch_failures = _local_files(args.files, Path(folder))
        return _run(args, files, fetch_failures)


def _fetch_allow() -> FetchAllow:
    """``PI_FETCH_ALLOW`` as read by the settings; a bad value stops with one line."""
    try:
        return FetchAllow.parse(load_settings().pi_fetch_allow)
    except ValidationError as exc:
        raise SystemExit(f"ingest: {invalid_settings(exc)}") from exc


def _local_files(given: list[str], folder: Path) -> tuple[list[Path], list[ReadError]]:
    """The files to ingest: feeds and pages given as ``http(s)://`` addresses fetched first."""
    files: list[Path] = []
    failures: list[ReadError] = []
    allow = _fetch_allow() if any(map(is_url, given)) else None
    for item in given:
        if not is_url(item):
            files.append(Path(item))
            continue
        try:
            files.append(fetch_to(item, folder, allow=allow))
        except ReadError as exc:
            failures.append(exc)
    return files, failures


def _run(args: argparse.Namespace, files: list[Path], fetch_failures: list[ReadError]) -> int:
    path = store_path(args)
    for failure in fetch_failures:
        print(f"error: {failure}", file=sys.stderr)
    if not files:
        print(f"Nothing was written to {path}.", file=sys.stderr)
        return 1
    try:
        backend = knowledge_backend(args)
        outcome = ingest(
            files,
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
    except OSError as exc:  # a full disk, a folder that cannot be written
        log.debug("writing the store failed", exc_info=exc)
        print(
            f"error: cannot write {path}: {failure_line(exc)}; the store was left as it was",
            file=sys.stderr,
        )
        return 1
    for report in outcome.result.reports:
        for warning in report.warnings:
            print(warning, file=sys.stderr)
    for line in describe(outcome):
        print(line)
    for error in outcome.failures:
        print(f"error: {error}", file=sys.stderr)
    left_out = len(outcome.failures) + len(fetch_failures)
    if left_out:
        print(f"{left_out} file(s) were left out (see above); the others went in.", file=sys.stderr)
        return 1
    return 0
