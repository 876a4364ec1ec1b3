"""E-mail (.eml) -> canonical structured text, with the standard library's ``email``.

``multipart/alternative``: the HTML part and the text part are both read and the one with
more structure (headings, items, bold headlines) wins; quoted-printable and base64 are
undone; charsets GB2312/GBK (read as GB18030) and Big5 (as Big5-HKSCS) too. A forwarded
newsletter loses the forwarder's note and the "Forwarded message" header block; signatures
("-- " and what follows) are dropped. A newsletter attached as PDF, Word, HTML, Markdown, text
or a forwarded message is read when the body itself carries little.
"""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import re
from collections.abc import Callable, Iterator
from email import policy
from email.message import EmailMessage, Message
from email.utils import parsedate_to_datetime

from bot.core.knowledge.ingest.blocks import Block, render_markdown
from bot.core.knowledge.ingest.readers.document import ReadError, ReadResult, SourceFormat
from bot.core.knowledge.ingest.readers.email_forward import mark_forward, strip_forward
from bot.core.knowledge.ingest.readers.html import html_to_blocks
from bot.core.knowledge.ingest.readers.limits import MAX_EMAIL_DEPTH, MAX_EMAIL_PARTS
from bot.core.knowledge.ingest.readers.roles import mark_banner
from bot.core.knowledge.ingest.readers.text import decode_text, normalise_newlines

_SUBJECT_PREFIX = re.compile(r"^(?:\s*(?:fwd?|fw|re|转发|回复)\s*[:：])+\s*", re.IGNORECASE)
_STRUCTURE = re.compile(r"^(?:#{1,6} |\s*(?:- |\d+(?:\.\d+)*\.? )|\*\*[^*]+\*\*$)", re.MULTILINE)
_SHORT_BODY = 400  # characters: below this, an attached newsletter is read instead

_ATTACHED = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/html": ".html",
    "text/markdown": ".md",
    "text/plain": ".txt",
    "message/rfc822": ".eml",
}

AttachmentReader = Callable[[bytes, str, int], ReadResult]


def read_email(
    data: bytes,
    file_name: str,
    read_attachment: AttachmentReader,
    *,
    sha256: str | None = None,
    depth: int = 0,
) -> ReadResult:
    if depth > MAX_EMAIL_DEPTH:
        raise ReadError(
            file_name,
            f"an e-mail nested more than {MAX_EMAIL_DEPTH} messages deep",
            "forward the newsletter itself",
        )
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    parts = list(_parts(message, file_name))
    html = [p for p in parts if p.get_content_type() == "text/html" and not _is_attachment(p)]
    plain = [p for p in parts if p.get_content_type() == "text/plain" and not _is_attachment(p)]
    candidates: list[tuple[str, bool]] = []
    blocks: tuple[Block, ...] | None = None
    for part in html[:1]:
        read, _ = html_to_blocks(_decoded(part, file_name), file_name)
        blocks = tuple(mark_forward(mark_banner(list(read))))
        candidates.append((render_markdown(blocks), True))
    for part in plain[:1]:
        candidates.append((strip_forward(normalise_newlines(_decoded(part, file_name))), False))
    subject = _SUBJECT_PREFIX.sub("", str(message.get("subject", "") or "")).strip() or None
    body = max(candidates, key=lambda c: (_structure(c[0]), c[1]), default=("", True))
    warnings: list[str] = []
    if len(body[0].strip()) < _SHORT_BODY:
        attached = _attached_newsletter(parts, file_name, read_attachment, depth, warnings)
        if attached is not None:
            return ReadResult(
                text=attached.text,
                source_format=SourceFormat.EMAIL,
                file_name=file_name,
                sha256=sha256 or hashlib.sha256(data).hexdigest(),
                title=attached.title or subject,
                issue_date=attached.issue_date or _date(message),
                warnings=attached.warnings + tuple(warnings),
                is_markdown=attached.is_markdown,
                blocks=attached.blocks,
            )
    if not body[0].strip():
        raise ReadError(
            file_name,
            "an e-mail with no readable newsletter in it (no text, HTML or attached document)",
            "forward the newsletter itself, or save its attachment and ingest that",
        )
    return ReadResult(
        text=body[0].strip("\n") + "\n",
        source_format=SourceFormat.EMAIL,
        file_name=file_name,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        title=subject,
        issue_date=_date(message),
        warnings=tuple(warnings),
        is_markdown=body[1],
        blocks=blocks if body[1] else None,
    )


def _parts(message: Message, file_name: str) -> Iterator[Message]:
    """Leaf parts in order; nested ``message/rfc822`` parts are leaves (read as attachments)."""
    count = 0
    stack: list[Message] = [message]
    while stack:
        part = stack.pop(0)
        count += 1
        if count > MAX_EMAIL_PARTS:
            raise ReadError(
                file_name,
                f"an e-mail of more than {MAX_EMAIL_PARTS} parts",
                "forward the newsletter itself",
            )
        if part.is_multipart() and part.get_content_type() != "message/rfc822":
            payload = part.get_payload()
            if isinstance(payload, list):
                stack[:0] = [p for p in payload if isinstance(p, Message)]
        else:
            yield part


def _is_attachment(part: Message) -> bool:
    return (part.get_content_disposition() or "") == "attachment"


def _decoded(part: Message, file_name: str) -> str:
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    return decode_text(data, file_name, declared=part.get_content_charset())


def _structure(text: str) -> int:
    return len(_STRUCTURE.findall(text))


def _attached_newsletter(
    parts: list[Message],
    file_name: str,
    read_attachment: AttachmentReader,
    depth: int,
    warnings: list[str],
) -> ReadResult | None:
    for part in parts:
        kind = part.get_content_type()
        name = part.get_filename() or ""
        suffix = _ATTACHED.get(kind) or next(
            (s for s in _ATTACHED.values() if name.lower().endswith(s)), None
        )
        if suffix is None or (kind.startswith("text/") and not _is_attachment(part)):
            continue
        if kind == "message/rfc822":
            inner = part.get_payload()
            nested = inner[0] if isinstance(inner, list) and inner else inner
            data = nested.as_bytes() if isinstance(nested, Message) else b""
        else:
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
        shown = f"{file_name} (attachment {name or 'attachment' + suffix})"
        warnings.append(f"{file_name}: read the attached newsletter {name or kind}")
        return read_attachment(data, shown, depth + 1)
    return None


def _date(message: Message) -> dt.date | None:
    try:
        value = parsedate_to_datetime(str(message.get("date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    return value.date() if value is not None else None
