"""The one parse of a command line: the ``/pi`` prefix (the slash command, also accepted when
typed in a message or the console) and the first word.

``split_command("/pi fines henan")`` is ``("fines", "henan")``; every surface (the router,
the subscription commands, the console, the Slack listeners) reads commands through it.
"""

from __future__ import annotations

import re

PREFIX = "/pi"
"""The slash command, as registered with Slack."""

_LEADING_PREFIX = re.compile(rf"^\s*{re.escape(PREFIX)}\b\s*", re.IGNORECASE)


def strip_prefix(text: str) -> str:
    """``text`` without a leading ``/pi`` (and the spaces after it)."""
    return _LEADING_PREFIX.sub("", text, count=1)


def split_command(text: str) -> tuple[str, str]:
    """The first word (lower-cased) and the rest, after any ``/pi`` prefix."""
    body = strip_prefix(text).strip()
    if not body:
        return "", ""
    parts = body.split(maxsplit=1)
    return parts[0].lower(), parts[1].strip() if len(parts) > 1 else ""
