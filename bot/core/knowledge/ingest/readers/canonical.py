"""Building a newsletter's typed blocks (``ingest/blocks.py``) block by block, for readers that
write their inline text as the canonical subset (``**bold**``, ``[text](url)``).

Readers call ``heading``, ``paragraph``, ``item`` and ``table_row`` (inline text is squeezed to
single spaces and split into spans); ``role`` marks what the reader knows a block is for
(``with writer.role_of(Role.FOOTER): ...``). ``blocks()`` is the result, ``text()`` its
canonical Markdown (boilerplate left out). The number of blocks is bounded (``MAX_BLOCKS``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager

from bot.core.knowledge.ingest.blocks import (
    Block,
    BlockKind,
    Role,
    heading,
    list_item,
    paragraph,
    render_markdown,
    table,
)
from bot.core.knowledge.ingest.inline import spans_of
from bot.core.knowledge.ingest.readers.document import ReadError
from bot.core.knowledge.ingest.readers.limits import MAX_BLOCKS

_SPACE = re.compile(r"[ \t\u00a0\u3000\u200b\r\n\f\v]+")
_EMPTY_BOLD = re.compile(r"\*\*\s*\*\*")
_MARKER = re.compile(r"^(\d+(?:\.\d+)*)[.)]?$")


def squeeze(text: str) -> str:
    """One line: runs of white space (including non-breaking and ideographic) -> one space."""
    return _SPACE.sub(" ", _EMPTY_BOLD.sub(" ", text)).strip()


def bold(text: str) -> str:
    text = squeeze(text)
    return f"**{text}**" if text and "**" not in text else text


def link(text: str, url: str) -> str:
    text = squeeze(text).replace("[", "(").replace("]", ")")
    url = url.strip().replace(" ", "%20").replace(")", "%29")
    return f"[{text or url}]({url})"


class CanonicalWriter:
    """Accumulates blocks. Consecutive list items make one list, consecutive table rows one
    table, until ``end_list``."""

    def __init__(self, file_name: str, kind: str) -> None:
        self._file_name = file_name
        self._kind = kind
        self._blocks: list[Block] = []
        self._open_table = False
        self.role = Role.BODY

    def __len__(self) -> int:
        return len(self._blocks)

    @contextmanager
    def role_of(self, role: Role) -> Iterator[None]:
        """Blocks written inside get ``role`` (unless an outer role already marks them)."""
        outer = self.role
        self.role = role if outer is Role.BODY else outer
        try:
            yield
        finally:
            self.role = outer

    @contextmanager
    def main_content(self) -> Iterator[None]:
        """Blocks written inside are the article's own, whatever surrounds them."""
        outer, self.role = self.role, Role.BODY
        try:
            yield
        finally:
            self.role = outer

    def heading(self, level: int, text: str, *, role: Role | None = None) -> None:
        text = squeeze(text).replace("**", "").strip("# ").strip()
        if text:
            self._add(heading(level, spans_of(text), role=role or self.role))

    def paragraph(self, text: str, *, role: Role | None = None) -> None:
        text = squeeze(text)
        if text and text != "****":
            self._add(paragraph(spans_of(text), role=role or self.role))

    def item(
        self, text: str, *, depth: int = 0, marker: str = "-", role: Role | None = None
    ) -> None:
        text = squeeze(text)
        number = _MARKER.match(marker)
        if text:
            self._add(
                list_item(
                    spans_of(text),
                    level=depth,
                    number=number.group(1) if number else None,
                    role=role or self.role,
                )
            )

    def table_row(self, cells: list[str]) -> None:
        cells = [squeeze(c) for c in cells]
        if not any(cells):
            return
        row = tuple(spans_of(c) for c in cells)
        last = self._blocks[-1] if self._blocks else None
        if self._open_table and last is not None and last.kind is BlockKind.TABLE:
            self._blocks[-1] = dataclasses.replace(last, rows=last.rows + (row,))
        else:
            self._add(table([], role=self.role))
            self._blocks[-1] = dataclasses.replace(self._blocks[-1], rows=(row,))
            self._open_table = True

    def table_header(self) -> None:
        """The open table's only row so far is its header (it labels the cells under it)."""
        last = self._blocks[-1] if self._blocks else None
        if self._open_table and last is not None and len(last.rows) == 1:
            self._blocks[-1] = dataclasses.replace(last, header_rows=1)

    def end_list(self) -> None:
        """The next table row starts a new table."""
        self._open_table = False

    def blocks(self) -> tuple[Block, ...]:
        return tuple(self._blocks)

    def text(self) -> str:
        return render_markdown(self._blocks)

    def _add(self, block: Block) -> None:
        if len(self._blocks) >= MAX_BLOCKS:
            raise ReadError(
                self._file_name,
                f"{self._kind} with more than {MAX_BLOCKS:,} paragraphs, items and headings "
                "(not a newsletter, or several joined together)",
                "split it into separate newsletters",
            )
        if block.kind is not BlockKind.TABLE:
            self._open_table = False
        self._blocks.append(block)
