"""The monthly digest as Slack messages."""

from __future__ import annotations

from collections.abc import Mapping

from slack_sdk.models.blocks import (
    Block,
    DividerBlock,
)

from bot.core.knowledge.model import Development, PenaltyKind
from bot.core.labels import (
    CATEGORY_HEADINGS,
    format_date,
    format_money,
)
from bot.core.periods.digest import Digest, fines_of
from bot.edge.render.blocks.layout import SlackMessage, header, pack, section, text_sections
from bot.edge.render.blocks.markup import (
    escape,
    fallback_text,
    link,
    shorten,
    source_host,
    source_line,
)

# --- the monthly digest --------------------------------------------------------------------


def _digest_line(dev: Development, titles: Mapping[str, str]) -> str:
    first = dev.sources[0]
    where = (
        link(dev.links[0], source_host(dev.links[0])) if dev.links else source_line(first, titles)
    )
    return f"• *{escape(format_date(dev))}* · {escape(shorten(dev.title, 300))} · {where}"


def _digest_summary(digest: Digest) -> str:
    counts = " · ".join(f"{CATEGORY_HEADINGS[c]} {n}" for c, n in digest.counts.items() if n)
    lines = [f"*{digest.total} developments* in {escape(digest.month_label)}: {escape(counts)}"]
    if digest.largest_fines:
        lines.append("*Largest fines:*")
        for dev in digest.largest_fines:
            top = max(fines_of(dev), key=lambda p: p.largest)
            lines.append(
                f"• {escape(format_money(top))}: {escape(top.bearer)} "
                f"({escape(shorten(dev.title, 160))})"
            )
    if digest.compensation:
        lines.append("*Compensation ordered by courts (not fines):*")
        for dev in digest.compensation:
            for award in (p for p in dev.penalties if p.kind == PenaltyKind.COMPENSATION):
                lines.append(
                    f"• {escape(format_money(award))}: {escape(award.bearer)} "
                    f"({escape(shorten(dev.title, 160))})"
                )
    if digest.in_force:
        lines.append("*New laws in force:*")
        for dev in digest.in_force:
            when = dev.effective_date
            from_ = f" (from {when.day} {when:%B %Y})" if when else ""
            lines.append(f"• {escape(shorten(dev.title, 200))}{escape(from_)}")
    if digest.adopted:
        lines.append("*Adopted, in force later:*")
        for dev in digest.adopted:
            when = dev.effective_date
            from_ = f" (in force from {when.day} {when:%B %Y})" if when else ""
            lines.append(f"• {escape(shorten(dev.title, 200))}{escape(from_)}")
    return "\n".join(lines)


def digest_fallback(digest: Digest) -> str:
    counts = ", ".join(f"{CATEGORY_HEADINGS[c]} {n}" for c, n in digest.counts.items() if n)
    return f"Digest for {digest.month_label}: {digest.total} developments ({counts})"


def digest_messages(digest: Digest) -> list[SlackMessage]:
    """The month's digest: a headline summary (counts by category, largest fines, new laws in
    force), then the developments grouped Regulation, Enforcement, Courts, Industry, each with
    its date, one line and its link. Split across messages as Slack's limits require; every
    development appears once, whole. An empty month is a one-line note."""
    if digest.is_empty:
        note = digest.empty_note
        return [SlackMessage(text=fallback_text(note), blocks=[section(escape(note))])]
    groups: list[list[Block]] = [
        [header(f"Digest: {digest.month_label}"), *text_sections(_digest_summary(digest))]
    ]
    texts = [digest_fallback(digest)]
    for category, devs in digest.sections:
        heading = section(f"*{CATEGORY_HEADINGS[category]}* ({len(devs)})")
        for position, dev in enumerate(devs):
            line = section(_digest_line(dev, digest.newsletters))
            # the heading travels with its first development, never alone at a message's end
            groups.append([DividerBlock(), heading, line] if position == 0 else [line])
    messages = pack(groups, texts)
    total = len(messages)
    if total > 1:
        for index, message in enumerate(messages[1:], start=2):
            message.text = fallback_text(
                f"Digest for {digest.month_label} (part {index} of {total})"
            )
        messages[0].text = fallback_text(f"{texts[0]} (part 1 of {total})")
    return messages
