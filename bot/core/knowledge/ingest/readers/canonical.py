"""Building canonical structured text (the Markdown subset of ``document.py``), block by block.

Readers call ``heading``, ``paragraph``, ``item`` and ``table_row``; inline text is squeezed
to single spaces. The number of blocks is bounded (``MAX_BLOCKS``).
"""

from __future__ import annotations

import re

from bot.core.knowledge.ingest.readers.document import ReadError
from bot.core.knowledge.ingest.readers.limits import MAX_BLOCKS

_SPACE = re.compile(r"[ \t\u00a0\u3000\u200b\r\n\f\v]+")
_EMPTY_BOLD = re.compile(r"\*\*\s*\*\*")


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
    """Accumulates blocks; ``text()`` joins them with blank lines, except that consecutive list
    items, and consecutive table rows, stay on consecutive lines."""

    def __init__(self, file_name: str, kind: str) -> None:
        self._file_name = file_name
        self._kind = kind
        self._blocks: list[str] = []
        self._group: str | None = None

    def __len__(self) -> int:
        return len(self._blocks)

    def heading(self, level: int, text: str) -> None:
        text = squeeze(text).strip("*# ").strip()
        if text:
            self._add(f"{'#' * min(max(level, 1), 6)} {text}")

    def paragraph(self, text: str) -> None:
        text = squeeze(text)
        if text and text != "****":
            self._add(text)

    def item(self, text: str, *, depth: int = 0, marker: str = "-") -> None:
        text = squeeze(text)
        if text:
            self._add(f"{'  ' * max(depth, 0)}{marker} {text}", group="list")

    def table_row(self, cells: list[str]) -> None:
        cells = [squeeze(c).replace("|", "/") for c in cells]
        if any(cells):
            self._add("| " + " | ".join(cells) + " |", group="table")

    def end_list(self) -> None:
        """The next item starts a new list (a blank line before it)."""
        self._group = None

    def text(self) -> str:
        return "".join(self._blocks).strip("\n") + "\n" if self._blocks else ""

    def _add(self, block: str, *, group: str | None = None) -> None:
        if len(self._blocks) >= MAX_BLOCKS:
            raise ReadError(
                self._file_name,
                f"{self._kind} with more than {MAX_BLOCKS:,} paragraphs, items and headings "
                "(not a newsletter, or several joined together)",
                "split it into separate newsletters",
            )
        separator = "\n" if group is not None and group == self._group else "\n\n"
        self._blocks.append(separator + block if self._blocks else block)
        self._group = group
