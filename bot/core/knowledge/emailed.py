"""Newsletters e-mailed into Slack: the file Slack's e-mail integration makes of a message
(``filetype: "email"``, with its subject, sender, headers and the body as HTML) turned back
into an RFC 822 message, so it is read by the same reader as an ``.eml`` (the HTML part
preferred, the plain text as the alternative).

Pure: the Slack side downloads the body and hands over the file's fields as a mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from typing import Any

EMAIL_FILETYPE = "email"


def is_email_file(info: Mapping[str, Any]) -> bool:
    return str(info.get("filetype") or "") == EMAIL_FILETYPE or info.get("mode") == "email"


@dataclass(frozen=True)
class EmailedNewsletter:
    eml: bytes
    """The message as an ``.eml`` file."""
    file_name: str
    """A name for it ending in ``.eml`` (from the subject)."""
    publisher: str | None
    """Who sent it (the sender's name, else the address)."""
    keys: tuple[str, ...]
    """What identifies the message, so it is never read twice: its Message-ID, the file id."""


def _sender(info: Mapping[str, Any]) -> tuple[str, str]:
    senders = info.get("from") or []
    first = senders[0] if isinstance(senders, list) and senders else {}
    if not isinstance(first, Mapping):
        return "", ""
    return str(first.get("name") or ""), str(first.get("address") or "")


def _file_name(subject: str) -> str:
    stem = "".join(c if c.isalnum() else "-" for c in subject).strip("-")
    stem = "-".join(part for part in stem.split("-") if part)[:80]
    return f"{stem or 'emailed-newsletter'}.eml"


def emailed_newsletter(info: Mapping[str, Any], body: bytes | None) -> EmailedNewsletter:
    """The ``.eml`` of a Slack e-mail file. ``body`` is the downloaded file (the message's
    HTML); without it the plain text Slack gives in the file's fields is used."""
    headers = info.get("headers") if isinstance(info.get("headers"), Mapping) else {}
    assert isinstance(headers, Mapping)
    subject = " ".join(str(info.get("subject") or info.get("title") or "").split())
    name, address = _sender(info)
    message = EmailMessage(policy=SMTP)
    message["Subject"] = subject or "(no subject)"
    if name or address:
        message["From"] = formataddr((name, address))
    if headers.get("date"):
        message["Date"] = str(headers["date"])
    message_id = str(headers.get("message_id") or "").strip()
    if message_id:
        message["Message-ID"] = message_id
    plain = str(info.get("plain_text") or info.get("preview_plain_text") or "")
    html = body.decode("utf-8", errors="replace") if body else ""
    if plain:
        message.set_content(plain)
    if html:
        if plain:
            message.add_alternative(html, subtype="html")
        else:
            message.set_content(html, subtype="html")
    if not plain and not html:
        message.set_content("")
    keys = tuple(
        key
        for key in (
            f"msgid:{message_id}" if message_id else "",
            f"file:{info.get('id')}" if info.get("id") else "",
        )
        if key
    )
    return EmailedNewsletter(
        eml=message.as_bytes(),
        file_name=_file_name(subject),
        publisher=(name or address or None),
        keys=keys,
    )
