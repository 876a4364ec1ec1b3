"""An alert (a new development a channel's saved search selects) as a Slack message."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.knowledge import Development
from bot.core.labels import CATEGORY_LABELS, format_money
from bot.edge.render.blocks.buttons import details_button
from bot.edge.render.blocks.development import facts_line, penalties_line
from bot.edge.render.blocks.layout import SlackMessage, context, section, text_sections
from bot.edge.render.blocks.markup import SECTION_BUDGET, escape, fallback_text, sources_line

# --- alerts --------------------------------------------------------------------------------


def alert_heading(dev: Development) -> str:
    """``Enforcement alert: <title>`` (``Regulation alert``, ``Court alert``...)."""
    return f"{CATEGORY_LABELS[dev.category]} alert: {dev.title}"


def alert_fallback(dev: Development) -> str:
    amounts = "; ".join(format_money(p) for p in dev.penalties[:2])
    text = alert_heading(dev)
    return f"{text} ({amounts})" if amounts else text


def alert_message(dev: Development) -> SlackMessage:
    """One new development: what happened, who, where, the amount, the source."""
    who = [p.bearer for p in dev.penalties] or list(dev.entities)
    lines = [
        f"*{escape(alert_heading(dev))}*",
        facts_line(dev),
    ]
    if who:
        lines.append("*Who:* " + escape("; ".join(dict.fromkeys(who))))
    lines.append("*Where:* " + escape(", ".join(dev.regions)))
    penalties = penalties_line(dev, limit=5)
    if penalties:
        lines.append(penalties)
    head = "\n".join(lines)
    blocks: list[Block] = [*text_sections(head)]
    blocks.append(section(escape(dev.summary)))
    blocks.append(
        SectionBlock(
            text=MarkdownTextObject(text=sources_line(dev, SECTION_BUDGET)),
            accessory=details_button(dev.id),
        )
    )
    blocks.append(context(escape(f"id: {dev.id} · ask /pi show {dev.id} for the full record")))
    return SlackMessage(text=fallback_text(alert_fallback(dev)), blocks=blocks)
