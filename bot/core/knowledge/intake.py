"""Newsletters sent by editors (from Slack): which files are read, how, and what the reply
says. Pure; the download and the Slack side are in ``bot/edge/slack/intake.py``.

``parse_received_file`` reads a received file exactly as ``python -m bot ingest`` reads one:
the newsletter-format readers (HTML, e-mail, PDF, Word, Markdown, feeds, text in any
encoding), then the splitter.
"""

from __future__ import annotations

from pathlib import PurePath

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.identity import content_id, identity_id
from bot.core.knowledge.ingest.ingest import IngestOutcome, parse_read
from bot.core.knowledge.ingest.parse import ParsedNewsletter
from bot.core.knowledge.ingest.readers import read_newsletter
from bot.core.knowledge.model import Development, KnowledgeFile
from bot.core.knowledge.review import is_pending
from bot.core.knowledge.validate import LOOK, Level, development_problems

ACCEPTED_SUFFIXES = (
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".eml",
    ".pdf",
    ".docx",
    ".xml",
    ".rss",
    ".atom",
)
"""File types the readers take (the content decides the reader; the name only lets a file in)."""
ACCEPTED_DESCRIPTION = (
    "newsletters as HTML, e-mail (.eml), PDF, Word (.docx), Markdown, RSS/Atom feeds or text"
)
ACCEPTED_MIMETYPES = frozenset(
    {"text/plain", "text/html", "text/markdown", "message/rfc822", "application/pdf"}
)


def accepts(file_name: str, mimetype: str | None) -> bool:
    suffix = PurePath(file_name).suffix.lower()
    return suffix in ACCEPTED_SUFFIXES or (not suffix and mimetype in ACCEPTED_MIMETYPES)


def parse_received_file(
    data: bytes, file_name: str, gazetteer: Gazetteer, *, address: str | None = None
) -> ParsedNewsletter:
    """Read and parse a received file (or the body fetched from ``address``); raises
    ``ParseError`` (a ``ReadError`` for a file that is no newsletter: binary, scanned, too
    large) with one line saying why.

    Its newsletter id (``bot.core.knowledge.ingest.identity``): what a feed calls itself,
    else the address it was fetched from, else the file's title and content hash: never the
    bare file name, which many unrelated newsletters share."""
    safe_name = PurePath(file_name).name or "newsletter.txt"
    read = read_newsletter(data, name=safe_name)
    if read.identity:
        newsletter = identity_id(read.identity)
    elif address:
        newsletter = identity_id(address)
    else:
        newsletter = content_id(read.title, safe_name, read.sha256)
    return parse_read(read, safe_name, gazetteer, newsletter=newsletter)


def flags(dev: Development, knowledge: KnowledgeFile, gazetteer: Gazetteer) -> list[str]:
    """What a reviewer should look at before approving (the store checks on this record,
    its review state aside)."""
    return [
        f"{'error' if p.level is Level.ERROR else 'check'}: {p.message.removeprefix(LOOK)}"
        for p in development_problems(dev, knowledge, gazetteer)
    ]


def pending_from(knowledge: KnowledgeFile, newsletter: str) -> list[Development]:
    """Developments waiting for review that a newsletter reported, oldest first."""
    devs = [
        d
        for d in knowledge.developments
        if is_pending(d) and any(s.newsletter == newsletter for s in d.sources)
    ]
    return sorted(devs, key=lambda d: (d.date, d.id))


def summary_line(outcome: IngestOutcome, file_name: str, flagged: int) -> str:
    """'12 developments in <file>: 9 new, 3 merged into existing ones, 2 flagged'."""
    report = outcome.result.reports[0]
    if report.already_ingested_as is not None:
        return (
            f"{file_name} was already ingested (as newsletter {report.already_ingested_as}); "
            "nothing new was added."
        )
    new, merged = len(report.new), len(report.merged)
    total = new + merged + len(report.known)
    line = (
        f"{total} development{'s' if total != 1 else ''} in {file_name}: {new} new, "
        f"{merged} merged into existing ones, {flagged} flagged"
    )
    if report.known:
        line += f", {len(report.known)} already in the store"
    return line
