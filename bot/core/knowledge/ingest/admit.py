"""Per item, never per batch: an item that cannot become a valid development (a title of
three letters, no summary to write) is kept out with one warning naming the file, the item
and why; the newsletter's other items go in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import ValidationError

from bot.core.knowledge.ingest.errors import ParseWarning
from bot.core.knowledge.ingest.parsed import ParsedItem
from bot.core.knowledge.ingest.slugs import SLUG_MAX_CHARS
from bot.core.knowledge.ingest.summary import slug

_CHECKED_AT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def base_id(item: ParsedItem) -> str:
    """The id an item's development gets (before a suffix that makes it unique)."""
    words = item.slug or slug(item.title, max_chars=SLUG_MAX_CHARS) or "item"
    return f"{item.date.isoformat()}-{words}"


def admit(
    items: Sequence[ParsedItem], shown_as: str
) -> tuple[list[ParsedItem], list[ParseWarning]]:
    """(the items that make valid developments, one warning per item kept out)."""
    kept: list[ParsedItem] = []
    warnings: list[ParseWarning] = []
    for item in items:
        problem = invalid(item)
        if problem is None:
            kept.append(item)
        else:
            warnings.append(
                ParseWarning(
                    shown_as, item.line, f"{item.ref} {item.headline[:80]!r} kept out: {problem}"
                )
            )
    return kept, warnings


def invalid(item: ParsedItem) -> str | None:
    """Why the item cannot become a development, or ``None``."""
    try:
        item.development(base_id(item), _CHECKED_AT)
    except ValidationError as exc:
        return describe(exc)
    return None


def describe(exc: ValidationError) -> str:
    """A validation error in one line: "title: String should have at least 5 characters"."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else error["msg"])
    return "; ".join(parts)
