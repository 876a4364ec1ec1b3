"""Typed blocks -> the splitter's units: the one way into ``outline`` for every newsletter
(a reader's blocks, or the plain-text lexer's).

What the block says is taken as it is: a heading's level, a list item's number (arabic "2.3",
a Chinese "三", a parenthesised "(1)") or bullet and depth, a table's rows and cells (a header
row labels the cells under it), each block's role and position. Only a paragraph's own text
is read for what it is (an ALL-CAPS or 【】 heading, a number or bullet printed in the text, a
bold line or bold lead, a "Read more" link), and every unit's leading date (its dateline);
a short dated line under a title becomes the title's byline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.knowledge.ingest.blocks import Block, BlockKind, Role, Span, inline_markdown, plain
from bot.core.knowledge.ingest.meta_lines import read_meta
from bot.core.knowledge.ingest.units import (
    PAGE_NUMBER,
    RULE_LINE,
    SENTENCE_END,
    TABLE_RULE,
    Unit,
    classify_line,
    list_unit,
    numeral,
    split_dateline,
    strip_inline,
    table_row,
)

_ARABIC_NUMBER = re.compile(r"^\d+(?:\.\d+)*$")
_PAREN_NUMBER = re.compile(r"^[(（]\s*(.+?)\s*[)）]$")
_FIGURE = re.compile(r"\d")


def units_from_blocks(blocks: Sequence[tuple[int, Block]]) -> list[Unit]:
    """The units of ``blocks`` (each with the line it starts on), in order."""
    units: list[Unit] = []
    bullets: list[int] = []
    last_item: int | None = None  # the last top-level arabic item number seen
    for line, block in blocks:
        for unit in _units_of(block, line, bullets, last_item):
            unit.block = block
            if unit.kind == "numbered" and unit.form == "arabic" and len(unit.number) == 1:
                last_item = unit.number[0]
            units.append(unit)
    for unit in units:
        if (
            unit.dateline is None
            and unit.kind in ("text", "bullet", "numbered", "bold")
            or (unit.kind == "heading" and unit.form == "md")
        ):
            unit.dateline, _ = split_dateline(unit.text)
    return _attach_bylines([_unmarked_meta(unit) for unit in units])


def _unmarked_meta(unit: Unit) -> Unit:
    """A metadata line in bold or as a list item ("**Date:** 8 May 2024 · **Regulator:** ...",
    "- Source: MIIT") is the text of the item above it, never an item's or section's marker."""
    if unit.kind not in ("bold", "bullet", "text") or (unit.kind == "text" and not unit.head):
        return unit
    line = f"{unit.head}: {unit.text}" if unit.head else unit.text
    if read_meta(line) is None:
        return unit
    return Unit("text", unit.line, line, links=unit.links, block=unit.block)


def _units_of(block: Block, line: int, bullets: list[int], after: int | None) -> list[Unit]:
    if block.role is Role.MASTHEAD:  # the name plate: the newsletter's own title
        text, links = strip_inline(block.text)
        return [Unit("heading", line, text, "md", 1, links=links)] if text else []
    if block.kind is BlockKind.HEADING:
        unbolded = [Span(s.text.replace("**", ""), url=s.url) for s in block.spans]
        text, links = strip_inline(inline_markdown(unbolded).strip("*# ").rstrip("#").strip())
        return [Unit("heading", line, text, "md", block.level, links=links)] if text else []
    if block.kind is BlockKind.LIST_ITEM:
        return [_list_item(block, line)]
    if block.kind is BlockKind.TABLE:
        return _table(block, line)
    if block.kind is BlockKind.PARAGRAPH:
        inline = inline_markdown(block.spans)
        if not inline or PAGE_NUMBER.match(inline) or RULE_LINE.match(inline):
            return []  # "Page 2 of 5", "- 3 -"; a rule drawn in characters
        return [classify_line(inline, line, 0, bullets, after)]
    return []


def _list_item(block: Block, line: int) -> Unit:
    inline = inline_markdown(block.spans)
    number = block.number
    if number is None:
        return list_unit("bullet", "-", block.level, (), inline, line)
    if _ARABIC_NUMBER.match(number):
        path = tuple(int(n) for n in number.split("."))
        return list_unit("numbered", "arabic", len(path), path, inline, line)
    paren = _PAREN_NUMBER.match(number)
    value = numeral(paren.group(1) if paren else number)
    if value is None:  # "a", "iv": an item, numbered as no outline counts
        return list_unit("bullet", "-", block.level, (), inline, line)
    return list_unit("numbered", "paren" if paren else "cjk", 1, (value,), inline, line)


def _table(block: Block, line: int) -> list[Unit]:
    units: list[Unit] = []
    row_line = line
    headers = block.header_rows or _header_like(block)
    for index, row in enumerate(block.rows):
        cells = [inline_markdown(cell).replace("|", "/") for cell in row]
        if not any(cells):
            continue
        rendered = "| " + " | ".join(cells) + " |"
        if TABLE_RULE.match(rendered):
            units.append(Unit("rule", row_line, ""))
        else:
            unit = table_row(cells, row_line)
            unit.header = index < headers and len(block.rows) > headers
            units.append(unit)
        row_line += 1
    return units


def _header_like(block: Block) -> int:
    """1 when a table's first row reads as its header though the reader could not tell: short
    labels, every cell filled, no figure, over two rows or more most of which have one (an
    amount, a date)."""
    if len(block.rows) < 3:
        return 0
    first = [plain(cell) for cell in block.rows[0]]
    if not all(first) or any(_FIGURE.search(c) or len(c.split()) > 4 for c in first):
        return 0
    figured = sum(1 for row in block.rows[1:] if any(_FIGURE.search(plain(c)) for c in row))
    return int(figured * 2 >= len(block.rows) - 1)


def _attach_bylines(units: list[Unit]) -> list[Unit]:
    """A dateline that is no sentence ("30 June 2022 | Cyberspace Administration of China")
    right under a title (a heading, a bold or linked line) is the title's byline: the
    title becomes an item's headline dated by it, whatever marker the title has."""
    out: list[Unit] = []
    for unit in units:
        previous = out[-1] if out else None
        if (
            previous is not None
            and is_byline(unit)
            and previous.byline is None
            and previous.dateline is None
            and _title_like(previous)
        ):
            previous.dateline = unit.dateline
            previous.byline = split_dateline(unit.text)[1]
            previous.links += unit.links
            continue
        out.append(unit)
    return out


def is_byline(unit: Unit) -> bool:
    """A short dated line that is no sentence: a date and a source or place."""
    if unit.kind != "text" or unit.dateline is None or unit.head:
        return False
    rest = split_dateline(unit.text)[1]
    return len(rest.split()) <= 12 and len(rest) <= 90 and not rest.endswith(SENTENCE_END)


def _title_like(unit: Unit) -> bool:
    if unit.kind == "heading":
        return unit.form in ("md", "caps")
    if unit.kind not in ("text", "bold") or unit.head:
        return False
    return len(unit.text) <= 250 and not unit.text.endswith(SENTENCE_END)
