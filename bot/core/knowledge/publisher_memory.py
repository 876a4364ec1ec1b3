"""What editors discarded as "not a development", remembered per publisher.

A publisher's newsletters repeat their furniture: the same masthead, the same "related
posts" block, the same sub-heading inside every item. When an editor discards such a record
with the reason "not a development", the intake remembers its normalised title and its role
in the layout (a heading-like line or an ordinary item); in the next issue of that publisher
a record of the same kind comes in marked "probably not a development", naming why. Restoring
it makes the memory forget the entry. Pure: the entries are kept by the state database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.core.knowledge.model import Development, KnowledgeFile

Role = Literal["heading", "item"]
NOT_A_DEVELOPMENT = "not a development"
"""The discard reason that teaches the memory."""
DISCARD_REASONS = (NOT_A_DEVELOPMENT, "duplicate", "out of scope", "other")
"""The reasons an editor may give when discarding (optional)."""
FLAG_PREFIX = "probably not a development"
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[^\w]+")
_HEADING_MAX_WORDS = 6


@dataclass(frozen=True)
class Remembered:
    """One discarded kind of record: ``title_key`` and ``role`` are what is compared."""

    publisher: str
    title_key: str
    role: Role
    example: str
    """The title as it was discarded (shown to editors)."""


def publisher_key(publisher: str) -> str:
    return " ".join(publisher.casefold().split())


def title_key(title: str) -> str:
    """A title with case, width, punctuation and numbers folded: "Issue 12 — In brief" and
    "ISSUE 13: in brief" are one key."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = _DIGITS.sub("#", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def role_of(dev: Development) -> Role:
    """A heading-like record (a short title, or one in capitals, with a short body) or an
    ordinary item."""
    title = dev.title.strip()
    letters = [c for c in title if c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
    short = len(title.split()) <= _HEADING_MAX_WORDS and len(dev.summary) < 200
    return "heading" if shouting or short else "item"


def publisher_of(dev: Development, knowledge: KnowledgeFile) -> str | None:
    """The publisher of the newsletter that first reported ``dev``, if it is known."""
    by_id = {n.id: n for n in knowledge.newsletters}
    for source in dev.sources:
        newsletter = by_id.get(source.newsletter)
        if newsletter is not None and newsletter.publisher:
            return newsletter.publisher
    return None


def remember(dev: Development, knowledge: KnowledgeFile) -> Remembered | None:
    """The memory entry a "not a development" discard of ``dev`` makes (None when its
    publisher is unknown: there is nothing to recognise the next issue by)."""
    publisher = publisher_of(dev, knowledge)
    if publisher is None:
        return None
    return Remembered(publisher_key(publisher), title_key(dev.title), role_of(dev), dev.title)


def recognised(
    dev: Development, publisher: str | None, memory: Iterable[Remembered]
) -> Remembered | None:
    """The remembered discard that ``dev`` (a new record from ``publisher``) is like."""
    if not publisher:
        return None
    who, key, role = publisher_key(publisher), title_key(dev.title), role_of(dev)
    for entry in memory:
        if entry.publisher == who and entry.title_key == key and entry.role == role:
            return entry
    return None


def flag_text(publisher: str) -> str:
    return f"{FLAG_PREFIX}: discarded before in {publisher}"


def is_memory_flag(flag: str) -> bool:
    return flag.startswith(FLAG_PREFIX + ": discarded before in ")
