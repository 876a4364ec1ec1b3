"""The monthly digest: which developments of a month go out, grouped and summarised.

Pure selection over a ``Store``; the renderers lay it out for Slack or the terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.core.knowledge.model import Category, Development, Status
from bot.core.knowledge.store import Store
from bot.core.labels import CATEGORY_ORDER

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> tuple[int, int]:
    """``"2022-05"`` -> (2022, 5); raises ``ValueError`` with a readable message."""
    match = _MONTH.match(text.strip())
    if not match:
        raise ValueError(f"not a month: {text!r} (use YYYY-MM, e.g. 2022-05)")
    return int(match.group(1)), int(match.group(2))


def previous_month(today: date) -> str:
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


@dataclass(frozen=True)
class Digest:
    month: str  # YYYY-MM
    sections: tuple[tuple[Category, tuple[Development, ...]], ...]  # non-empty, in order
    counts: dict[Category, int]
    largest_fines: tuple[Development, ...]  # up to three, largest first
    in_force: tuple[Development, ...]  # laws that came or come into force

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def is_empty(self) -> bool:
        return self.total == 0

    @property
    def month_label(self) -> str:
        year, month = parse_month(self.month)
        return date(year, month, 1).strftime("%B %Y")


def build_digest(store: Store, month: str) -> Digest:
    """The digest of published developments dated in ``month`` (YYYY-MM), oldest first per
    group."""
    parse_month(month)
    in_month = [d for d in store.published.developments if d.month == month]
    sections = []
    counts: dict[Category, int] = {}
    for category in CATEGORY_ORDER:
        group = tuple(sorted((d for d in in_month if d.category == category), key=_chrono))
        counts[category] = len(group)
        if group:
            sections.append((category, group))
    fines = sorted((d for d in in_month if d.penalties), key=lambda d: (-d.total_penalty, d.id))[:3]
    in_force = tuple(
        sorted(
            (
                d
                for d in in_month
                if d.category == Category.REGULATION
                and d.status in (Status.ADOPTED, Status.IN_FORCE)
                and d.effective_date is not None
            ),
            key=_chrono,
        )
    )
    return Digest(month, tuple(sections), counts, tuple(fines), in_force)


def _chrono(dev: Development) -> tuple[int, str]:
    return (dev.date.toordinal(), dev.id)
