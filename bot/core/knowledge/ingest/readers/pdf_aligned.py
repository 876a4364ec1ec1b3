"""Tables drawn without borders: columns of short text aligned by their x positions (a fines
table with payer / authority / amount / date columns), read as tables, cell by cell.

A line is cut into segments where its words stand apart by more than a word space (about a
type size). A run of lines one under the other whose segments fall into the same three or
more columns (segments of different lines in one column overlap; no line has two segments
in one column) is a table: each line a row, unless its first column is empty or it has one
segment only, when it goes on with the cells of the row above (a wrapped cell). Columns of
prose are no table: at least two of a table's columns hold only short cells (four words
at most) or ragged ones (most of them filling under three quarters of the column, where
lines of prose fill it), and no line's segment runs across two columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.knowledge.ingest.readers.pdf_page import Word
from bot.core.knowledge.ingest.readers.pdf_tables import Table

_MIN_COLUMNS = 3
_MIN_ROWS = 2  # rows with a cell in the first column, the header included
_SHORT_CELL = 4  # words
_RAGGED = 0.75  # a column whose cells mostly fill less than this share of it: cells
_CELL_COLUMNS = 2  # columns of short or ragged cells a table has at least
_MAX_ROWS = 200  # lines one table may span (bounds the work on a hostile page)
_SHRINK = 5  # lines at a run's end that may break its grid and be left out

Segment = list[Word]


def segments(words: Sequence[Word]) -> list[Segment]:
    """The line's words (left to right) cut where a gap is wider than a word space."""
    out: list[Segment] = []
    for word in words:
        if out and word.x0 - out[-1][-1].x1 <= max(word.size * 0.9, 6.0):
            out[-1].append(word)
        else:
            out.append([word])
    return out


def aligned_tables(lines: Sequence[Sequence[Word]]) -> list[tuple[int, int, Table]]:
    """The borderless tables among a page's lines (top to bottom, each left to right): for
    each, the index of its first line, the index after its last, and the table."""
    cut = [segments(line) for line in lines]
    found: list[tuple[int, int, Table]] = []
    start = 0
    while start < len(lines):
        end = _run_end(cut, lines, start)
        table = None
        last_try = max(start + _MIN_ROWS, end - _SHRINK)
        while table is None and end >= last_try:
            table = _table(cut[start:end])
            end -= table is None  # a line that breaks the grid at the run's end is no row
        if table is None:
            start += 1
            continue
        found.append((start, end, table))
        start = end
    return found


def aligned_in_columns(
    lines: Sequence[Sequence[Word]], gutters: Sequence[float]
) -> list[tuple[Table, set[int]]]:
    """The borderless tables of a page whose text stands in columns (``gutters``: the
    x-positions between them), looked for column by column, so that the text of the next
    column is never taken for a table's cells; each with the ids of the words it took."""
    edges = [float("-inf"), *gutters, float("inf")]
    found: list[tuple[Table, set[int]]] = []
    for low, high in zip(edges, edges[1:], strict=False):
        pieces = ([w for w in line if low <= (w.x0 + w.x1) / 2 < high] for line in lines)
        column = [piece for piece in pieces if piece]  # a line of another column: none here
        for start, end, table in aligned_tables(column):
            found.append((table, {id(w) for line in column[start:end] for w in line}))
    return found


def _run_end(cut: list[list[Segment]], lines: Sequence[Sequence[Word]], start: int) -> int:
    """The end of the run of lines from ``start`` that have two segments or more (a wrapped
    cell's line, with one, may follow them), each close under the one before."""
    if len(cut[start]) < 2:
        return start
    end = start + 1
    while end < len(cut) and end - start < _MAX_ROWS:
        if not cut[end] or _top(lines[end]) - _bottom(lines[end - 1]) > 2.0 * max(
            w.size for w in lines[end]
        ):
            break
        if len(cut[end]) < 2 and (end + 1 >= len(cut) or len(cut[end + 1]) < 2):
            break  # one segment, and no row after it: the text after the table
        end += 1
    return end


def _table(rows: list[list[Segment]]) -> Table | None:
    columns = _columns([s for row in rows for s in row])
    if len(columns) < _MIN_COLUMNS:
        return None
    placed: list[list[Segment | None]] = []
    for row in rows:
        cells: list[Segment | None] = [None] * len(columns)
        for segment in row:
            index = _column_of(segment, columns)
            if index is None or cells[index] is not None:
                return None  # a segment across two columns, or two in one: not a grid
            cells[index] = segment
        placed.append(cells)
    if placed[0][0] is None:
        return None
    if sum(1 for n in range(len(columns)) if _cell_like(placed, n, columns)) < _CELL_COLUMNS:
        return None  # columns of prose
    table_rows: list[list[list[Word]]] = []
    for cells in placed:
        wrapped = cells[0] is None or sum(1 for c in cells if c) == 1
        if wrapped and table_rows:  # a wrapped cell's line goes on under its row
            for n, wrap in enumerate(cells):
                table_rows[-1][n] += wrap or []
        else:
            table_rows.append([list(cell or []) for cell in cells])
    if len(table_rows) < _MIN_ROWS or sum(1 for r in table_rows if all(r)) < _MIN_ROWS:
        return None
    return Table(table_rows)


def _cell_like(
    placed: list[list[Segment | None]], n: int, columns: list[tuple[float, float]]
) -> bool:
    """A column of a table's cells, not of prose: all its cells are short, or they are
    ragged (most fill well under the column's width, where lines of prose fill it)."""
    cells = [cells[n] for cells in placed if cells[n]]
    if all(len(cell) <= _SHORT_CELL for cell in cells if cell):
        return True
    width = max(columns[n][1] - columns[n][0], 1.0)
    fills = sorted((cell[-1].x1 - cell[0].x0) / width for cell in cells if cell)
    return fills[len(fills) // 2] < _RAGGED


def _columns(found: list[Segment]) -> list[tuple[float, float]]:
    """The x-ranges of the columns: overlapping segments make one column."""
    spans = sorted((s[0].x0, s[-1].x1) for s in found)
    columns: list[tuple[float, float]] = []
    for x0, x1 in spans:
        if columns and x0 < columns[-1][1]:
            columns[-1] = (columns[-1][0], max(columns[-1][1], x1))
        else:
            columns.append((x0, x1))
    return columns


def _column_of(segment: Segment, columns: list[tuple[float, float]]) -> int | None:
    x0, x1 = segment[0].x0, segment[-1].x1
    for n, (low, high) in enumerate(columns):
        if low <= x0 and x1 <= high:
            return n
    return None


def _top(line: Sequence[Word]) -> float:
    return min(w.top for w in line)


def _bottom(line: Sequence[Word]) -> float:
    return max(w.bottom for w in line)
