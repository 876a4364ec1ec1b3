"""PDF lines (in reading order, see ``pdf_layout``) -> typed blocks.

Larger type becomes headings (levels by size); numbered lines become list items (``1`` top
level, ``1.1`` one level down) when the numbering follows on; bullets become items; lines
close together in one column, with one weight, make one paragraph; a paragraph running over
a page break stays one. Words keep their weight and link as spans. Each box's lines make a
``BOX`` block; a masthead's lines keep ``Role.MASTHEAD``; rule lines become ``RULE`` blocks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bot.core.knowledge.ingest.blocks import Block, BlockKind, Position, Span, box
from bot.core.knowledge.ingest.readers.pdf_layout import Line
from bot.core.knowledge.ingest.readers.pdf_page import Word

# "1.2" / "1.2." / "1." / "1)" at the start of a line; a single number needs its dot.
_NUMBERED = re.compile(r"^(?:(\d{1,2}(?:\.\d{1,2})+)\.?|(\d{1,2})[.)])\s+(?=\S)")
_BULLET = re.compile(r"^[•◆●▪■◦‣∙·]\s*(?=\S)|^[-–*]\s+(?=\S)")
_AMBIGUOUS_BULLETS = "-–*"  # also a dash or a footnote mark that a wrapped line starts with
_SENTENCE_END = re.compile(r"[.。:：;；!?！？)”\"]$")
_CLOSED = (BlockKind.HEADING, BlockKind.RULE, BlockKind.TABLE)  # nothing runs on after these
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@dataclass
class _Draft:
    kind: BlockKind
    lines: list[Line] = field(default_factory=list)
    level: int = 0
    number: str | None = None


def to_blocks(lines: list[Line]) -> list[Block]:
    """The flow's blocks, each page's boxes as ``BOX`` blocks after that page's flow."""
    body = _body_size(lines)
    heading_sizes = sorted({ln.size for ln in lines if ln.size >= body + 1}, reverse=True)
    flow = [ln for ln in lines if ln.box is None]
    out = _build(flow, heading_sizes)
    boxes: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        if line.box is not None:
            boxes.setdefault((line.page, line.box), []).append(line)
    for (page, _), box_lines in sorted(boxes.items()):
        children = _build(box_lines, heading_sizes)
        if children:
            at = _position(box_lines[0])
            # after the last flow block of the same page (or at the end)
            index = max(
                (n + 1 for n, b in enumerate(out) if b.position and b.position.page <= page + 1),
                default=len(out),
            )
            out.insert(index, box(children, position=at))
    return out


def _build(lines: list[Line], heading_sizes: list[float]) -> list[Block]:
    drafts: list[_Draft] = []
    numbering = _Numbering()
    previous: Line | None = None
    left = min((ln.x0 for ln in lines), default=0.0)
    for line in lines:
        text = line.text.strip()
        current = drafts[-1] if drafts else None
        new_role = current is None or current.lines[-1].role is not line.role
        if line.table is not None:
            drafts.append(_Draft(BlockKind.TABLE, [line]))
        elif line.rule:
            drafts.append(_Draft(BlockKind.RULE, [line]))
        elif line.size in heading_sizes:
            level = heading_sizes.index(line.size) + 1
            if (
                current is not None
                and not new_role
                and current.kind is BlockKind.HEADING
                and current.level == level
                and previous is not None
                and _close(previous, line)
            ):
                current.lines.append(line)
            else:
                drafts.append(_Draft(BlockKind.HEADING, [line], level=min(level, 6)))
            if heading_number := _NUMBERED.match(text):
                numbering.seen(heading_number.group(1) or heading_number.group(2))
        elif (numbered := _NUMBERED.match(text)) and numbering.accept(
            label := numbered.group(1) or numbered.group(2)
        ):
            stripped = _strip_marker(line, numbered.end())
            drafts.append(_Draft(BlockKind.LIST_ITEM, [stripped], label.count("."), label))
        elif (bullet := _BULLET.match(text)) and _starts_item(text, drafts, previous, line):
            depth = 1 if line.x0 > left + 15 else 0
            drafts.append(
                _Draft(BlockKind.LIST_ITEM, [_strip_marker(line, bullet.end())], depth, None)
            )
        elif not new_role and _continues(drafts, previous, line):
            drafts[-1].lines.append(line)
        else:
            drafts.append(_Draft(BlockKind.PARAGRAPH, [line]))
        previous = line
    return [block for draft in drafts if (block := _block(draft)) is not None]


def _block(draft: _Draft) -> Block | None:
    first = draft.lines[0]
    at = _position(first)
    if draft.kind is BlockKind.RULE:
        return Block(BlockKind.RULE, position=at, role=first.role)
    if draft.kind is BlockKind.TABLE and first.table is not None:
        rows = tuple(
            tuple((Span(_joined([w.text for w in cell])),) if cell else () for cell in row)
            for row in first.table.rows
        )
        return Block(
            BlockKind.TABLE,
            rows=rows,
            role=first.role,
            position=at,
            header_rows=first.table.header_rows,
        )
    spans = _spans(draft.lines)
    if not spans:
        return None
    if draft.kind is BlockKind.HEADING:
        spans = tuple(Span(s.text, False, False, s.url) for s in spans)
    return Block(
        draft.kind,
        spans,
        level=draft.level,
        number=draft.number,
        role=first.role,
        position=at,
        font_size=first.size,
    )


