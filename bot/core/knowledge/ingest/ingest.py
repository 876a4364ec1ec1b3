"""``ingest``: parse every file first, merge, then write the store once, atomically.

If any file cannot be parsed, nothing is written: the error names the file and the line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.ingest.dates import YearMonth
from bot.core.knowledge.ingest.errors import ParseError
from bot.core.knowledge.ingest.merge import FileReport, MergeResult, merge
from bot.core.knowledge.ingest.parse import ParsedNewsletter, parse_file
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.review import Actor, approve_all
from bot.core.knowledge.store import FileBackend, KnowledgeBackend


class IngestError(Exception):
    """Files that cannot be ingested; ``errors`` holds one ``file:line: message`` each."""

    def __init__(self, errors: Sequence[ParseError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


@dataclass
class IngestOutcome:
    result: MergeResult
    store_path: Path | str  # the file, or where the backend keeps the store
    dry_run: bool
    written: bool


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def parse_all(
    paths: Sequence[Path],
    gazetteer: Gazetteer,
    *,
    month: YearMonth | None = None,
    publisher: str | None = None,
) -> list[ParsedNewsletter]:
    parsed: list[ParsedNewsletter] = []
    errors: list[ParseError] = []
    for path in paths:
        try:
            parsed.append(parse_file(path, gazetteer, month=month, publisher=publisher))
        except ParseError as exc:
            errors.append(exc)
    if errors:
        raise IngestError(errors)
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
    backend: KnowledgeBackend | None = None,
    approve_by: str | None = None,
) -> IngestOutcome:
    """Raises ``IngestError`` (unparseable files) or ``StoreError`` (unusable store).

    New developments are added unreviewed; with ``approve_by`` (who approves), they are
    approved as an editor would (for files already checked). ``backend`` is where the store
    lives (default: the file at ``store_path``)."""
    parsed = parse_all(paths, gazetteer or default_gazetteer(), month=month, publisher=publisher)
    return ingest_parsed(
        parsed,
        backend or FileBackend(store_path),
        store_path if backend is None or isinstance(backend, FileBackend) else backend.describe(),
        dry_run=dry_run,
        at=now(),
        approve_by=approve_by,
    )


def ingest_parsed(
    parsed: list[ParsedNewsletter],
    backend: KnowledgeBackend,
    store_path: Path | str,
    *,
    dry_run: bool = False,
    at: dt.datetime,
    approve_by: str | None = None,
) -> IngestOutcome:
    """Merge newsletters already parsed into the store behind ``backend``, in one write."""

    def change(current: KnowledgeFile) -> tuple[KnowledgeFile | None, MergeResult]:
        result = merge(current, parsed, at)
        if approve_by is not None:
            new_ids = [n.development.id for r in result.reports for n in r.new]
            result.knowledge, _ = approve_all(result.knowledge, new_ids, Actor(approve_by, at))
        return (result.knowledge if result.changed and not dry_run else None), result

    if dry_run:
        knowledge, _digest = _current(backend)
        result = change(knowledge)[1]
        return IngestOutcome(result, store_path, dry_run, written=False)
    result = backend.update(change)
    return IngestOutcome(result, store_path, dry_run, written=result.changed)


def _current(backend: KnowledgeBackend) -> tuple[KnowledgeFile, str | None]:
    if backend.signature() is None:
        return KnowledgeFile(), None
    return backend.load()


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
