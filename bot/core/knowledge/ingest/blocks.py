"""Typed blocks: the structure a reader hands over, so the splitter never re-lexes it.

Every reader (HTML, e-mail, Word, PDF, feed, Markdown) produces a tuple of ``Block``:

- ``HEADING`` with its ``level`` (1..6);
- ``PARAGRAPH``;
- ``LIST_ITEM`` with its nesting ``level`` (0 = top) and its ``number`` as printed ("1",
  "2.3", "一"; ``None`` for a bullet);
- ``TABLE`` with its ``rows`` of cells (each cell a tuple of spans);
- ``BOX``: a sidebar or framed box, its content in ``children``, kept apart from the flow
  (never part of the item above or below it);
- ``RULE``: a horizontal line (kept only as a separator; never text).

Inline text is a tuple of ``Span`` (text with ``bold``/``italic`` emphasis and a ``url`` for
a link). Each block may carry its ``position`` (page, column, offset from the page's top) when
the reader knows it (PDF), and a ``role`` when the reader can tell from the layout what the
block is for: ``Role.BODY`` (the default: news), or ``MASTHEAD``, ``BANNER``, ``FOOTER``,
``NAVIGATION``, ``RELATED``, ``DISCLAIMER``, ``FORWARD_HEADER`` (all boilerplate: never a
development) or ``TOC`` (a table of contents: confirms item boundaries, never items).

The splitter (``outline``) reads blocks and nothing else: a reader's ``ReadResult.blocks``
through ``flow(blocks)`` (the news flow, each block with its line in the canonical text), or
what the lexer (``lexer.py``) makes of plain text, which has no blocks. ``body_blocks``
gives the flow without boilerplate, boxes after it; ``render_markdown(blocks)`` gives the
canonical Markdown subset (``readers/document.py``): ``ReadResult.text``, kept for what is
stored and shown, never re-lexed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

_SPACE = re.compile(r"[ \t\u00a0\u3000\u200b\r\n\f\v]+")


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"
    BOX = "box"
    RULE = "rule"


class Role(StrEnum):
    """What a block is for, as far as the reader can tell from the layout (never from
    particular words of a particular newsletter)."""

    BODY = "body"
    MASTHEAD = "masthead"  # the publication's name plate, memo header, "To/From" block
    BANNER = "banner"  # an e-mail system's warning ("external sender") or a notice strip
    FOOTER = "footer"  # running footers, unsubscribe lines, addresses, copyright
    NAVIGATION = "navigation"  # menus, "view in browser", share bars
    RELATED = "related"  # "related posts" / "recommended" lists after the article
    DISCLAIMER = "disclaimer"  # legal notices, confidentiality statements
    FORWARD_HEADER = "forward_header"  # a forwarded message's From:/Sent:/Subject: block
    TOC = "toc"  # a table of contents ("In this issue")

    @property
    def is_boilerplate(self) -> bool:
        """Not news and not an outline of it: never becomes a development."""
        return self not in (Role.BODY, Role.TOC)


@dataclass(frozen=True)
class Span:
    """A run of inline text with one emphasis and one link."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


Cell = tuple[Span, ...]


@dataclass(frozen=True)
class Position:
    """Where a block was on the page (PDF): 1-based ``page``, 0-based ``column`` of
    ``columns`` on that page, ``top`` and ``x0`` in points from the page's top-left."""

    page: int
    column: int = 0
    columns: int = 1
    top: float = 0.0
    x0: float = 0.0


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    spans: tuple[Span, ...] = ()
    level: int = 0
    """Heading level (1..6), or a list item's nesting depth (0 = top level)."""
    number: str | None = None
    """A list item's number as printed, without its punctuation ("1", "2.3"); None: bullet."""
    rows: tuple[tuple[Cell, ...], ...] = ()
    children: tuple[Block, ...] = ()
    role: Role = Role.BODY
    position: Position | None = None
    font_size: float | None = field(default=None, compare=False)
    """The block's type size in points, when the reader knows it (PDF)."""
    header_rows: int = 0
    """A table's rows that label the columns under them (a header row), when known."""

    @property
    def text(self) -> str:
        """The block's words on one line, no markup (a table: cells joined by " | ")."""
        if self.kind is BlockKind.TABLE:
            return " / ".join(" | ".join(plain(cell) for cell in row) for row in self.rows)
        if self.kind is BlockKind.BOX:
            return " ".join(child.text for child in self.children)
        return plain(self.spans)

    @property
    def is_boilerplate(self) -> bool:
        return self.role.is_boilerplate

    def with_role(self, role: Role) -> Block:
        return replace(self, role=role)


