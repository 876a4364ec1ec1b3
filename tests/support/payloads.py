"""Checks on what the bot sends to Slack: Block Kit validity within Slack's limits, and that
no markup from user input (``<!channel>``, ``<@U123>``, ``<http://x|y>``, a bare ``&``)
survives into a payload."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from bot.core.knowledge.store import Store
from bot.edge.render.blocks import MAX_BLOCKS, SlackMessage, escape

MESSAGE_TEXT_LIMIT = 40_000
"""Slack truncates a message's ``text`` beyond this."""

_QUOTE_MARK = re.compile(r"^> ", re.MULTILINE)
"""mrkdwn's block quote, which the renderer puts before a quoted sentence (whose own text
is escaped, so a ``>`` from a newsletter or a user is ``&gt;`` and never starts a line)."""
_LINK = re.compile(r"<([^<>|]*)\|[^<>]*>")
_REFERENCE = re.compile(r"<([@#][A-Z0-9]{2,30})>")
_ENTITY = re.compile(r"&(?:amp|lt|gt);")


def strings(value: Any) -> Iterator[str]:
    """Every string anywhere in a JSON-like value (keys excluded)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def text_fields(value: Any) -> Iterator[str]:
    """The strings Slack renders: every ``text`` field, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from text_fields(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from text_fields(item)


def store_links(store: Store) -> frozenset[str]:
    """Source links as the renderer writes them inside ``<...|label>``."""
    return frozenset(
        escape(source.url).replace("|", "%7C")
        for dev in store.developments
        for source in dev.sources
        if source.url
    )


def assert_inert(payload: Any, *, links: Iterable[str] = (), refs: Iterable[str] = ()) -> None:
    """No text field of ``payload`` holds markup that did not come from the bot: the only
    ``<...>`` allowed are links to ``links`` and references in ``refs`` (``@U123``,
    ``#C123``); every ``&`` is an entity; and no string anywhere holds ``<!``."""
    allowed_links, allowed_refs = frozenset(links), frozenset(refs)
    for value in strings(payload):
        assert "<!" not in value, value
    for text in text_fields(payload):

        def drop_link(match: re.Match[str]) -> str:
            assert match.group(1) in allowed_links, f"unexpected link {match.group(0)!r}"
            return ""

        def drop_ref(match: re.Match[str]) -> str:
            assert match.group(1) in allowed_refs, f"unexpected reference {match.group(0)!r}"
            return ""

        rest = _REFERENCE.sub(drop_ref, _LINK.sub(drop_link, text))
        rest = _QUOTE_MARK.sub("", rest)  # the bot's own block quote (a quoted sentence)
        assert "<" not in rest and ">" not in rest, text
        assert "&" not in _ENTITY.sub("", rest), text


def check_messages(messages: Sequence[SlackMessage]) -> list[dict[str, Any]]:
    """Each message validated block by block by slack_sdk, within 50 blocks, with a
    non-empty notification text within Slack's limit; returns the payloads."""
    assert messages, "no message at all"
    payloads = []
    for message in messages:
        assert 0 < len(message.blocks) <= MAX_BLOCKS
        for block in message.blocks:
            block.validate_json()  # raises SlackObjectFormationError past any limit
        payload = message.to_dict()
        assert payload["text"].strip() and len(payload["text"]) <= MESSAGE_TEXT_LIMIT
        payloads.append(payload)
    return payloads
