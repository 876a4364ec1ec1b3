"""A newsletter's table of contents ("In this issue", "Contents", 目录, 本期导读): never
items, but it confirms the items found. An entry that no item's headline matches is a
warning (an item the splitter missed or merged into another)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

_CONTENTS = re.compile(
    r"^(?:in\s+this\s+(?:issue|edition)|contents|table\s+of\s+contents|目录|本期导读|本期要点)\W*$",
    re.IGNORECASE,
)
_ENTRY_NUMBER = re.compile(r"^\s*(?:\d{1,2}[.)、]|[-*•◆])\s*")
_PAGE = re.compile(r"[\s.·…]+\d{1,3}\s*$")
SAME_TITLE = 80
"""Lowest rapidfuzz partial ratio of a headline to a contents entry that names it."""


def is_contents(heading: str) -> bool:
    return bool(_CONTENTS.match(heading.strip(" #*【】")))


def entry(text: str) -> str:
    """A contents line without its number or page ("3. Fines ........ 4" -> "Fines")."""
    return _PAGE.sub("", _ENTRY_NUMBER.sub("", text)).strip()


def unconfirmed(entries: list[str], headlines: list[str]) -> list[str]:
    """The entries that no headline matches."""
    return [
        name
        for name in entries
        if len(name) >= 5
        and not any(
            fuzz.partial_ratio(name.casefold(), h.casefold()) >= SAME_TITLE for h in headlines
        )
    ]
