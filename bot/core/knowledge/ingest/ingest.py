"""``ingest``: read and parse each file on its own, merge the good ones, write the store once,
atomically.

Each file goes through the readers (``readers/``: HTML, e-mail, PDF, Word, Markdown, feeds,
plain text -> canonical text), then the splitter. A file that cannot be read or parsed is
left out with one error line (``file: what it is, what was wrong: what to do``, or
``file:line: message``); the others go in. When no file can be used nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.ingest.dates import YearMonth
from bot.core.knowledge.ingest.errors import ParseError, ParseWarning
from bot.core.knowledge.ingest.merge import FileReport, MergeResult, merge
from bot.core.knowledge.ingest.parse import ParsedNewsletter, newsletter_id, parse_bytes
from bot.core.knowledge.ingest.readers import read_newsletter
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.store import read_knowledge, store_write_lock, write_knowledge


class IngestError(Exception):
    """No file could be ingested; ``errors`` holds one line for each file."""

    def __init__(self, errors: Sequence[ParseError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


@dataclass
class IngestOutcome:
    result: MergeResult
    store_path: Path
    dry_run: bool
    written: bool
    failures: list[ParseError] = field(default_factory=list)
    """Files left out: one error each (the others went in)."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def parse_all(
    paths: Sequence[Path],
    gazetteer: Gazetteer,
    *,
    month: YearMonth | None = None,
    publisher: str | None = None,
) -> tuple[list[ParsedNewsletter], list[ParseError]]:
    """Each file read and parsed on its own: (the parsed ones, one error per failed one)."""
    parsed: list[ParsedNewsletter] = []
    errors: list[ParseError] = []
    for path in paths:
        try:
            parsed.append(read_and_parse(path, gazetteer, month=month, publisher=publisher))
        except ParseError as exc:
            errors.append(exc)
    return parsed, errors


def read_and_parse(
    path: Path,
    gazetteer: Gazetteer,
    *,
    month: YearMonth | None = None,
    publisher: str | None = None,
) -> ParsedNewsletter:
    """One newsletter file in any supported format -> its parsed items."""
    read = read_newsletter(path, name=str(path))
    parsed = parse_bytes(
        read.text.encode("utf-8"),
        path.name,
        newsletter_id(path),
        gazetteer,
        month=month,
        publisher=publisher,
        shown_as=str(path),
    )
    parsed.sha256 = read.sha256  # of the file as it arrived: re-ingesting it changes nothing
    parsed.warnings[:0] = [ParseWarning(str(path), 0, warning) for warning in read.warnings]
    return parsed


def ingest(
    paths: Sequence[Path],
    store_path: Path,
    *,
    dry_run: bool = False,
    month: YearMonth | None = None,
    publisher: str | None = None,
    now: Callable[[], dt.datetime] = utc_now,
    gazetteer: Gazetteer | None = None,
) -> IngestOutcome:
    """Raises ``IngestError`` (no file could be used) or ``StoreError`` (unusable store).

    Files that fail while others succeed are in ``IngestOutcome.failures``."""
    parsed, failures = parse_all(
        paths, gazetteer or default_gazetteer(), month=month, publisher=publisher
    )
    if failures and not parsed:
        raise IngestError(failures)
    if dry_run:
        result = merge(_current(store_path), parsed, now())
        return IngestOutcome(result, store_path, dry_run, written=False, failures=failures)
    with store_write_lock(store_path):
        result = merge(_current(store_path), parsed, now())
        if result.changed:
            write_knowledge(store_path, result.knowledge)
    return IngestOutcome(result, store_path, dry_run, written=result.changed, failures=failures)


def _current(store_path: Path) -> KnowledgeFile:
    return read_knowledge(store_path) if store_path.exists() else KnowledgeFile()


# --- what to print -----------------------------------------------------------------------


def describe(outcome: IngestOutcome) -> list[str]:
    """Dry run: every change it would make. Otherwise: one line per file and totals."""
    lines: list[str] = []
    for report in outcome.result.reports:
        lines.append(_file_line(report, outcome.dry_run))
        if outcome.dry_run:
            lines.extend(_file_details(report))
    new = sum(len(r.new) for r in outcome.result.reports)
    merged = sum(len(r.merged) for r in outcome.result.reports)
    total = len(outcome.result.knowledge.developments)
    if outcome.dry_run:
        lines.append(
            f"Dry run: would add {new} development(s) and {merged} source(s) to existing "
            f"ones ({total} developments in all); nothing was written to {outcome.store_path}."
        )
    elif outcome.written:
        lines.append(
            f"Added {new} development(s) and {merged} source(s) to existing ones; "
            f"{outcome.store_path} now holds {total} developments."
        )
    else:
        lines.append(
            f"Nothing to change; {outcome.store_path} left as it was ({total} developments)."
        )
    return lines


def _file_line(report: FileReport, dry_run: bool) -> str:
    if report.already_ingested_as is not None:
        return (
            f"{report.file_name}: already ingested (same sha256 as newsletter "
            f"{report.already_ingested_as}); skipped"
        )
    verb = "would add" if dry_run else "added"
    parts = [
        f"{report.file_name}: {report.items} items ({report.layout} layout, {report.issue_month})",
        f"{verb} {len(report.new)} new",
        f"{len(report.merged)} merged into existing developments",
    ]
    if report.known:
        parts.append(f"{len(report.known)} already in the store")
    return "; ".join(parts)


def _file_details(report: FileReport) -> list[str]:
    lines = []
    for new in report.new:
        dev = new.development
        precision = " (month)" if dev.date_precision.value == "month" else ""
        lines.append(f"  new {dev.id} ({dev.date}{precision}) {dev.title}  [{new.ref}]")
    for added in report.merged:
        curated = " (reviewed: only the source is added)" if added.reviewed else ""
        lines.append(
            f'  merge: adds source {added.newsletter} "{added.ref}" to {added.development_id}'
            f" (score {added.score:.2f}){curated}"
        )
    return lines
