"""A PDF page's words -> lines in reading order: columns read one after the other, boxes and
sidebars kept apart, running headers and footers dropped, the masthead marked.

- **Lines**: words on one baseline; a line is cut where it crosses a column gutter.
- **Columns**: a gutter is an x-position where many lines of the page have a wide gap and
  no line has a word, with full lines of text on both sides (a table's short cells are not
  columns). Lines that cross every gutter (a title across the page) cut the page into bands;
  in each band, each column is read top to bottom, left column first.
- **Boxes**: words inside a drawn frame (a rectangle around or behind text), and a column much
  narrower than its neighbour (a sidebar), become a box: its lines come after the page's flow.
- **Running lines**: lines in the top or bottom margin repeated on most pages, and page
  numbers, are dropped.
- **Masthead**: on the first page, what stands above a rule near the top (a line of dashes or
  a drawn line), and a block of "Label: value" lines before the first paragraph (a memo's
  To/From/Date block), are marked ``Role.MASTHEAD``; the rule itself is a ``RULE``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bot.core.knowledge.ingest.blocks import Role
from bot.core.knowledge.ingest.readers.pdf_page import Page, Rect, Word

_MARGIN = 0.09  # share of the page height at the top and bottom where running lines sit
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$|第\s*\d+\s*页|"
    r"\bpage\s+\d{1,4}\s+of\s+\d{1,4}\b",
    re.IGNORECASE,
)
RULE_TEXT = re.compile(r"^[-–—_=*~·.•]{8,}$")
_FIELD = re.compile(r"^[A-Z\u4e00-\u9fff][\w .&/\u4e00-\u9fff-]{0,18}[:：]\s*\S")
"""A "Label: value" line: a short label and a colon (memo and letter header fields)."""
_MASTHEAD_ZONE = 0.4  # share of the first page's height where a rule closes a masthead
_SIDEBAR_RATIO = 0.6  # a column narrower than this share of the widest one is a sidebar


@dataclass
class Line:
    words: list[Word]
    page: int
    page_height: float
    baseline: float = 0.0
    column: int = 0
    columns: int = 1
    box: int | None = None  # the box (frame or sidebar) on its page, None in the flow
    role: Role = Role.BODY
    rule: bool = field(default=False)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def size(self) -> float:
        return round(max(w.size for w in self.words) * 2) / 2

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


def page_lines(page: Page) -> list[Line]:
    """The page's lines in reading order: the flow (band by band, column by column), then
    each box's lines."""
    frames = _outermost([f for f in page.frames if _holds_text(f, page.words)])
    boxed: dict[int, list[Word]] = {}
    free: list[Word] = []
    for word in page.words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        index = next((n for n, f in enumerate(frames) if f.contains(cx, cy, 1.0)), None)
        if index is None:
            free.append(word)
        else:
            boxed.setdefault(index, []).append(word)
    flow, sidebars = _columns(_raw_lines(free, page), page)
    boxes = list(boxed.values())
    out = flow
    for number, lines in enumerate([_raw_lines(words, page) for words in boxes] + sidebars):
        for line in lines:
            line.box = number
        out += lines
    return out


