"""A forwarded newsletter: the forwarder's note, the "Forwarded message" line and the
From:/Sent:/To:/Subject: block above it, and the signature under it, are not the newsletter.

``strip_forward`` cuts them from plain text; ``mark_forward`` marks them in blocks
(``Role.FORWARD_HEADER`` for the note and the header, ``Role.FOOTER`` for the signature), so
nothing is lost and nothing of them becomes a development.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.knowledge.ingest.blocks import Block, Role, paragraph
from bot.core.knowledge.ingest.readers.roles import is_banner

_FORWARD_MARKER = re.compile(
    r"^[-\s>]*(?:-{3,}\s*Forwarded message\s*-{3,}|Begin forwarded message:|"
    r"-{3,}\s*Original Message\s*-{3,}|-{3,}\s*转发的邮件\s*-{3,}|-{3,}\s*原始邮件\s*-{3,})",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_LINE = re.compile(
    r"^(?:\*\*)?(?:From|Date|Sent|Subject|To|Cc|Reply-To|发件人|发送时间|日期|主题|收件人|抄送)"
    r"(?:\*\*)?\s*[:：]",
    re.IGNORECASE,
)
_SUBJECT_FIELD = re.compile(r"(?:Subject|主题)\s*[:：]", re.IGNORECASE)
_SENDER_OR_SUBJECT = re.compile(
    r"(?:^|\n)(?:\*\*)?(?:From|Subject|发件人|主题)(?:\*\*)?\s*[:：]", re.IGNORECASE
)
_BANNER_SPAN = 4  # paragraphs at the top of a message where a mail system puts its notice
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
_SENT_FROM = re.compile(r"^Sent from my \w+.*$", re.IGNORECASE | re.MULTILINE)


def mark_forward(blocks: list[Block]) -> list[Block]:
    """``blocks`` with the forward's note, header and signature marked (see the module doc)."""
    marked = list(blocks)
    start = next(
        (
            n
            for n, b in enumerate(marked)
            if not b.is_boilerplate
            and (_FORWARD_MARKER.search(b.text) or _is_header_block(b.text, starts=True))
        ),
        None,
    )
    if start is not None:
        for index in range(start):
            if not marked[index].is_boilerplate:
                marked[index] = replace(marked[index], role=Role.FORWARD_HEADER)
        block = marked[start]
        marker = _FORWARD_MARKER.search(block.text)
        rest = block.text[marker.end() :].strip() if marker else ""
        marked[start] = replace(block, role=Role.FORWARD_HEADER)
        if rest and not _is_header_block(rest):
            marked.insert(start + 1, paragraph(rest))
        index = start + 1
        while index < len(marked) and (
            marked[index].is_boilerplate or _is_header_block(marked[index].text)
        ):
            if not marked[index].is_boilerplate:
                marked[index] = replace(marked[index], role=Role.FORWARD_HEADER)
            index += 1
    signature = next((n for n, b in enumerate(marked) if b.text.strip() in ("--", "-- ")), None)
    for index, block in enumerate(marked):
        if (signature is not None and index >= signature) or _SENT_FROM.fullmatch(block.text):
            marked[index] = replace(block, role=Role.FOOTER)
    return marked


def strip_forward(text: str) -> str:
    """The forwarded newsletter without the forwarder's note, header block and signatures.

    A forward starts at a "Forwarded message" / "Original Message" line, or (Outlook) at a
    block of From:/Sent:/To:/Subject: lines; everything before it is the forwarder's note."""
    paragraphs = re.split(r"\n\s*\n", text.strip("\n"))
    text = "\n\n".join(p for n, p in enumerate(paragraphs) if n >= _BANNER_SPAN or not is_banner(p))
    blocks = re.split(r"\n\s*\n", text.strip("\n"))
    start = next(
        (
            n
            for n, b in enumerate(blocks)
            if _FORWARD_MARKER.search(b) or _is_header_block(b, starts=True)
        ),
        None,
    )
    if start is not None:
        marker = _FORWARD_MARKER.search(blocks[start])
        rest = blocks[start][marker.end() :] if marker else blocks[start]
        blocks = ([rest] if rest.strip() else []) + blocks[start + 1 :]
        while blocks and _is_header_block(blocks[0]):
            blocks.pop(0)
    text = "\n\n".join(blocks)
    signature = _SIGNATURE.search(text)
    if signature is not None:
        text = text[: signature.start()]
    return _SENT_FROM.sub("", text)


def _is_header_block(block: str, *, starts: bool = False) -> bool:
    """Lines of a forwarded message's header (From:, Date:, Subject:...), on their own lines or
    run together in one paragraph. The header ``starts`` only with a sender or a subject: a
    lone "Date: 12 June 2024 | Regulator: ..." is an item's metadata, not a forward."""
    plain = block.replace("**", "").strip()
    if not plain:
        return False
    lines = [ln.strip() for ln in plain.splitlines() if ln.strip()]
    if all(_HEADER_LINE.match(ln) or not ln.strip("-* ") for ln in lines):
        return not starts or bool(_SENDER_OR_SUBJECT.search(plain))
    return bool(_HEADER_LINE.match(plain)) and bool(_SUBJECT_FIELD.search(plain))
