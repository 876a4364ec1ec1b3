"""The App Home tab."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.knowledge.store import Store
from bot.edge.render.blocks.buttons import details_button
from bot.edge.render.blocks.development import result_text
from bot.edge.render.blocks.layout import context, header, section
from bot.edge.render.blocks.markup import escape

# --- App Home ------------------------------------------------------------------------------

HOME_LATEST = 10
HOME_USAGE = (
    "Ask about China's cybersecurity and data-protection developments: laws and drafts, "
    "fines and other enforcement, court cases, industry news. Every answer cites its "
    "sources.\n"
    "• `/pi fines henan`: monetary penalties in Henan, largest first\n"
    "• `/pi fines over 1m`, `/pi CAC drafts`, `/pi courts may 2022`\n"
    "• `/pi latest 10`, `/pi show ID`, `/pi digest 2022-05`, `/pi stats`, `/pi help`\n"
    "• Or write to me here in Messages, or mention me in a channel."
)


def home_view(store: Store) -> View:
    """The App Home tab: how to use the bot, then the latest developments."""
    blocks: list[Block] = [
        header("China cybersecurity & data-protection tracker"),
        section(escape(HOME_USAGE)),
        DividerBlock(),
        header("Latest developments"),
    ]
    for number, dev in enumerate(store.developments[:HOME_LATEST], start=1):
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=result_text(dev, number)),
                accessory=details_button(dev.id),
            )
        )
    if not store.developments:
        blocks.append(section("The knowledge store is empty: nothing has been ingested yet."))
    blocks.append(
        context(escape(f"{len(store)} developments from {len(store.newsletters)} newsletters."))
    )
    view = View(type="home", blocks=blocks)
    view.to_dict()  # validates
    return view
