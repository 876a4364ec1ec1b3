"""A PDF page's words -> lines in reading order: columns read one after the other, boxes and
sidebars kept apart, running headers and footers dropped, the masthead marked.

- **Lines**: words on one baseline; a line is cut where it crosses a column gutter.
- **Columns**: a gutter is an x-position where many lines of the page have a wide gap and
  no line has a word, with full lines of text on both sides (a table's short cells are not
  columns). Lines that cross every gutter (a title across the page) cut the page into bands;
  in each band, each column is read top to bottom, left column first.
- **Tables**: drawn as a grid of cells (``pdf_tables``), or columns aligned without borders
  (``pdf_aligned``): each is one line holding the table, where it stands in the flow.
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
from bot.core.knowledge.ingest.readers.pdf_aligned import aligned_in_columns
from bot.core.knowledge.ingest.readers.pdf_page import Page, Rect, Word
from bot.core.knowledge.ingest.readers.pdf_tables import Table, find_tables, in_grid

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
_MIN_BOX = (80.0, 30.0)  # points: a frame smaller than this holds no sidebar
_MIN_COLUMN = 72.0  # points: no column of text is narrower than an inch
_SIDEBAR_RATIO = 0.8  # a column narrower than this share of the widest one is a sidebar


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
    table: Table | None = None  # a drawn table, read cell by cell

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
    tables, words = find_tables(page.frames, page.words)
    frames = _outermost(
        [
            f
            for f in page.frames
            if f.width >= _MIN_BOX[0]
            and f.height >= _MIN_BOX[1]
            and not in_grid(f, page.frames)
            and _holds_text(f, words)
        ]
    )
    boxed: dict[int, list[Word]] = {}
    free: list[Word] = []
    for word in words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        index = next((n for n, f in enumerate(frames) if f.contains(cx, cy, 1.0)), None)
        if index is None:
            free.append(word)
        else:
            boxed.setdefault(index, []).append(word)
    lines = _raw_lines(free, page)
    gutters = _gutters([ln for ln in lines if not _in_margin(ln)], page.width)
    aligned = aligned_in_columns([ln.words for ln in lines], gutters)
    if aligned:  # columns aligned without borders: a table like a drawn one
        taken = set().union(*(words for _, words in aligned))
        for line in lines:
            line.words = [w for w in line.words if id(w) not in taken]
        lines = [ln for ln in lines if ln.words]
        tables += [table for table, _ in aligned]
    for table in tables:  # a table is one line of its own, where it stands in the flow
        lines.append(Line(table.words, page.number, page.height, table.baseline, table=table))
    lines.sort(key=lambda ln: -ln.baseline)
    flow, sidebars = _columns(lines, page)
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
    """x-positions of column gutters: a clear vertical strip inside the text that few lines
    cross (those that do, a title or a running header, span the columns)."""
    if len(lines) < 6:
        return []
    size = max(1, int(width) + 1)
    ink = [0] * size
    for line in lines:
        for word in line.words:
            for x in range(max(0, int(word.x0)), min(size, int(word.x1) + 1)):
                ink[x] += 1
    inked = [x for x in range(size) if ink[x]]
    if not inked:
        return []
    tolerated = max(2, len(lines) // 8)
    found: list[float] = []
    x = inked[0]
    while x <= inked[-1]:
        if ink[x] <= tolerated:
            run = []
            while x <= inked[-1] and ink[x] <= tolerated:
                run.append(x)
                x += 1
            least = min(ink[i] for i in run)
            clear = [i for i in run if ink[i] == least]
            if len(run) >= 8 and x <= inked[-1]:
                found.append((clear[0] + clear[-1] + 1) / 2)
        x += 1
    return _full_columns(lines, found)


def _full_columns(lines: list[Line], gutters: list[float]) -> list[float]:
    """The gutters with a column of full lines on at least one side (a table's short cells
    on both sides are not columns)."""
    kept: list[float] = []
    edges = [-1.0, *gutters, float("inf")]
    for n, gutter in enumerate(gutters):
        left = _segment(lines, edges[n], gutter)
        right = _segment(lines, gutter, edges[n + 2])
        if max(left, right) >= 0.6 and min(left, right) > 0:
            kept.append(gutter)
    return kept


def _segment(lines: list[Line], low: float, high: float) -> float:
    """How full the rows between ``low`` and ``high`` are: the median share of the segment's
    width that a row's words cover (0 when fewer than three rows)."""
    rows = []
    for line in lines:
        words = [w for w in line.words if w.x0 >= low and w.x1 <= high]
        if words and not any(w.x0 < low < w.x1 or w.x0 < high < w.x1 for w in line.words):
            rows.append((min(w.x0 for w in words), max(w.x1 for w in words)))
    if len(rows) < 3:
        return 0.0
    left, right = min(r[0] for r in rows), max(r[1] for r in rows)
    if right - left < _MIN_COLUMN:  # list numbers hanging left of their text: no column
        return 0.0
    widths = sorted((r[1] - r[0]) / max(right - left, 1.0) for r in rows)
    return widths[len(widths) // 2]


def _columns(lines: list[Line], page: Page) -> tuple[list[Line], list[list[Line]]]:
    """The flow in reading order, and the sidebars found among the columns."""
    gutters = _gutters([ln for ln in lines if not _in_margin(ln)], page.width)
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
        pieces = None if _in_margin(line) else _split(line, gutters)
        if line.table is not None and pieces is not None and len(pieces) > 1:
            pieces = None  # a table across the columns spans the page
        if pieces is None:  # crosses a gutter (or a running line): spans the page
            flush()
            out.append(line)
            continue
        for number, words in pieces.items():
            band[number].append(
                Line(words, line.page, line.page_height, line.baseline, number, len(band))
            )
            band[number][-1].table = line.table  # a table within one column stays in it
    flush()
    return out, sidebars


def _width(column: list[Line]) -> float:
    return max((ln.x1 for ln in column), default=0.0) - min((ln.x0 for ln in column), default=0.0)


def _split(line: Line, gutters: list[float]) -> dict[int, list[Word]] | None:
    """The line's words by column, or None when it spans a gutter: a word crosses it, or the
    words either side are no further apart than words of one line are."""
    pieces: dict[int, list[Word]] = {}
    for word in line.words:
        if any(word.x0 < g < word.x1 for g in gutters):
            return None
        column = sum(1 for g in gutters if word.x0 >= g)
        pieces.setdefault(column, []).append(word)
    columns = sorted(pieces)
    for before, after in zip(columns, columns[1:], strict=False):
        last, first = pieces[before][-1], pieces[after][0]
        if first.x0 - last.x1 < max(last.size * 0.8, 6.0):
            return None
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
            if _in_margin(line) and (
                _PAGE_NUMBER.search(line.text.strip())
                or (len(pages) > 1 and seen[_running_key(line)] >= threshold)
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
