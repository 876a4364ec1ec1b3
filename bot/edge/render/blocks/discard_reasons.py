"""The "Discard because…" menu of a review card: the optional reasons of a discard
(``DISCARD_REASONS``). "not a development" teaches the publisher memory; the plain
*Discard* button stays for a discard without a reason. The card's actions block names the
development and version (``review|<id>|<version>``), so each option's value is the reason."""

from __future__ import annotations

from slack_sdk.models.blocks import ConfirmObject, Option, OverflowMenuElement

from bot.core.knowledge.publisher_memory import DISCARD_REASONS

ACTION_DISCARD_REASON = "review_discard_reason"


def discard_reason_menu() -> OverflowMenuElement:
    return OverflowMenuElement(
        action_id=ACTION_DISCARD_REASON,
        options=[Option(value=reason, label=f"Discard: {reason}") for reason in DISCARD_REASONS],
        confirm=ConfirmObject(
            title="Discard it?",
            text="It will never be published; its id stays taken. A record discarded as "
            '"not a development" marks its kind in this publisher\'s next issues.',
            confirm="Discard",
            deny="Keep",
        ),
    )


def discard_reason(value: str) -> str | None:
    """The reason an option's value names (None for anything else)."""
    return value if value in DISCARD_REASONS else None
