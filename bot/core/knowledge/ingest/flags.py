"""Review flags: what in a machine-made record calls for a person's look.

``ingest`` stores them on each new development (``Development.flags``) and prints them in a
dry run; ``validate`` recomputes them for every unreviewed record. Each flag is a short
sentence saying what looks wrong:

- the title is a section heading ("ENFORCEMENT", "Legislation and Regulation"): the
  splitter probably took a heading for an item;
- penalties on a regulation record: a statutory maximum read as a fine, or two items merged;
- the date is far from the issue's month: a date from the body ("since 1 January 2021")
  taken for the event's;
- regions or authorities gathered from several items: one record swallowed several;
- an empty or generic slug ("2022-06-29-development");
- an amount with no payer, or one for each of several payers not named one by one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.each_payers import UNTOLD_NOTE
from bot.core.knowledge.ingest.penalties import NOT_NAMED
from bot.core.knowledge.ingest.sections import clean_heading, is_section_name
from bot.core.knowledge.ingest.slugs import is_generic
from bot.core.knowledge.model import Category, Development, Penalty

FAR_FROM_ISSUE_DAYS = 45
"""A date more than this many days outside the issue's month is flagged."""
MANY_REGIONS = 3
MANY_AUTHORITIES = 5

_GENERIC_BEARER = re.compile(
    r"^(?:the\s+)?(?:company|platform|enterprise|firm|operator|party|parties|app|apps|"
    r"bank|insurer|business|entity|entities|individual|person|people|it|they|公司|企业|平台)$",
    re.IGNORECASE,
)


def review_flags(
    *,
    title: str,
    sections: Iterable[str],
    category: Category,
    penalties: Sequence[Penalty],
    date: dt.date,
    issue_months: Iterable[str],
    regions: Sequence[str],
    authorities: Sequence[str],
    slug: str,
    gazetteer: Gazetteer,
) -> tuple[str, ...]:
    flags: list[str] = []
    heading = clean_heading(title)
    if is_section_name(title, gazetteer) or any(
        heading.casefold() == clean_heading(s).casefold() for s in sections
    ):
        flags.append(f"title {title!r} is a section heading, not a development")
    if category is Category.REGULATION and penalties:
        flags.append("penalties on a regulation record (a statutory maximum, or merged items?)")
    for month in dict.fromkeys(issue_months):
        days = days_outside_month(date, month)
        if days > FAR_FROM_ISSUE_DAYS:
            flags.append(f"date {date} is {days} days outside the issue month {month}")
    leaves = [r for r in regions if r != "national" and not _has_child(r, regions, gazetteer)]
    if len(leaves) >= MANY_REGIONS or len(authorities) >= MANY_AUTHORITIES:
        flags.append(
            f"{len(leaves)} regions and {len(authorities)} authorities: gathered from "
            "several items?"
        )
    if is_generic(slug):
        flags.append(f"empty or generic slug {slug!r}")
    for penalty in penalties:
        if penalty.bearer == NOT_NAMED or _GENERIC_BEARER.match(penalty.bearer):
            flags.append(f"amount {penalty.amount} {penalty.currency} has no payer named")
        if penalty.note == UNTOLD_NOTE:
            flags.append(
                f"amount {penalty.amount} {penalty.currency} is for each of several payers "
                "the text does not tell apart: give each payer a penalty of its own"
            )
    return tuple(flags)


def development_flags(
    development: Development, issue_months: Iterable[str], gazetteer: Gazetteer
) -> tuple[str, ...]:
    """The flags of a stored record (its sources' sections and newsletters' months)."""
    return review_flags(
        title=development.title,
        sections=[s.ref.rsplit(" #", 1)[0] for s in development.sources],
        category=development.category,
        penalties=development.penalties,
        date=development.date,
        issue_months=issue_months,
        regions=development.regions,
        authorities=development.authorities,
        slug=development.id[11:],
        gazetteer=gazetteer,
    )


def days_outside_month(date: dt.date, month: str) -> int:
    """How many days ``date`` lies before or after the month ``YYYY-MM`` (0 inside it)."""
    year, number = (int(part) for part in month.split("-"))
    first = dt.date(year, number, 1)
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    if date < first:
        return (first - date).days
    if date >= following:
        return (date - following).days + 1
    return 0


def _has_child(region: str, regions: Sequence[str], gazetteer: Gazetteer) -> bool:
    return any(region in gazetteer.region_ancestors(other) for other in regions)
