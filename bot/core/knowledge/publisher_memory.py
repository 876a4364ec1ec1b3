"""What editors discarded as "not a development", remembered per publisher.

A publisher's newsletters repeat their furniture: the same masthead, the same "related
posts" block, the same sub-heading inside every item. When an editor discards such a record
with the reason "not a development", the intake remembers its normalised title and its role
in the layout (a heading-like line or an ordinary item); in the next issue of that publisher
a record of the same kind comes in marked "probably not a development", naming why. Restoring
it makes the memory forget the entry. Pure: the entries are kept by the state database.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.core.knowledge.ingest.parsed import ParsedNewsletter
from bot.core.knowledge.model import Confidence, Development, KnowledgeFile

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


REMEMBERED_SCORE = 0.2
"""The confidence of a record like a remembered discard: under the threshold, so its card
is collapsed with the other "probably not a development" ones."""
_PROBE_ID = "2000-01-01-probe"


def flag_remembered(parsed: ParsedNewsletter, memory: list[Remembered], at: dt.datetime) -> int:
    """Mark each item of ``parsed`` that is like a remembered discard of its publisher
    "probably not a development" (low confidence, the flag text as the first reason); the
    number marked."""
    publisher = parsed.publisher
    if not publisher or not memory:
        return 0
    marked = 0
    for item in parsed.items:
        if recognised(item.development(_PROBE_ID, at), publisher, memory) is None:
            continue
        reasons = item.confidence.reasons if item.confidence else ()
        score = min(item.confidence.score if item.confidence else 1.0, REMEMBERED_SCORE)
        item.confidence = Confidence(score=score, reasons=(flag_text(publisher), *reasons))
        marked += 1
    return marked


def remembered_like(
    dev: Development, knowledge: KnowledgeFile, memory: list[Remembered]
) -> Remembered | None:
    """The memory entry a record marked by ``flag_remembered`` was recognised by."""
    if dev.confidence is None or not any(is_memory_flag(r) for r in dev.confidence.reasons):
        return None
    return recognised(dev, publisher_of(dev, knowledge), memory)
