"""Roles told from structure, shared by the readers of HTML and e-mail (see ``blocks.Role``).

- ``structural_role``: an HTML element's own kind or class/id names a page part (``<footer>``,
  ``<nav>``, ``class="related-posts"``, ``id="disclaimer"``...): markup, never its words.
- ``mark_trailing_links``: a run of blocks at the end of the flow that are each nothing but a
  link (the "related posts" / "recommended reading" list under an article), with the short
  caption above it, is ``RELATED``.
- ``mark_banner``: a short notice in the first blocks of an e-mail that warns about the
  message itself (sender outside the organisation, external e-mail, phishing caution) is a
  ``BANNER`` put there by the mail system, not the newsletter.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.knowledge.ingest.blocks import Block, BlockKind, Role

_CLASS_ROLES = (
    (re.compile(r"footer|copyright|colophon|unsubscribe", re.I), Role.FOOTER),
    (
        re.compile(r"related|recommend|more[-_]?(?:posts|articles|stories)|read[-_]?next", re.I),
        Role.RELATED,
    ),  # fmt: skip
    (re.compile(r"disclaimer|legal[-_]?notice", re.I), Role.DISCLAIMER),
    (re.compile(r"\bnav\b|navbar|menu|breadcrumb|share|social|toolbar", re.I), Role.NAVIGATION),
    (re.compile(r"masthead|preheader|\blogo\b", re.I), Role.MASTHEAD),
)
_TAG_ROLES = {"footer": Role.FOOTER, "nav": Role.NAVIGATION}
_BANNER = re.compile(
    r"(?:originat\w*|sent|come[s]?|arriv\w*)\s+from\s+(?:an?\s+)?(?:outside|external)|"
    r"external\s+(?:e-?mail|sender|message)|\[?external\]?\s*[:：]|"
    r"do not click (?:on )?(?:any )?links|phishing|来自外部|外部邮件",
    re.IGNORECASE,
)
_BANNER_SPAN = 4  # blocks at the top of a message where a mail system puts its notice
_CAPTION_CHARS = 30


def structural_role(tag: str, attributes: dict[str, str | None]) -> Role | None:
    if tag in _TAG_ROLES:
        return _TAG_ROLES[tag]
    names = " ".join(filter(None, (attributes.get("class"), attributes.get("id"))))
    if not names:
        return None
    for pattern, role in _CLASS_ROLES:
        if pattern.search(names):
            return role
    return None


def _only_links(block: Block) -> bool:
    words = [s for s in block.spans if s.text.strip()]
    return bool(words) and all(s.url for s in words)


def mark_trailing_links(blocks: list[Block]) -> list[Block]:
    """The trailing run of link-only blocks (two or more) and its caption -> ``RELATED``."""
    body = [
        n for n, b in enumerate(blocks) if not b.is_boilerplate and b.kind is not BlockKind.RULE
    ]
    run: list[int] = []
    for index in reversed(body):
        if blocks[index].kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and _only_links(
            blocks[index]
        ):
            run.append(index)
        else:
            break
    if len(run) < 2:
        return blocks
    marked = list(blocks)
    before = [n for n in body if n < min(run)]
    if before:
        caption = blocks[before[-1]]
        if len(caption.text) <= _CAPTION_CHARS and not caption.text.endswith((".", "。")):
            run.append(before[-1])
    for index in run:
        marked[index] = replace(marked[index], role=Role.RELATED)
    return marked


def mark_banner(blocks: list[Block]) -> list[Block]:
    """A mail system's warning among the first blocks -> ``BANNER``."""
    marked = list(blocks)
    for index, block in enumerate(blocks[:_BANNER_SPAN]):
        if len(block.text) <= 400 and _BANNER.search(block.text):
            marked[index] = replace(block, role=Role.BANNER)
    return marked
