"""A thread update (an alerted development changed) and a deadline reminder as messages."""

from __future__ import annotations

from bot.core.labels import format_day
from bot.core.notify import DueReminder, DueUpdate
from bot.edge.render.blocks.development import facts_line
from bot.edge.render.blocks.layout import SlackMessage, context, section, text_sections
from bot.edge.render.blocks.markup import SECTION_BUDGET, escape, fallback_text, sources_line


def update_message(update: DueUpdate) -> SlackMessage:
    """What changed since the channel was last told, as a reply in the alert's thread."""
    dev = update.development
    head = "\n".join(
        [
            f"*Update: {escape(dev.title)}*",
            facts_line(dev),
            *(f"• {escape(change)}" for change in update.changes),
        ]
    )
    blocks = [
        *text_sections(head),
        section(sources_line(dev, SECTION_BUDGET)),
        context(escape(f"id: {dev.id} · ask /pi show {dev.id} for the full record")),
    ]
    text = f"Update: {dev.title}: " + " ".join(update.changes)
    return SlackMessage(text=fallback_text(text), blocks=blocks)


def reminder_message(reminder: DueReminder) -> SlackMessage:
    """``In 7 days (1 November 2021): <title> takes effect.``"""
    deadline = reminder.deadline
    dev = deadline.development
    days = reminder.days_left
    when = f"In {days} day{'s' if days != 1 else ''} ({format_day(deadline.day)})"
    line = f"{when}: {dev.title} {deadline.label}."
    blocks = [
        section(f"*Reminder:* {escape(line)}"),
        section(facts_line(dev)),
        section(sources_line(dev, SECTION_BUDGET)),
        context(escape(f"id: {dev.id} · /pi upcoming lists every date coming up")),
    ]
    return SlackMessage(text=fallback_text(f"Reminder: {line}"), blocks=blocks)
