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
from bot.core.knowledge.ingest.identity import identity_id, key_entries
from bot.core.knowledge.ingest.merge import FileReport, MergeResult, merge
from bot.core.knowledge.ingest.parse import ParsedNewsletter, newsletter_id, parse_bytes
from bot.core.knowledge.ingest.readers import ReadResult, read_newsletter
from bot.core.knowledge.model import KnowledgeFile
from bot.core.knowledge.review import Actor, approve_all
from bot.core.knowledge.store import FileBackend, KnowledgeBackend


class IngestError(Exception):
    """No file could be ingested; ``errors`` holds one line for each file."""

    def __init__(self, errors: Sequence[ParseError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


@dataclass
class IngestOutcome:
    result: MergeResult
    store_path: Path | str  # the file, or where the backend keeps the store
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
    return parse_read(
        read_newsletter(path, name=str(path)),
        path.name,
        gazetteer,
        month=month,
        publisher=publisher,
        shown_as=str(path),
    )


def parse_read(
    read: ReadResult,
    file_name: str,
    gazetteer: Gazetteer,
    *,
    month: YearMonth | None = None,
    publisher: str | None = None,
    shown_as: str | None = None,
    newsletter: str | None = None,
) -> ParsedNewsletter:
    """A newsletter a reader turned into canonical text -> its parsed items: the one path
    from a file's bytes to developments, for the CLI and for files sent in Slack.

    Its id: ``newsletter`` when given; else from what a feed calls itself; else the file's
    stem. A feed's entries are keyed by their id or link, not their position. Its publisher:
    ``publisher`` when given, else a feed's own title."""
    shown = shown_as or file_name
    if newsletter is None:
        newsletter = identity_id(read.identity) if read.identity else None
    parsed = parse_bytes(
        read.text.encode("utf-8"),
        file_name,
        newsletter or newsletter_id(Path(file_name)),
        gazetteer,
        month=month,
        # a feed's own title names its publisher (stable issue to issue) unless one is given
        publisher=publisher or (read.title if read.identity else None),
        shown_as=shown,
        blocks=read.blocks,
    )
    parsed.sha256 = read.sha256  # of the file as it arrived: re-ingesting it changes nothing
    parsed.own_title = read.title
    parsed.named_by_file = newsletter is None
    key_entries(parsed, read.entry_keys)
    parsed.warnings[:0] = [ParseWarning(shown, 0, warning) for warning in read.warnings]
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
    """Raises ``IngestError`` (no file could be used) or ``StoreError`` (unusable store).
    Files that fail while others succeed are in ``IngestOutcome.failures``.

    New developments are added unreviewed; with ``approve_by`` (who approves), they are
    approved as an editor would (for files already checked). ``backend`` is where the store
    lives (default: the file at ``store_path``)."""
    parsed, failures = parse_all(
        paths, gazetteer or default_gazetteer(), month=month, publisher=publisher
    )
    if failures and not parsed:
        raise IngestError(failures)
    outcome = ingest_parsed(
        parsed,
        backend or FileBackend(store_path),
        store_path if backend is None or isinstance(backend, FileBackend) else backend.describe(),
        dry_run=dry_run,
        at=now(),
        approve_by=approve_by,
    )
    outcome.failures = failures
    return outcome


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
    """Dry run: every change it would make, with the review flags of each new development.
    Otherwise: one line per file and totals."""
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
        lines.extend(f"    flag: {flag}" for flag in dev.flags)
    for added in report.merged:
        curated = " (reviewed: only the source is added)" if added.reviewed else ""
        lines.append(
            f'  merge: adds source {added.newsletter} "{added.ref}" to {added.development_id}'
            f" (score {added.score:.2f}){curated}"
        )
    return lines
