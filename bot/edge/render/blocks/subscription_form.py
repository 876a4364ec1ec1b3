"""The subscription builder: a modal with a channel picker (the current conversation by
default), the kinds (monthly digest, alerts, reminders) and the alert filters, and the view
that says in plain words what was saved.

The alert filters are a saved search: regions, authorities, a minimum penalty and other
filter words (sectors, topics, companies, laws; categories and statuses too, typed as
words such as ``drafts`` or ``courts``). Dates are not offered: a saved search is about
what arrives from now on, and the subscription service refuses them. With no filters,
alerts cover new enforcement."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    Option,
)
from slack_sdk.models.views import View

from bot.core.notify.records import KINDS, Kind
from bot.edge.render.blocks.form_filters import FormFilters
from bot.edge.render.blocks.layout import context, section, text_sections
from bot.edge.render.blocks.markup import bot_text
from bot.edge.render.blocks.search_form import MAX_VIEW_BLOCKS, filter_inputs, read_filters

CALLBACK_SUBSCRIBE = "pi_subscription_form"
CALLBACK_SAVED = "pi_subscription_saved"
BLOCK_CHANNEL = "s_channel"
BLOCK_KINDS = "s_kinds"

KIND_OPTIONS: dict[Kind, str] = {
    "digest": "Monthly digest (everything of the month before)",
    "alerts": "Alerts (new matching developments; enforcement when no filters)",
    "reminders": "Deadline reminders (before laws take effect, comment periods close)",
}


def subscription_view(channel_id: str | None = None) -> View:
    """The empty builder; ``channel_id`` (where it was opened from) is preselected."""
    options = [Option(value=kind, label=KIND_OPTIONS[kind]) for kind in KINDS]
    blocks: list[Block] = [
        InputBlock(
            block_id=BLOCK_CHANNEL,
            label="Channel",
            element=ConversationSelectElement(
                action_id=BLOCK_CHANNEL,
                placeholder="Choose a channel",
                initial_conversation=channel_id or None,
                default_to_current_conversation=channel_id is None,
                filter=ConversationFilter(
                    include=["public", "private", "im"], exclude_bot_users=True
                ),
            ),
        ),
        InputBlock(
            block_id=BLOCK_KINDS,
            label="Send",
            element=CheckboxesElement(
                action_id=BLOCK_KINDS, options=options, initial_options=[options[1]]
            ),
        ),
        context(
            "Filters apply to alerts only (the digest covers everything). Several regions: "
            "any of them; several authorities: all of them."
        ),
        *filter_inputs(
            FormFilters(),
            text_label="Other filter words (sector, topic, company, law)",
            dates=False,
            category=False,
            status=False,
        ),
    ]
    view = View(
        type="modal",
        callback_id=CALLBACK_SUBSCRIBE,
        title="Subscribe a channel",
        submit="Save",
        close="Cancel",
        blocks=blocks[:MAX_VIEW_BLOCKS],
    )
    view.to_dict()
    return view


def read_subscription(
    values: dict[str, Any],
) -> tuple[str | None, tuple[Kind, ...], str, dict[str, str]]:
    """(channel, kinds, alert filter text, field errors) from a submitted builder."""
    filters, errors = read_filters(values)
    channel_block = values.get(BLOCK_CHANNEL) or {}
    picked: Any = next(iter(channel_block.values()), {}) if isinstance(channel_block, dict) else {}
    channel = picked.get("selected_conversation") if isinstance(picked, dict) else None
    kinds_block = values.get(BLOCK_KINDS) or {}
    ticked: Any = next(iter(kinds_block.values()), {}) if isinstance(kinds_block, dict) else {}
    chosen = {
        str(o.get("value"))
        for o in (ticked.get("selected_options") or [] if isinstance(ticked, dict) else [])
        if isinstance(o, dict)
    }
    kinds = tuple(kind for kind in KINDS if kind in chosen)
    words = saved_search_words(filters)
    if not channel:
        errors[BLOCK_CHANNEL] = "Choose the channel that should receive the messages."
    if not kinds:
        errors[BLOCK_KINDS] = "Tick the digest, the alerts, or both."
    elif words and "alerts" not in kinds:
        errors[BLOCK_KINDS] = (
            "The digest takes no filters: tick the alerts too, or clear the filters."
        )
    return (str(channel) if channel else None), kinds, words, errors


def saved_search_words(filters: FormFilters) -> str:
    """The alerts' saved search in the words its parser reads (a subscription keeps its
    saved search as text): canonical region and authority names, the minimum penalty, then
    the other filter words as typed."""
    words = [*filters.regions, *filters.authorities]
    if filters.min_amount is not None:
        words.append(f"at least CNY {filters.min_amount:f}")
    words.append(filters.text)
    return " ".join(word for word in words if word).strip()


def saved_view(headline: str, lines: list[str]) -> View:
    """What was saved, in plain words (the subscription service's own sentences)."""
    blocks: list[Block] = [section(f"*{bot_text(headline)}*")]
    blocks.extend(text_sections(bot_text("\n".join(lines))))
    view = View(
        type="modal",
        callback_id=CALLBACK_SAVED,
        title="Subscription",
        close="Done",
        blocks=blocks[:MAX_VIEW_BLOCKS],
    )
    view.to_dict()
    return view
