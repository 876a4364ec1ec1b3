"""Canonical inline text (``**bold**``, ``[text](url)``) -> spans: how readers that write
inline markup, and the plain-text lexer, hand over emphasis and links; and a change made to
the text of every span of a newsletter's blocks."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.core.knowledge.ingest.blocks import Block, Span

_BOLD_RUN = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")


def spans_of(text: str) -> tuple[Span, ...]:
    """Canonical inline text -> spans."""
    out: list[Span] = []
    position = 0
    for match in _BOLD_RUN.finditer(text):
        out += _linked(text[position : match.start()], False)
        out += _linked(match.group(1), True)
        position = match.end()
    out += _linked(text[position:], False)
    return tuple(s for s in out if s.text)


def _linked(text: str, is_bold: bool) -> list[Span]:
    out: list[Span] = []
    position = 0
    for match in _LINK.finditer(text):
        out.append(Span(text[position : match.start()], bold=is_bold))
        out.append(Span(match.group(1), bold=is_bold, url=match.group(2)))
        position = match.end()
    out.append(Span(text[position:], bold=is_bold))
    return out


def map_text(blocks: Sequence[Block], change: Callable[[str], str]) -> tuple[Block, ...]:
    """``blocks`` with ``change`` applied to the text of every span (boxes and cells too)."""

    def spans(parts: Sequence[Span]) -> tuple[Span, ...]:
        return tuple(replace(s, text=change(s.text)) for s in parts)

    return tuple(
        replace(
            block,
            spans=spans(block.spans),
            rows=tuple(tuple(spans(cell) for cell in row) for row in block.rows),
            children=map_text(block.children, change),
        )
        for block in blocks
    )
