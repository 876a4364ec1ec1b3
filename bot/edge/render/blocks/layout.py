"""Messages of blocks: sections within their limits, packed into messages of at most 50
blocks, never cutting a record in two."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.edge.render.blocks.markup import (
    HEADER_LIMIT,
    MAX_BLOCKS,
    MESSAGE_BUDGET,
    SECTION_BUDGET,
    SECTION_LIMIT,
    fallback_text,
    shorten,
)

# --- messages ------------------------------------------------------------------------------


@dataclass
class SlackMessage:
    """One message to send: a notification ``text`` and its ``blocks``."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``{"text": ..., "blocks": [...]}``; raises if a block breaks Slack's limits."""
        return {"text": self.text, "blocks": [b.to_dict() for b in self.blocks]}


def section(text: str) -> SectionBlock:
    """A mrkdwn section; ``text`` must already be escaped and within the limit."""
    if len(text) > SECTION_LIMIT:
        raise ValueError(f"section text of {len(text)} characters (limit {SECTION_LIMIT})")
    return SectionBlock(text=MarkdownTextObject(text=text))


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text[:SECTION_LIMIT])])


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=shorten(text, HEADER_LIMIT))


def text_sections(text: str, budget: int = SECTION_BUDGET) -> list[Block]:
    """Escaped ``text`` in as many sections as it needs, split between lines."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > budget:
            head, line = line[:budget], line[budget:]
            if current:
                chunks.append(current)
                current = ""
            chunks.append(head)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > budget:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [section(chunk) for chunk in chunks if chunk.strip()]


def _block_chars(block: Block) -> int:
    data = block.to_dict()  # validates against Slack's limits
    return len(str(data))


def pack(
    groups: Sequence[Sequence[Block]],
    fallback: Sequence[str] | str,
    *,
    tail: Sequence[Block] = (),
) -> list[SlackMessage]:
    """Lay out indivisible groups of blocks (one record each) into messages of at most
    ``MAX_BLOCKS`` blocks and ``MESSAGE_BUDGET`` characters, in order, with ``tail`` (the
    buttons) at the end of the last message. ``fallback``: the text of the first message,
    or one text per message (the last repeated if there are more messages)."""
    messages: list[list[Block]] = [[]]
    used = 0
    all_groups = [list(g) for g in groups if g]
    if tail:
        all_groups.append(list(tail))
    for group in all_groups:
        size = sum(_block_chars(b) for b in group)
        current = messages[-1]
        if current and (len(current) + len(group) > MAX_BLOCKS or used + size > MESSAGE_BUDGET):
            messages.append([])
            used = 0
            current = messages[-1]
        if len(group) > MAX_BLOCKS:
            raise ValueError(f"a record of {len(group)} blocks cannot fit in one message")
        current.extend(group)
        used += size
    texts = [fallback] if isinstance(fallback, str) else list(fallback)
    out = []
    total = len(messages)
    for index, blocks in enumerate(messages):
        text = texts[min(index, len(texts) - 1)]
        if total > 1 and (isinstance(fallback, str) or index >= len(texts)):
            text = f"{text} (part {index + 1} of {total})"
        out.append(SlackMessage(text=fallback_text(text), blocks=blocks))
    return out


def validated(messages: Iterable[SlackMessage]) -> None:
    for message in messages:
        if len(message.blocks) > MAX_BLOCKS:
            raise ValueError(f"{len(message.blocks)} blocks in one message")
        message.to_dict()
