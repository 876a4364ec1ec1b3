"""Slack mrkdwn: escaping, links, shortening, and Block Kit's size limits."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlparse

from bot.core.knowledge import Development, Source

MAX_BLOCKS = 50
"""Slack's limit of blocks per message."""
SECTION_LIMIT = 3000
"""Slack's limit on a section's text."""
SECTION_BUDGET = 2900
"""What we fill a section up to, leaving room for a continuation mark."""
MESSAGE_BUDGET = 12_000
"""Characters of block text per message. Slack documents no hard total, but very large
payloads are refused (``msg_too_long``); staying well below keeps every message safe."""
FALLBACK_LIMIT = 2000
"""Longest notification text (``text`` of a message) we send."""
HEADER_LIMIT = 150
"""Slack's limit on a header block's plain text."""


# --- escaping ------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Make ``text`` inert in Slack mrkdwn: ``&`` ``<`` ``>`` become entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_REFERENCE = re.compile(r"&lt;(#[CDG][A-Z0-9]{2,20}|@[UW][A-Z0-9]{2,20})&gt;")


def bot_text(text: str) -> str:
    """Escape text the bot wrote itself (headlines, messages, suggestions), keeping only
    references to one channel (``<#C123>``) or one user (``<@U123>``) by id, which the
    subscription replies use; ``<!channel>``, ``<!here>`` and links stay escaped. Never use
    this for the user's words."""
    return _REFERENCE.sub(r"<\1>", escape(text))


def link(url: str, label: str) -> str:
    """A mrkdwn link; both parts escaped (``|`` would end the address early)."""
    return f"<{escape(url).replace('|', '%7C')}|{escape(label)}>"


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def fallback_text(text: str) -> str:
    """A message's ``text`` (shown in notifications; Slack parses it as mrkdwn too):
    shortened, then escaped like everything else."""
    return escape(shorten(text, FALLBACK_LIMIT))


def source_host(url: str) -> str:
    host = urlparse(url).netloc or url
    return host.removeprefix("www.")


def source_line(source: Source, titles: Mapping[str, str] | None = None) -> str:
    if source.url:
        return link(source.url, source_host(source.url))
    if titles and source.newsletter in titles:  # the newsletter by its own title and issue
        return escape(f"{titles[source.newsletter]} (no link given)")
    return escape(f"{source.newsletter}, {source.ref} (newsletter; no link given)")


def sources_line(dev: Development, budget: int, titles: Mapping[str, str] | None = None) -> str:
    """Distinct source links (or newsletter citations) that fit in ``budget`` characters."""
    items = list(dict.fromkeys(source_line(s, titles) for s in dev.sources))
    shown: list[str] = []
    used = 0
    for item in items:
        if used + len(item) + 3 > budget and shown:
            break
        if used + len(item) + 3 > budget:
            item = escape(f"{source_host(dev.links[0])} (link too long to show; see Details)")
        shown.append(item)
        used += len(item) + 3
    rest = len(items) - len(shown)
    more = f" (+{rest} more: see Details)" if rest else ""
    label = "Source" if len(items) == 1 else "Sources"
    return f"{label}: " + " · ".join(shown) + more