def _position(line: Line) -> Position:
    return Position(line.page + 1, line.column, line.columns, round(line.top, 1), round(line.x0, 1))


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


class _Numbering:
    """Numbers seen so far (``[2, 3]`` after "2.3"): a number at the start of a line is an
    item's only if it follows them ("2.4", "3.", "2.3.1", or a new "1."), so a wrapped line
    that starts "1.5 million" stays text."""

    def __init__(self) -> None:
        self.last: list[int] = []

    def seen(self, label: str) -> None:
        """A numbered heading: the numbering goes on from it."""
        self.last = [int(part) for part in label.split(".")]

    def accept(self, label: str) -> bool:
        numbers = [int(part) for part in label.split(".")]
        parent, own = numbers[:-1], numbers[-1]
        known = self.last[: len(parent)]
        follows = (
            not self.last  # the first number of the document, whatever it is
            or numbers == [1]
            or (
                parent == known
                and own == (self.last[len(parent)] + 1 if len(self.last) > len(parent) else 1)
            )
            or (own == 1 and len(parent) == len(known) and parent > known)  # a parent not seen
        )
        if follows:
            self.last = numbers
        return follows


def _starts_item(text: str, drafts: list[_Draft], previous: Line | None, line: Line) -> bool:
    """A bullet that starts an item: "•" always; "-", "–" or "*" unless the line continues an
    unfinished sentence of a paragraph."""
    if text[0] not in _AMBIGUOUS_BULLETS or previous is None or not _close(previous, line):
        return True
    last = drafts[-1] if drafts else None
    in_list = last is not None and last.kind is BlockKind.LIST_ITEM and last.number is None
    return in_list or bool(_SENTENCE_END.search(previous.text.strip()))


def _close(previous: Line, line: Line) -> bool:
    """The line follows the previous one with no paragraph gap, in the same column."""
    if (previous.page, previous.column, previous.box) != (line.page, line.column, line.box):
        return False
    height = max(previous.bottom - previous.top, 1.0)
    return line.top - previous.bottom <= 0.75 * height


def _continues(drafts: list[_Draft], previous: Line | None, line: Line) -> bool:
    if not drafts or previous is None or drafts[-1].kind in _CLOSED:
        return False
    if previous.bold != line.bold:
        return False
    if (previous.page, previous.column) != (line.page, line.column):
        # a paragraph running on at the top of the next column or page
        return line.box is None and not _SENTENCE_END.search(previous.text.strip())
    return _close(previous, line)


def _strip_marker(line: Line, length: int) -> Line:
    """The line without its list marker (the first ``length`` characters of its text)."""
    words = list(line.words)
    consumed = 0
    while words and consumed + len(words[0].text) <= length:
        consumed += len(words[0].text) + 1
        words.pop(0)
    if words and consumed < length:
        first = words[0]
        words[0] = Word(
            first.text[length - consumed :], first.x0, first.x1, first.top, first.bottom,
            first.size, first.bold, first.url, first.baseline,
        )  # fmt: skip
    return Line(
        words or line.words, line.page, line.page_height, line.baseline,
        line.column, line.columns, line.box, line.role, line.rule,
    )  # fmt: skip


def _spans(lines: list[Line]) -> tuple[Span, ...]:
    """The lines' words as spans: a run of words with one weight and one link is one span."""
    words = _dehyphenated(lines)
    spans: list[Span] = []
    index = 0
    while index < len(words):
        first = words[index]
        end = index + 1
        while end < len(words) and (words[end].url, words[end].bold) == (first.url, first.bold):
            end += 1
        text = _joined([w.text for w in words[index:end]])
        if spans and not _glued(spans[-1].text, text):
            text = " " + text
        spans.append(Span(text, bold=first.bold, url=first.url))
        index = end
    return tuple(spans)


def _glued(before: str, after: str) -> bool:
    return bool(_CJK.search(before[-1:]) and _CJK.search(after[:1]))


def _dehyphenated(lines: list[Line]) -> list[Word]:
    """The lines' words, a word broken over a line end ("protec-" / "tion") made whole."""
    words: list[Word] = []
    for line in lines:
        rest = list(line.words)
        if (
            words
            and rest
            and re.search(r"[A-Za-z]-$", words[-1].text)
            and rest[0].text[:1].islower()
        ):
            last = words[-1]
            words[-1] = Word(
                last.text[:-1] + rest.pop(0).text, last.x0, last.x1, last.top, last.bottom,
                last.size, last.bold, last.url, last.baseline,
            )  # fmt: skip
        words.extend(rest)
    return words


def _joined(parts: list[str]) -> str:
    """Words joined by spaces; CJK characters joined without one."""
    text = ""
    for part in parts:
        if not text:
            text = part
        elif _glued(text, part):
            text += part
        else:
            text += " " + part
    return text


def title(lines: list[Line]) -> str | None:
    """The text of the first line in the largest type (a masthead's name plate, often)."""
    candidates = [ln for ln in lines if not ln.rule] or lines
    if not candidates:
        return None
    largest = max(ln.size for ln in candidates)
    for line in candidates:
        if line.size == largest:
            return " ".join(line.text.split()) or None
    return None
