"""Tables drawn as a grid of cells on a PDF page: each cell's words kept together, row by row.

A frame is a table's cell when a neighbour shares its row or its column edge to edge; a frame
holding two frames or more is a table's border. Rows are cells with the same top; a table is
a run of rows one under the other. Words in a cell are read line by line within the cell, so
a cell wrapped over three lines never interleaves with the cells beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge.ingest.readers.pdf_page import Rect, Word

_EDGE = 2.0  # points: edges this close are shared


@dataclass
class Table:
    rows: list[list[list[Word]]]  # rows of cells of words, in reading order

    @property
    def header_rows(self) -> int:
        """1 when the first row labels the columns: it is in bold and the next is not, or
        it has no figure where most rows under it have one (an amount, a date)."""
        if len(self.rows) < 2:
            return 0
        first, rest = self.rows[0], self.rows[1:]
        bold = all(w.bold for cell in first for w in cell)
        if bold and not all(w.bold for cell in rest[0] for w in cell):
            return 1
        figured = sum(1 for row in rest if any(_figure(cell) for cell in row))
        return int(not any(_figure(cell) for cell in first) and figured * 2 >= len(rest))

    @property
    def words(self) -> list[Word]:
        return [w for row in self.rows for cell in row for w in cell]

    @property
    def baseline(self) -> float:
        return max(w.baseline for w in self.words)


def _figure(cell: list[Word]) -> bool:
    return any(ch.isdigit() for w in cell for ch in w.text)


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= _EDGE


def in_grid(frame: Rect, frames: list[Rect]) -> bool:
    """A table's cell (a neighbour shares its row or its column, edge to edge) or a table's
    border (it holds two frames or more): a table, not a box."""
    return _is_cell(frame, frames) or _holds(frame, frames) >= 2


def _is_cell(frame: Rect, frames: list[Rect]) -> bool:
    for other in frames:
        if other is frame:
            continue
        same_row = _near(other.top, frame.top) and _near(other.bottom, frame.bottom)
        same_column = _near(other.x0, frame.x0) and _near(other.x1, frame.x1)
        if (same_row and (_near(other.x0, frame.x1) or _near(other.x1, frame.x0))) or (
            same_column and (_near(other.top, frame.bottom) or _near(other.bottom, frame.top))
        ):
            return True
    return False


def _holds(frame: Rect, frames: list[Rect]) -> int:
    return sum(
        1
        for other in frames
        if other is not frame
        and frame.contains(other.x0, other.top, 1.0)
        and frame.contains(other.x1, other.bottom, 1.0)
    )


def find_tables(frames: list[Rect], words: list[Word]) -> tuple[list[Table], list[Word]]:
    """The page's drawn tables (two rows or more), and the words outside them."""
    cells = [f for f in frames if _is_cell(f, frames) and _holds(f, frames) == 0]
    if not cells:
        return [], words
    contents: dict[int, list[Word]] = {}
    rest: list[Word] = []
    for word in words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        index = next((n for n, c in enumerate(cells) if c.contains(cx, cy)), None)
        if index is None:
            rest.append(word)
        else:
            contents.setdefault(index, []).append(word)
    rows: list[list[int]] = []
    for index in sorted(range(len(cells)), key=lambda n: (cells[n].top, cells[n].x0)):
        if rows and _near(cells[rows[-1][0]].top, cells[index].top):
            rows[-1].append(index)
        else:
            rows.append([index])
    tables: list[Table] = []
    current: list[list[list[Word]]] = []
    previous_bottom: float | None = None
    for row in rows:
        top, bottom = cells[row[0]].top, max(cells[n].bottom for n in row)
        if previous_bottom is not None and not _near(top, previous_bottom):
            _close(current, tables, rest)
            current = []
        current.append([_reading_order(contents.get(n, [])) for n in row])
        previous_bottom = bottom
    _close(current, tables, rest)
    return tables, rest


def _close(rows: list[list[list[Word]]], tables: list[Table], rest: list[Word]) -> None:
    """A run of rows with words in two rows or more is a table; otherwise its words go back
    to the flow."""
    filled = [row for row in rows if any(row)]
    if len(filled) >= 2:
        tables.append(Table(filled))
    else:
        rest.extend(w for row in rows for cell in row for w in cell)


def _reading_order(words: list[Word]) -> list[Word]:
    """A cell's words line by line (top down), each line left to right."""
    ordered: list[Word] = []
    for word in sorted(words, key=lambda w: (-w.baseline, w.x0)):
        ordered.append(word)
    lines: list[list[Word]] = []
    for word in ordered:
        if lines and abs(lines[-1][0].baseline - word.baseline) <= max(2.0, word.size * 0.2):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [w for line in lines for w in sorted(line, key=lambda w: w.x0)]
