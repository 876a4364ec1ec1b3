"""The buttons under answers: More, Share, Details, and their action ids."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ButtonElement,
)

from bot.edge.render.paging import encode_page

# --- buttons ------------------------------------------------------------------------------

ACTION_DETAILS = "pi_details"
"""Details button: ``value`` is a development id."""
ACTION_MORE = "pi_more"
"""More button: ``value`` is a page token (``bot.edge.render.paging``)."""
ACTION_SHARE = "pi_share"
"""Share in channel button: ``value`` is a page token for the answer being shared."""


def details_button(dev_id: str) -> ButtonElement:
    return ButtonElement(text="Details", action_id=ACTION_DETAILS, value=dev_id)


def more_button(query: str, offset: int) -> ButtonElement:
    return ButtonElement(
        text="More", action_id=ACTION_MORE, value=encode_page(query, offset), style="primary"
    )


def share_button(query: str, offset: int) -> ButtonElement:
    return ButtonElement(
        text="Share in channel", action_id=ACTION_SHARE, value=encode_page(query, offset)
    )
