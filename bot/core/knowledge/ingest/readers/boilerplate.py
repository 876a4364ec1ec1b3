"""Lines every newsletter e-mail carries that are not news: unsubscribe, view in browser..."""

from __future__ import annotations

import re

_BOILERPLATE = re.compile(
    r"unsubscribe|opt[ -]out|view (?:this|it|the)?\s*(?:e-?mail|newsletter|message|issue)?\s*"
    r"(?:in|on) (?:your|a|the) (?:web )?browser|view (?:it |this )?online|trouble viewing|"
    r"(?:manage|update) (?:your )?(?:e-?mail )?(?:preferences|subscription)|"
    r"forward (?:this|to a friend)|you (?:are receiving|received) this|"
    r"this (?:e-?mail|message) was sent to|add us to your address book|privacy policy|"
    r"all rights reserved|©|\(c\) ?\d{4}|copyright \d{4}|"
    r"退订|取消订阅|在浏览器中(?:查看|打开)",
    re.IGNORECASE,
)
_MAX_BOILERPLATE_CHARS = 400


def is_boilerplate(text: str) -> bool:
    """A short block that is only there for the mailing: drop it."""
    return len(text) <= _MAX_BOILERPLATE_CHARS and _BOILERPLATE.search(text) is not None
