"""One development as Block Kit: its facts line, penalties, result text and full details."""

from __future__ import annotations

from collections.abc import Mapping

from slack_sdk.models.blocks import (
    Block,
)

from bot.core.knowledge import Development
from bot.core.labels import (
    CATEGORY_LABELS,
    format_penalty,
)
from bot.edge.render.blocks.layout import context, section, text_sections
from bot.edge.render.blocks.markup import SECTION_BUDGET, escape, link, shorten, sources_line
from bot.edge.render.text import facts_parts

# --- one development -----------------------------------------------------------------------


def category_label(dev: Development) -> str:
    return CATEGORY_LABELS[dev.category]


def facts_line(dev: Development) -> str:
    """``27 May 2022 · Enforcement · Henan, Yuzhou · AMR`` (escaped)."""
    return escape(" · ".join(facts_parts(dev)))


def penalties_line(dev: Development, limit: int = 3) -> str | None:
    if not dev.penalties:
        return None
    shown = [escape(format_penalty(p)) for p in dev.penalties[:limit]]
    rest = len(dev.penalties) - limit
    more = f" (+{rest} more: see Details)" if rest > 0 else ""
    label = "Penalty" if len(dev.penalties) == 1 else "Penalties"
    return f"*{label}:* " + "; ".join(shown) + more


# --- answers -------------------------------------------------------------------------------

SUMMARY_CHARS = 220
"""A result's summary is cut to about two lines."""
QUERY_CHARS = 300
"""How much of the question is repeated back ("You asked: ...")."""


def result_text(dev: Development, number: int, titles: Mapping[str, str] | None = None) -> str:
    """One result: title, date, category, regions, authorities, penalties, two lines of
    summary and the sources (newsletters by title, given ``titles``), in one section's text."""
    lines = [f"*{number}. {escape(dev.title)}*", facts_line(dev)]
    penalties = penalties_line(dev)
    if penalties:
        lines.append(penalties)
    lines.append(escape(shorten(dev.summary, SUMMARY_CHARS)))
    head = "\n".join(lines)
    return head + "\n" + sources_line(dev, SECTION_BUDGET - len(head) - 1, titles)


def detail_blocks(dev: Development) -> list[list[Block]]:
    """Every field of one development, as groups of blocks."""
    groups: list[list[Block]] = [
        [section(f"*{escape(dev.title)}*\n{facts_line(dev)}")],
    ]
    if dev.penalties:
        lines = ["*Penalties:*", *(f"• {escape(format_penalty(p))}" for p in dev.penalties)]
        lines.extend(f"  _{escape(p.note)}_" for p in dev.penalties if p.note)
        groups.append(text_sections("\n".join(lines)))
    groups.append([section(escape(dev.summary))])
    fields = [
        ("Sectors", dev.sectors),
        ("Topics", dev.topics),
        ("Entities", dev.entities),
        ("Legal basis", dev.legal_basis),
        ("Related", dev.related),
    ]
    listed = [f"*{label}:* {escape(', '.join(values))}" for label, values in fields if values]
    if listed:
        groups.append(text_sections("\n".join(listed)))
    source_lines = [f"*Sources ({len(dev.sources)}):*"]
    for source in dev.sources:
        reported = (
            f", reported {source.reported_date.day} {source.reported_date:%B %Y}"
            if source.reported_date
            else ""
        )
        where = link(source.url, shorten(source.url, 80)) if source.url else "no link given"
        source_lines.append(
            f"• {escape(source.headline)} ({escape(source.newsletter)}, "
            f"{escape(source.ref)}{escape(reported)}): {where}"
        )
    groups.append(text_sections("\n".join(source_lines)))
    review = "reviewed by a person" if dev.reviewed else "not yet reviewed by a person"
    groups.append([context(escape(f"id: {dev.id} · added {dev.added_at:%Y-%m-%d} · {review}"))])
    return groups