# --- building ---------------------------------------------------------------------------


def squeeze(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def spans(text: str, *, bold: bool = False, url: str | None = None) -> tuple[Span, ...]:
    """One span of plain ``text`` (empty tuple for blank text)."""
    return (Span(text, bold=bold, url=url),) if text.strip() else ()


def heading(
    level: int,
    text: str | Sequence[Span],
    *,
    role: Role = Role.BODY,
    position: Position | None = None,
    font_size: float | None = None,
) -> Block:
    return Block(
        BlockKind.HEADING,
        _spans(text),
        level=min(max(level, 1), 6),
        role=role,
        position=position,
        font_size=font_size,
    )


def paragraph(
    text: str | Sequence[Span],
    *,
    role: Role = Role.BODY,
    position: Position | None = None,
    font_size: float | None = None,
) -> Block:
    return Block(
        BlockKind.PARAGRAPH, _spans(text), role=role, position=position, font_size=font_size
    )


def list_item(
    text: str | Sequence[Span],
    *,
    level: int = 0,
    number: str | None = None,
    role: Role = Role.BODY,
    position: Position | None = None,
    font_size: float | None = None,
) -> Block:
    return Block(
        BlockKind.LIST_ITEM,
        _spans(text),
        level=max(level, 0),
        number=number,
        role=role,
        position=position,
        font_size=font_size,
    )


def table(
    rows: Iterable[Iterable[str | Sequence[Span]]],
    *,
    role: Role = Role.BODY,
    position: Position | None = None,
    header_rows: int = 0,
) -> Block:
    cells = tuple(tuple(_spans(cell) for cell in row) for row in rows)
    return Block(BlockKind.TABLE, rows=cells, role=role, position=position, header_rows=header_rows)


def box(
    children: Iterable[Block], *, role: Role = Role.BODY, position: Position | None = None
) -> Block:
    return Block(BlockKind.BOX, children=tuple(children), role=role, position=position)


def _spans(text: str | Sequence[Span]) -> tuple[Span, ...]:
    return spans(text) if isinstance(text, str) else tuple(s for s in text if s.text)


def plain(parts: Sequence[Span]) -> str:
    return squeeze("".join(s.text for s in parts))


# --- reading (for the splitter) ----------------------------------------------------------


def walk(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block in order, a box's children right after the box."""
    for block in blocks:
        yield block
        if block.kind is BlockKind.BOX:
            yield from walk(block.children)


_STORY_CHARS = 120  # a box with no paragraph this long holds no story (key dates, contacts)


def body_blocks(blocks: Sequence[Block]) -> list[Block]:
    """The news flow: boilerplate and rules dropped, boxes unwrapped and moved after the flow
    (a sidebar never runs into the item printed beside it), a box of short lines only (key
    dates, contacts, a list of links) left out; a box keeps its role on its children."""
    flow: list[Block] = []
    boxes: list[Block] = []
    for block in blocks:
        if block.is_boilerplate or block.kind is BlockKind.RULE:
            continue
        if block.kind is BlockKind.BOX:
            if not any(len(c.text) >= _STORY_CHARS for c in walk(block.children)):
                continue
            inner = [
                c if c.role is not Role.BODY else c.with_role(block.role) for c in block.children
            ]
            boxes.extend(c for c in body_blocks(inner) if not c.is_boilerplate)
        else:
            flow.append(block)
    return flow + boxes


# --- canonical Markdown subset (what ``units.lex`` reads today) ---------------------------


def inline_markdown(parts: Sequence[Span]) -> str:
    """Spans as canonical inline text: ``**bold**`` and ``[text](url)``; a block all in bold
    is bold once."""
    parts = [s for s in parts if s.text]
    if not parts:
        return ""
    whole_bold = all(s.bold for s in parts if s.text.strip())
    merged: list[Span] = []
    for span in parts:
        last = merged[-1] if merged else None
        if last is not None and (last.bold, last.url) == (span.bold, span.url):
            merged[-1] = Span(last.text + span.text, last.bold, last.italic, last.url)
        else:
            merged.append(span)
    out: list[str] = []
    for span in merged:
        text = span.text.replace("**", "")
        piece = text
        if span.url and squeeze(text):
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            piece = f"{lead}{_link(text, span.url)}{trail}"
        if span.bold and not whole_bold and squeeze(piece):
            lead = piece[: len(piece) - len(piece.lstrip())]
            trail = piece[len(piece.rstrip()) :]
            piece = f"{lead}**{squeeze(piece)}**{trail}"
        out.append(piece)
    text = squeeze("".join(out))
    return f"**{text}**" if whole_bold and text and "**" not in text else text


def _link(text: str, url: str) -> str:
    text = squeeze(text).replace("[", "(").replace("]", ")")
    url = url.strip().replace(" ", "%20").replace(")", "%29")
    return f"[{text or url}]({url})"


def render_markdown(blocks: Sequence[Block]) -> str:
    """The canonical Markdown subset of ``readers/document.py`` for ``body_blocks(blocks)``:
    blank lines between blocks, consecutive list items and table rows on consecutive lines."""
    lines = rendered_lines(blocks)
    return "\n".join(line for line, _ in lines) + "\n" if lines else ""


def rendered_lines(blocks: Sequence[Block]) -> list[tuple[str, Block | None]]:
    """``render_markdown(blocks)`` line by line (a table of contents left out), each line
    with the block it came from (None for a blank line): line ``n`` of the text (1-based, as
    ``units.Unit.line`` counts) is ``rendered_lines(blocks)[n - 1]`` (``flow`` gives each
    block once, with its first line)."""
    out: list[tuple[str, Block | None]] = []
    plate = name_plate(blocks)
    if plate is not None:
        out.append((f"# {plate.text}", plate))
    group: str | None = None
    top_numbered: bool | None = None  # whether the list's top-level items are numbered
    for block in body_blocks(blocks):
        if block.role is Role.TOC:  # an outline of the items, not text of any
            continue
        line, kind = _markdown_line(block)
        if not line:
            continue
        if block.kind is BlockKind.LIST_ITEM and block.level == 0:
            numbered = block.number is not None
            if group == "list" and top_numbered is not None and numbered != top_numbered:
                group = None  # a numbered list after a bulleted one (or back): a new list
            top_numbered = numbered
        if out and not (kind is not None and kind == group):
            out.append(("", None))
        out.extend((row, block) for row in line.split("\n"))
        group = kind
    return out


def flow(blocks: Sequence[Block]) -> list[tuple[int, Block]]:
    """What the splitter reads: each block of the news flow (``rendered_lines``: boilerplate
    and the table of contents left out, boxes after the flow, the name plate first) with the
    line of the canonical text it starts on (1-based, for messages)."""
    out: list[tuple[int, Block]] = []
    last: Block | None = None
    for number, (_, block) in enumerate(rendered_lines(blocks), start=1):
        if block is not None and block is not last:
            out.append((number, block))
        last = block
    return out


def box_starts(blocks: Sequence[Block]) -> frozenset[int]:
    """The lines of ``flow(blocks)`` where a box's content starts: a sidebar's story is an
    item of its own, never the text of the item printed before it."""
    firsts = [
        kept[0] for b in walk(blocks) if b.kind is BlockKind.BOX if (kept := body_blocks([b]))
    ]
    return frozenset(line for line, block in flow(blocks) if block in firsts)


def name_plate(blocks: Sequence[Block]) -> Block | None:
    """The masthead's name plate (its largest type, else its first line), when a masthead
    stands before the news: rendered as the text's ``#`` title, so the splitter never takes
    the lead story for the newsletter's title."""
    masthead: list[Block] = []
    for block in blocks:
        if block.role is Role.MASTHEAD and block.kind is not BlockKind.RULE and block.text:
            masthead.append(block)
        elif not block.is_boilerplate and block.kind is not BlockKind.RULE:
            break
    if not masthead:
        return None
    return max(masthead, key=lambda b: b.font_size or 0.0)


def _markdown_line(block: Block) -> tuple[str, str | None]:
    if block.kind is BlockKind.HEADING:
        unbolded = [Span(s.text.replace("**", ""), url=s.url) for s in block.spans]
        text = inline_markdown(unbolded).strip("*# ").strip()
        return (f"{'#' * block.level} {text}" if text else "", None)
    if block.kind is BlockKind.LIST_ITEM:
        text = inline_markdown(block.spans)
        if block.number is None:
            marker = "-"
        else:
            marker = block.number if "." in block.number else f"{block.number}."
        return (f"{'  ' * block.level}{marker} {text}" if text else "", "list")
    if block.kind is BlockKind.TABLE:
        rendered = []
        for row in block.rows:
            cells = [inline_markdown(cell).replace("|", "/") for cell in row]
            if any(cells):
                rendered.append("| " + " | ".join(cells) + " |")
        return ("\n".join(rendered), None)  # a table's rows are one block
    if block.kind is BlockKind.PARAGRAPH:
        return (inline_markdown(block.spans), None)
    return ("", None)
