"""Keep secrets out of logs: a logging filter that masks Slack tokens, the signing secret and
``response_url``s (short-lived capabilities to post in a conversation) in every record that
reaches the root handlers. A ``response_url`` is masked wherever a record names it (form or
JSON fields, plain or percent-encoded), as is any Slack hook URL and any URL the webhook
client logs (it posts to response URLs only)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

_TOKEN = re.compile(r"\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+")
_RESPONSE_URL_FIELD = re.compile(
    r"""(response_url["']?\s*(?:=|:|%3D|%22%3A)\s*(?:%22|["'])?)[^"'&\s,}]+""", re.IGNORECASE
)
_SLACK_HOOK = re.compile(
    r"https?(?::|%3A)(?://|%2F%2F)hooks\.slack\.com[^\s\"'&,}]*", re.IGNORECASE
)
_ANY_URL = re.compile(r"https?://[^\s\"',}]+")
_URL_LOGGERS = ("slack_sdk.webhook",)
"""Loggers whose records carry response URLs as plain URLs (what they post to)."""
MASK = "[redacted]"


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 8]

    def redact(self, text: str, *, urls: bool = False) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        text = _TOKEN.sub(MASK, text)
        text = _RESPONSE_URL_FIELD.sub(lambda m: m.group(1) + MASK, text)
        text = _SLACK_HOOK.sub(MASK, text)
        return _ANY_URL.sub(MASK, text) if urls else text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.redact(message, urls=record.name.startswith(_URL_LOGGERS))
        if clean != message or record.exc_info:
            if record.exc_info:
                formatter = logging.Formatter()
                clean += "\n" + self.redact(formatter.formatException(record.exc_info))
                record.exc_info = None
                record.exc_text = None
            record.msg, record.args = clean, None
        return True


def install_redaction(secrets: Iterable[str] = ()) -> RedactSecrets:
    """Add the filter to every handler of the root logger (call after logging is set up)."""
    redactor = RedactSecrets(secrets)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig()
    for handler in root.handlers:
        handler.addFilter(redactor)
    return redactor