def _holds_text(frame: Rect, words: list[Word]) -> bool:
    inside = sum(1 for w in words if frame.contains((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2))
    return inside >= 4


def _outermost(frames: list[Rect]) -> list[Rect]:
    def inside(a: Rect, b: Rect) -> bool:
        return a != b and b.x0 <= a.x0 and b.top <= a.top and a.x1 <= b.x1 and a.bottom <= b.bottom

    return [f for f in frames if not any(inside(f, other) for other in frames)]


def _raw_lines(words: list[Word], page: Page) -> list[Line]:
    """Words grouped by baseline, top to bottom, each line left to right."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (-w.baseline, w.x0)):
        if lines and abs(lines[-1].baseline - word.baseline) <= max(2.0, word.size * 0.2):
            lines[-1].words.append(word)
        else:
            lines.append(Line([word], page.number, page.height, word.baseline))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _gutters(lines: list[Line], width: float) -> list[float]:
    """x-positions of column gutters: crossed by no word, inside a wide gap of many lines."""
    if len(lines) < 6:
        return []
    size = max(1, int(width) + 1)
    gaps = [0] * size
    inked = [False] * size
    for line in lines:
        for word in line.words:
            for x in range(max(0, int(word.x0) + 1), min(size, int(word.x1))):
                inked[x] = True
        for left, right in zip(line.words, line.words[1:], strict=False):
            if right.x0 - left.x1 >= max(left.size * 1.2, 8.0):
                for x in range(max(0, int(left.x1) + 1), min(size, int(right.x0))):
                    gaps[x] += 1
    needed = max(4, len(lines) // 4)
    found: list[float] = []
    x = 0
    while x < size:
        if gaps[x] >= needed and not inked[x]:
            start = x
            while x < size and gaps[x] >= needed and not inked[x]:
                x += 1
            found.append((start + x) / 2)
        x += 1
    return [g for g in found if _full_columns(lines, g)]


def _full_columns(lines: list[Line], gutter: float) -> bool:
    """Text on both sides of ``gutter`` fills its column (not a table's short cells)."""
    left = [w for line in lines for w in line.words if w.x1 <= gutter]
    right = [w for line in lines for w in line.words if w.x0 >= gutter]
    if not left or not right:
        return False
    left_edge, right_edge = min(w.x0 for w in left), max(w.x1 for w in right)
    left_rows = _row_widths([w for w in left], gutter - left_edge)
    right_rows = _row_widths([w for w in right], right_edge - gutter)
    return left_rows >= 0.6 and right_rows >= 0.6


def _row_widths(words: list[Word], span: float) -> float:
    """The median share of ``span`` the rows of ``words`` fill."""
    rows: dict[float, list[Word]] = {}
    for word in words:
        rows.setdefault(round(word.baseline), []).append(word)
    widths = sorted(
        (max(w.x1 for w in row) - min(w.x0 for w in row)) / max(span, 1.0) for row in rows.values()
    )
    return widths[len(widths) // 2] if len(rows) >= 4 else 0.0


def _columns(lines: list[Line], page: Page) -> tuple[list[Line], list[list[Line]]]:
    """The flow in reading order, and the sidebars found among the columns."""
    gutters = _gutters(lines, page.width)
    if not gutters:
        return lines, []
    out: list[Line] = []
    sidebars: list[list[Line]] = []
    band: list[list[Line]] = [[] for _ in range(len(gutters) + 1)]

    def flush() -> None:
        widths = [_width(col) for col in band]
        widest = max(widths)
        for number, column in enumerate(band):
            narrow = 0 < widths[number] < _SIDEBAR_RATIO * widest
            if narrow and number in (0, len(band) - 1):
                sidebars.append(column)
            else:
                out.extend(column)
            band[number] = []

    for line in lines:
        pieces = _split(line, gutters)
        if pieces is None:  # crosses a gutter: spans the page, ends the band
            flush()
            out.append(line)
            continue
        for number, words in pieces.items():
            band[number].append(
                Line(words, line.page, line.page_height, line.baseline, number, len(band))
            )
    flush()
    return out, sidebars


def _width(column: list[Line]) -> float:
    return max((ln.x1 for ln in column), default=0.0) - min((ln.x0 for ln in column), default=0.0)


def _split(line: Line, gutters: list[float]) -> dict[int, list[Word]] | None:
    pieces: dict[int, list[Word]] = {}
    for word in line.words:
        if any(word.x0 < g < word.x1 for g in gutters):
            return None
        column = sum(1 for g in gutters if word.x0 >= g)
        pieces.setdefault(column, []).append(word)
    return pieces


def _in_margin(line: Line) -> bool:
    return line.top < line.page_height * _MARGIN or line.bottom > line.page_height * (1 - _MARGIN)


def _running_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower()).strip()


def without_running_lines(pages: list[list[Line]]) -> list[Line]:
    """All lines in reading order, less page numbers and headers/footers seen on most pages."""
    seen = Counter(
        key for page in pages for key in {_running_key(ln) for ln in page if _in_margin(ln)}
    )
    threshold = max(2, (len(pages) + 1) // 2)
    kept: list[Line] = []
    for page in pages:
        for line in page:
            if (
                line.box is None
                and _in_margin(line)
                and (
                    _PAGE_NUMBER.search(line.text.strip())
                    or (len(pages) > 1 and seen[_running_key(line)] >= threshold)
                )
            ):
                continue
            kept.append(line)
    return kept


def mark_masthead(lines: list[Line], rules: list[Rect]) -> None:
    """Mark the first page's masthead (see the module doc) and every rule line."""
    for line in lines:
        line.rule = bool(RULE_TEXT.match(line.text.replace(" ", "")))
    first = [ln for ln in lines if ln.page == lines[0].page and ln.box is None] if lines else []
    if not first:
        return
    height = first[0].page_height
    closing = [ln.top for ln in first if ln.rule and ln.top < height * _MASTHEAD_ZONE]
    closing += [r.top for r in rules if r.top < height * _MASTHEAD_ZONE and r.top > first[0].top]
    if closing:
        limit = min(closing)
        above = [ln for ln in first if ln.bottom <= limit + 1 and not ln.rule]
        if len(above) <= 12:
            for line in above:
                line.role = Role.MASTHEAD
    # A block of "Label: value" lines before the first full paragraph.
    run: list[Line] = []
    for line in first:
        if line.rule or line.role is Role.MASTHEAD:
            continue
        if _FIELD.match(line.text):
            run.append(line)
            continue
        if len(run) >= 2:
            break
        run = []
        if len(line.text) > 60:
            break
    if len(run) >= 2:
        for line in run:
            line.role = Role.MASTHEAD
