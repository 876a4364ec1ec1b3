"""Control characters (NUL, escape, the C1 range...) have no place in a newsletter's text or
in the store: ingest removes them, ``validate`` reports any it finds. Tabs and line breaks
are text; vertical tabs and form feeds count as line breaks."""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab, line feed, vertical tab, form feed and carriage return."""
_PAGE_BREAKS = re.compile(r"[\x0b\x0c]")


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: int
    first_line: int | None  # 1-based line of the first one removed


def without_control_characters(text: str) -> Cleaned:
    """``text`` with control characters removed (vertical tabs and form feeds become line
    breaks), how many were removed and the line of the first."""
    first = CONTROL.search(text)
    if first is None:
        return Cleaned(_PAGE_BREAKS.sub("\n", text), 0, None)
    line = text.count("\n", 0, first.start()) + 1
    cleaned, removed = CONTROL.subn("", text)
    return Cleaned(_PAGE_BREAKS.sub("\n", cleaned), removed, line)


def describe_control(text: str) -> str | None:
    """ "contains a control character (U+0000 at 12)", or ``None`` for clean text."""
    found = CONTROL.search(text)
    if found is None:
        return None
    return f"contains a control character (U+{ord(found.group()):04X} at offset {found.start()})"
