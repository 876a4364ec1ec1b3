"""Markdown (.md) -> canonical structured text: the same subset, normalised.

Setext headings become ``#``/``##``; ``*``/``+`` bullets become ``-``; ``__bold__`` becomes
``**bold**``; tabs in indentation become two spaces per level; runs of blank lines become one.
Everything else is kept as written (it already is the canonical form).
"""

from __future__ import annotations

import hashlib
import re

from bot.core.knowledge.ingest.blocks import Block
from bot.core.knowledge.ingest.readers.canonical import CanonicalWriter
from bot.core.knowledge.ingest.readers.document import ReadResult, SourceFormat
from bot.core.knowledge.ingest.readers.text import decode_text, normalise_newlines

_SETEXT = re.compile(r"^(=+|-+)\s*$")
_BULLET = re.compile(r"^(\s*)[*+•◆●▪](\s+)")
_UNDERSCORE_BOLD = re.compile(r"__(?=\S)(.+?)(?<=\S)__")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_TITLE = re.compile(r"^#\s+(.+)$", re.MULTILINE)
_BLANKS = re.compile(r"\n{3,}")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_ITEM = re.compile(r"^(\s*)(-|\d+(?:\.\d+)+\.?|\d+[.)])\s+(\S.*)$")
"""A list item: "- ", "1. ", "2) ", "1.1 ": a bare number and a space ("14 March 2023 | CAC",
"120 apps were named") is text."""
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")


def read_markdown(data: bytes, file_name: str, sha256: str | None = None) -> ReadResult:
    text = markdown_to_canonical(normalise_newlines(decode_text(data, file_name)), file_name)
    title = _TITLE.search(text)
    return ReadResult(
        text=text,
        blocks=markdown_blocks(text, file_name),
        source_format=SourceFormat.MARKDOWN,
        file_name=file_name,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        title=title.group(1).strip() if title else None,
    )


def markdown_to_canonical(text: str, file_name: str) -> str:
    text = _FRONT_MATTER.sub("", text)
    lines = text.split("\n")
    out: list[str] = []
    blocks = CanonicalWriter(file_name, "a Markdown file")  # only counts: bounds the size
    for raw in lines:
        line = raw.rstrip().expandtabs(2)
        setext = _SETEXT.match(line)
        if setext and out and out[-1].strip() and not out[-1].startswith(("#", "-", "|")):
            level = 1 if setext.group(1)[0] == "=" else 2
            out[-1] = f"{'#' * level} {out[-1].strip()}"
            continue
        line = _BULLET.sub(lambda m: f"{m.group(1)}- ", line)
        line = _UNDERSCORE_BOLD.sub(r"**\1**", line)
        if line and (not out or not out[-1]):
            blocks.paragraph(line)
        out.append(line)
    return _BLANKS.sub("\n\n", "\n".join(out)).strip("\n") + "\n"


def markdown_blocks(canonical: str, file_name: str) -> tuple[Block, ...]:
    """The blocks of canonical Markdown (as ``markdown_to_canonical`` writes it): headings,
    list items (a wrapped line joins its item), table rows, paragraphs (lines joined)."""
    writer = CanonicalWriter(file_name, "a Markdown file")
    for chunk in canonical.split("\n\n"):
        _chunk_blocks(writer, chunk)
        writer.end_list()
    return writer.blocks()


def _chunk_blocks(writer: CanonicalWriter, chunk: str) -> None:
    pending: list[str] = []
    item: list[tuple[str, int, str]] = []

    def flush() -> None:
        if item:
            text, depth, marker = item.pop()
            writer.item(text, depth=depth, marker=marker)
        if pending:
            writer.end_list()
            writer.paragraph(" ".join(pending))
            pending.clear()

    for line in chunk.split("\n"):
        heading = _HEADING.match(line)
        listed = _ITEM.match(line)
        if heading:
            flush()
            writer.heading(len(heading.group(1)), heading.group(2))
        elif line.startswith("|") and line.rstrip().endswith("|"):
            flush()
            cells = line.strip().strip("|").split("|")
            if not all(set(c.strip()) <= set(":-") for c in cells):
                writer.table_row(cells)
            else:  # the rule under a table's first row: that row is the header
                writer.table_header()
        elif _RULE.match(line):
            flush()
        elif listed:
            flush()
            item.append((listed.group(3), len(listed.group(1)) // 2, listed.group(2)))
        elif item and line.strip():
            text, depth, marker = item.pop()
            item.append((f"{text} {line.strip()}", depth, marker))
        elif line.strip():
            pending.append(line.strip())
    flush()
