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

from bot.core.knowledge.ingest.readers.document import ReadError, ReadResult, SourceFormat
from bot.core.knowledge.ingest.readers.html import html_to_canonical
from bot.core.knowledge.ingest.readers.limits import MAX_EMAIL_DEPTH, MAX_EMAIL_PARTS
from bot.core.knowledge.ingest.readers.text import decode_text, normalise_newlines

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
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
_SENT_FROM = re.compile(r"^Sent from my \w+.*$", re.IGNORECASE | re.MULTILINE)
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
    for part in html[:1]:
        canonical, _ = html_to_canonical(_decoded(part, file_name), file_name)
        candidates.append((_strip_forward(canonical), True))
    for part in plain[:1]:
        candidates.append((_strip_forward(normalise_newlines(_decoded(part, file_name))), False))
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


def _strip_forward(text: str) -> str:
    """The forwarded newsletter without the forwarder's note, header block and signatures.

    A forward starts at a "Forwarded message" / "Original Message" line, or (Outlook) at a
    block of From:/Sent:/To:/Subject: lines; everything before it is the forwarder's note."""
    blocks = re.split(r"\n\s*\n", text.strip("\n"))
    start = next(
        (n for n, b in enumerate(blocks) if _FORWARD_MARKER.search(b) or _is_header_block(b)),
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


def _is_header_block(block: str) -> bool:
    """Lines of a forwarded message's header (From:, Date:, Subject:...), on their own lines or
    run together in one paragraph."""
    plain = block.replace("**", "").strip()
    if not plain:
        return False
    lines = [ln.strip() for ln in plain.splitlines() if ln.strip()]
    if all(_HEADER_LINE.match(ln) or not ln.strip("-* ") for ln in lines):
        return True
    return bool(_HEADER_LINE.match(plain)) and bool(_SUBJECT_FIELD.search(plain))


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
