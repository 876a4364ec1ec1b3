"""Roles told from structure, shared by the readers of HTML and e-mail (see ``blocks.Role``).

- ``structural_role``: an HTML element's own kind or class/id names a page part (``<footer>``,
  ``<nav>``, ``class="related-posts"``, ``id="disclaimer"``...): markup, never its words.
- ``mark_trailing_links``: a run of blocks at the end of the flow that are each nothing but a
  link to one and the same site (the "related posts" / "recommended reading" list under an
  article), with the short caption above it, is ``RELATED``.
- ``mark_banner``: a short notice in the first blocks of an e-mail that warns about the
  message itself (sender outside the organisation, external e-mail, "do not click") is a
  ``BANNER`` put there by the mail system, not the newsletter.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from bot.core.knowledge.ingest.blocks import Block, BlockKind, Role

_CLASS_ROLES = (
    (re.compile(r"footer|copyright|colophon|unsubscribe", re.I), Role.FOOTER),
    (
        re.compile(r"related|recommend|more[-_]?(?:posts|articles|stories)|read[-_]?next", re.I),
        Role.RELATED,
    ),  # fmt: skip
    (re.compile(r"disclaimer|legal[-_]?notice", re.I), Role.DISCLAIMER),
    (
        re.compile(r"\bnav\b|navbar|menu|breadcrumb|\bshare\b|share-?bar|social|toolbar", re.I),
        Role.NAVIGATION,
    ),  # fmt: skip
    (re.compile(r"masthead|preheader|\blogo\b", re.I), Role.MASTHEAD),
)
_TAG_ROLES = {"footer": Role.FOOTER, "nav": Role.NAVIGATION}
_BANNER = re.compile(
    r"(?:originat\w*|sent|come[s]?|arriv\w*)\s+from\s+(?:an?\s+)?(?:outside|external)|"
    r"external\s+(?:e-?mail|sender|message)|\[?external\]?\s*[:：]|"
    r"do not click (?:on )?(?:any )?links|来自外部|外部邮件",
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
    hosts = {urlsplit(s.url).hostname for n in run for s in blocks[n].spans if s.url}
    if len(run) < 2 or len(hosts) != 1:  # news briefs link to their many sources
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


def is_banner(text: str) -> bool:
    return len(text) <= 400 and _BANNER.search(text) is not None


def mark_banner(blocks: list[Block]) -> list[Block]:
    """A mail system's warning among the first blocks -> ``BANNER``."""
    marked = list(blocks)
    for index, block in enumerate(blocks[:_BANNER_SPAN]):
        if is_banner(block.text):
            marked[index] = replace(block, role=Role.BANNER)
    return marked


_NUMBERING = re.compile(
    r"^(?:\(?\d{1,3}(?:\.\d{1,3})*[.)、]?|[（(]?[一二三四五六七八九十]+[、.）)])\s*"
)
_NOT_WORD = re.compile(r"[^\w\u3400-\u9fff]+")
_TOC_ENTRY_CHARS = 160
_TOC_SPAN = 150  # a table of contents stands among the first blocks


def _key(text: str) -> str:
    return _NOT_WORD.sub(" ", _NUMBERING.sub("", text.strip()).lower()).strip()


def mark_toc(blocks: list[Block]) -> list[Block]:
    """A table of contents -> ``TOC``: two or more consecutive short blocks near the top, each
    repeated (in the same order) as the start of a later heading, headline or item, and the
    short caption above them ("In this issue")."""
    keys = [_key(b.text) for b in blocks]
    marked = [_toc_box(b, blocks, keys) if b.kind is BlockKind.BOX else b for b in blocks]
    index = 0
    limit = min(len(blocks), _TOC_SPAN)
    while index < limit:
        run: list[int] = []
        after = index
        scan = index
        while scan < limit:
            target = _later(blocks, keys, scan, max(after, scan) + 1)
            if target is None:
                break
            run.append(scan)
            after = target
            scan += 1
        if len(run) >= 2:
            caption = run[0] - 1
            if caption >= 0 and _is_caption(blocks[caption]):
                run.insert(0, caption)
            for n in run:
                marked[n] = replace(marked[n], role=Role.TOC)
            index = scan
        else:
            index += 1
    return marked


def _toc_box(box: Block, blocks: list[Block], keys: list[str]) -> Block:
    """A box (a sidebar) most of whose lines open blocks of the flow is its contents list."""
    entries = [c for c in box.children if len(_key(c.text)) >= 8]
    found = sum(
        1
        for child in entries
        if any(
            k.startswith(_key(child.text))
            for b, k in zip(blocks, keys, strict=True)
            if b is not box
        )
    )
    return replace(box, role=Role.TOC) if found >= 2 and found * 2 >= len(box.children) else box


def _later(blocks: list[Block], keys: list[str], entry: int, start: int) -> int | None:
    """Where the entry's words open a later block (its own repetition elsewhere), if they do."""
    block, key = blocks[entry], keys[entry]
    if (
        block.is_boilerplate
        or block.kind not in (BlockKind.LIST_ITEM, BlockKind.PARAGRAPH, BlockKind.HEADING)
        or len(block.text) > _TOC_ENTRY_CHARS
        or len(key) < 8
    ):
        return None
    for n in range(start, len(blocks)):
        if keys[n].startswith(key) and not blocks[n].is_boilerplate:
            return n
    return None


def _is_caption(block: Block) -> bool:
    text = block.text
    return (
        not block.is_boilerplate
        and block.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH)
        and len(text) <= _CAPTION_CHARS
        and not text.endswith((".", "。"))
    )
