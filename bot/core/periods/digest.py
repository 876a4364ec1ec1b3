"""The digest: which developments of a month (or a week) go out, grouped and summarised.

Only published developments (``bot.core.knowledge.review.is_published``) are digested. Pure
over a ``Store``; the renderers lay it out for Slack or the terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.core.knowledge.model import Category, Development, Penalty, PenaltyKind, Status
from bot.core.knowledge.review import is_published
from bot.core.knowledge.store import Store
from bot.core.labels import CATEGORY_ORDER, issue_label, newsletter_labels

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


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of ``month`` (YYYY-MM)."""
    year, number = parse_month(month)
    first = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return first, following - timedelta(days=1)


def week_key(first_day: date) -> str:
    """The key of the week starting ``first_day`` (a Monday): ISO ``YYYY-Www``."""
    year, week, _ = first_day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_label(first_day: date) -> str:
    last = first_day + timedelta(days=6)
    return f"the week of {first_day.day} {first_day:%B} to {last.day} {last:%B %Y}"


@dataclass(frozen=True)
class Digest:
    month: str  # YYYY-MM, or YYYY-Www for a weekly digest
    sections: tuple[tuple[Category, tuple[Development, ...]], ...]  # non-empty, in order
    counts: dict[Category, int]
    largest_fines: tuple[Development, ...]  # up to three, largest first (fines proper)
    in_force: tuple[Development, ...]  # laws in force by the period's last day
    label: str | None = None  # how to name the period when it is not a month
    adopted: tuple[Development, ...] = ()
    """Laws adopted in the period that come into force after it ("in force from …")."""
    compensation: tuple[Development, ...] = ()
    """Court-ordered compensation (not a fine), listed apart from the fines."""
    newsletters: dict[str, str] = field(default_factory=dict)
    """Newsletter id -> its own title and issue, for citing sources that have no link."""
    newest_before: str | None = None
    """For an empty period: the month (YYYY-MM) of the newest published development dated
    before it, so the reader is pointed at the news there is."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def is_empty(self) -> bool:
        return self.total == 0

    @property
    def empty_note(self) -> str:
        """What an empty period's digest says: that nothing is recorded, and where the
        newest news is."""
        note = f"No developments recorded for {self.month_label}."
        if self.newest_before is not None:
            note += (
                f" The newest are from {issue_label(self.newest_before)}: "
                f"`digest {self.newest_before}`."
            )
        return note

    @property
    def month_label(self) -> str:
        if self.label is not None:
            return self.label
        year, month = parse_month(self.month)
        return date(year, month, 1).strftime("%B %Y")


def build_digest(store: Store, month: str) -> Digest:
    """The digest of developments dated in ``month`` (YYYY-MM), oldest first per group."""
    first, last = month_bounds(month)
    return build_period_digest(store, first, last, key=month)


def build_weekly_digest(store: Store, first_day: date) -> Digest:
    """The digest of the seven days from ``first_day`` (a Monday) on."""
    last = first_day + timedelta(days=6)
    return build_period_digest(
        store, first_day, last, key=week_key(first_day), label=week_label(first_day)
    )


def build_period_digest(
    store: Store, first: date, last: date, *, key: str, label: str | None = None
) -> Digest:
    """The digest of published developments dated ``first``..``last`` (inclusive)."""
    in_month = [d for d in store.developments if first <= d.date <= last and is_published(d)]
    sections = []
    counts: dict[Category, int] = {}
    for category in CATEGORY_ORDER:
        group = tuple(sorted((d for d in in_month if d.category == category), key=_chrono))
        counts[category] = len(group)
        if group:
            sections.append((category, group))
    fined = [d for d in in_month if fines_of(d)]
    fines = sorted(fined, key=lambda d: (-sum(p.largest for p in fines_of(d)), d.id))[:3]
    awards = tuple(
        sorted(
            (d for d in in_month if any(p.kind == PenaltyKind.COMPENSATION for p in d.penalties)),
            key=_chrono,
        )
    )
    laws = sorted(
        (
            d
            for d in in_month
            if d.category == Category.REGULATION
            and d.status in (Status.ADOPTED, Status.IN_FORCE)
            and d.effective_date is not None
        ),
        key=_chrono,
    )
    in_force = tuple(d for d in laws if d.effective_date is not None and d.effective_date <= last)
    adopted = tuple(d for d in laws if d not in in_force)
    return Digest(
        key,
        tuple(sections),
        counts,
        tuple(fines),
        in_force,
        label,
        adopted=adopted,
        compensation=awards,
        newsletters=newsletter_labels(in_month, store),
        newest_before=None if in_month else _newest_before(store, first),
    )


def _newest_before(store: Store, first: date) -> str | None:
    """The month of the newest published development dated before ``first``."""
    dates = [d.date for d in store.developments if d.date < first and is_published(d)]
    return max(dates).strftime("%Y-%m") if dates else None


def fines_of(dev: Development) -> tuple[Penalty, ...]:
    """A development's fines proper (court-ordered compensation is not a fine)."""
    return tuple(p for p in dev.penalties if p.kind != PenaltyKind.COMPENSATION)


def _chrono(dev: Development) -> tuple[int, str]:
    return (dev.date.toordinal(), dev.id)
