"""A link preview (``chat.unfurl``): a development's card, as in an answer, with a link to
its page when the bot has a public address."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock

from bot.core.knowledge import Development
from bot.edge.render.blocks.buttons import details_button
from bot.edge.render.blocks.development import result_text
from bot.edge.render.blocks.layout import context
from bot.edge.render.blocks.markup import link


def unfurl_blocks(dev: Development, page_url: str | None = None) -> list[Block]:
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=result_text(dev, 1).replace("*1. ", "*", 1)),
            accessory=details_button(dev.id),
        )
    ]
    footer = "China privacy tracker"
    if page_url:
        footer += " · " + link(page_url, "page for citing")
    blocks.append(context(footer))
    return blocks


def unfurl_payload(dev: Development, page_url: str | None = None) -> dict[str, Any]:
    """One entry of ``chat.unfurl``'s ``unfurls`` (validated against Block Kit's limits)."""
    return {"blocks": [block.to_dict() for block in unfurl_blocks(dev, page_url)]}
