"""Plain text (a ``.txt`` file, an e-mail's text/plain part, text given as it is) -> the same
typed blocks the readers hand over (``ingest/blocks.py``), so one splitter reads every
newsletter.

The lexer is the only place that reads structure from characters: it joins wrapped lines to
the block they continue (a line near the text's width, or open-ended, or indented under the
one before, or starting in lower case), and tells ``#`` and setext headings, numbered
("1.", "1.1", "1、", "一、", "(一)") and bulleted ("- ", "•", "◆") list items with their
number and depth, ``| a | b |`` table rows (a ``|---|`` rule under the first row makes it a
header) and paragraphs; inline ``**bold**`` and ``[text](url)`` become spans. Page numbers
("Page 2 of 5") and rules are dropped. What a paragraph is for (a bold or ALL-CAPS line, a
【section】, a dateline, a "Read more" link) is read from the block, as for any reader's
blocks, by ``block_units``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.knowledge.ingest.blocks import Block, heading, list_item, paragraph, table
from bot.core.knowledge.ingest.inline import spans_of
from bot.core.knowledge.ingest.units import (
    BOLD_LINE,
    BRACKET,
    CJK,
    MD_HEADING,
    PAGE_NUMBER,
    RULE_LINE,
    SENTENCE_END,
    TABLE_ROW,
    Unit,
    classify_line,
    marker,
    split_cells,
    strip_inline,
)

_OPEN_END = re.compile(r"(?:[,;(\-–—、，；]|\b(?:and|or|of|the|to|for|on|in|a|an|by|with))$")
_OPENER = re.compile(
    r"^(?:On|In|The|This|These|According|It|A|An|During|As|Since|Last|Earlier|Recently|"
    r"Following|After|Under|\d)\b"
)


@dataclass
class _Draft:
    """A unit being lexed, with the inline text (markup kept) its lines add up to."""

    unit: Unit
    raw: str
    number: str | None = None
    rows: list[tuple[int, str]] = field(default_factory=list)  # a table: (line, row)
    header: bool = False


def lex_blocks(text: str) -> list[tuple[int, Block]]:
    """The text's blocks, each with the (1-based) line it starts on."""
    drafts: list[_Draft] = []
    blank = True
    bullet_indents: list[int] = []
    last_item: int | None = None  # the last top-level arabic item number seen
    lines = text.splitlines()
    width = _wrap_width(lines)
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            blank = True
            continue
        indent = _indent(raw)
        stripped = raw.strip()
        previous = drafts[-1] if drafts else None
        if PAGE_NUMBER.match(stripped):
            continue  # "Page 2 of 5", "- 3 -": a page's footer in text taken from a PDF
        if RULE_LINE.match(stripped):
            # "Title\n=====" (a setext heading) or a horizontal rule between items.
            if previous is not None and not blank and previous.unit.kind == "text":
                previous.unit.kind, previous.unit.form = "heading", "md"
                previous.unit.level = 1 if stripped[0] == "=" else 2
            blank = True
            continue
        after = last_item
        if (
            previous is not None
            and not blank
            and _continues(previous.unit, stripped, indent, width, after)
        ):
            clean = strip_inline(stripped)[0]
            joint = " " if CJK.search(clean[:1]) is None else ""
            previous.raw = f"{previous.raw}{joint}{stripped}"
            previous.unit.text = f"{previous.unit.text}{joint}{clean}"
            previous.unit.last_line_length = len(stripped)
            blank = False
            continue
        unit = classify_line(stripped, number, indent, bullet_indents, after)
        if unit.kind == "numbered" and unit.form == "arabic" and len(unit.number) == 1:
            last_item = unit.number[0]
        if unit.kind == "rule":  # |---| under a table's first row: that row is its header
            first_row = previous is not None and previous.unit.kind == "table"
            if first_row and previous is not None and len(previous.rows) == 1 and not blank:
                previous.header = True
            blank = False
            continue
        if unit.kind == "table":
            if previous is not None and previous.unit.kind == "table" and not blank:
                previous.rows.append((number, stripped))
            else:
                drafts.append(_Draft(unit, "", rows=[(number, stripped)]))
            blank = False
            continue
        drafts.append(_draft(unit, stripped, after))
        blank = False
    return [(d.unit.line, _block(d)) for d in drafts]


def _draft(unit: Unit, stripped: str, after: int | None) -> _Draft:
    if unit.kind == "heading" and unit.form == "md":
        match = MD_HEADING.match(stripped)
        return _Draft(unit, match.group(2) if match else stripped)
    if unit.kind in ("numbered", "bullet"):
        found = marker(stripped, after)
        rest = found[4] if found else stripped
        if unit.kind == "bullet":
            return _Draft(unit, rest)
        printed = ".".join(str(n) for n in unit.number)
        if unit.form != "arabic":
            printed = _printed_number(stripped)
        return _Draft(unit, rest, number=printed)
    return _Draft(unit, stripped)


def _printed_number(stripped: str) -> str:
    """ "一" of "一、", "(1)" of "(1) ", "（三）" of "（三）": a paren number keeps its parens."""
    match = re.match(r"^([(（][^)）]+[)）]|[^、.．\s]+)", stripped)
    return match.group(1) if match else stripped[:1]


def _block(draft: _Draft) -> Block:
    unit = draft.unit
    inline = spans_of(draft.raw)
    if unit.kind == "heading" and unit.form == "md":
        return heading(unit.level, inline)
    if unit.kind == "numbered":
        level = unit.level - 1 if unit.form == "arabic" else 0
        return list_item(inline, level=level, number=draft.number)
    if unit.kind == "bullet":
        return list_item(inline, level=unit.level)
    if unit.kind == "table":
        rows = [split_cells(row) for _, row in draft.rows]
        return table([[spans_of(c) for c in row] for row in rows], header_rows=int(draft.header))
    return paragraph(inline)


def _indent(line: str) -> int:
    expanded = line.replace("\t", "    ")
    return len(expanded) - len(expanded.lstrip(" "))


def _continues(
    previous: Unit, stripped: str, indent: int, width: int, after: int | None = None
) -> bool:
    """Whether a line, with no blank line before it, goes on with the unit before it: the
    unit's last line was wrapped (near the text's width, or open-ended), or this line is
    indented under it or starts in lower case. A short line over text is a headline."""
    if previous.kind not in ("text", "numbered", "bullet"):
        return False
    if marker(stripped, after) or MD_HEADING.match(stripped) or TABLE_ROW.match(stripped):
        return False
    if BOLD_LINE.match(stripped) or BRACKET.match(stripped):
        return False
    if indent > previous.indent or stripped[:1].islower() or _OPEN_END.search(previous.text):
        return True
    wrapped = previous.last_line_length >= width * 0.7
    if previous.kind == "text":
        return wrapped
    # A long numbered or bulleted title over a body that opens a sentence of its own.
    return wrapped and not previous.text.endswith(SENTENCE_END) and not _OPENER.match(stripped)


def _wrap_width(lines: list[str]) -> int:
    """The width the text is wrapped at: the 90th percentile of its line lengths."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 0
