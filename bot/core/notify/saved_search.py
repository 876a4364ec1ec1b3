"""A saved search: the filters a channel subscribed with (``/pi subscribe alerts CAC drafts``,
``/pi subscribe reminders courts``), read with the query parser, and what they select.

- no filters: the subscription's ``default`` (alerts: new enforcement developments;
  reminders: every dated development);
- ``all`` (or ``everything``): every development;
- anything else: whatever the filters select, exactly as a query would (categories and
  statuses included). Dates are refused: a saved search is about what arrives from now on.

Pure: no I/O. ``describe()`` says in plain words what will be sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Category, Development
from bot.core.query import Filters, parse_query

EVERYTHING_WORDS = frozenset({"all", "everything", "any", "anything"})
ALERTS_DEFAULT = frozenset({Category.ENFORCEMENT})
"""``/pi subscribe alerts`` alone: new enforcement developments, as it always meant."""


@dataclass(frozen=True)
class SavedSearch:
    """Filters read from what a user typed. ``problems`` are safe to show as they are;
    ``not_understood`` holds the user's own words (escape them before showing)."""

    filters: Filters
    everything: bool = False
    default_categories: frozenset[Category] = frozenset()
    problems: tuple[str, ...] = ()
    not_understood: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and not self.not_understood

    @property
    def uses_default(self) -> bool:
        return not self.everything and self.filters.is_empty

    def matches(self, dev: Development, gazetteer: Gazetteer | None = None) -> bool:
        if self.everything:
            return True
        if self.uses_default:
            return not self.default_categories or dev.category in self.default_categories
        return self.filters.matches(dev, gazetteer)

    def describe(self, noun: str = "new developments") -> str:
        """What the search selects, in plain words, e.g. ``new developments matching
        category Regulation; status draft; authority CAC``."""
        if self.everything:
            return f"all {noun} (laws and drafts, enforcement, court cases, industry news)"
        if self.uses_default:
            if self.default_categories == ALERTS_DEFAULT:
                return f"{noun} in enforcement (penalties, inspections, campaigns)"
            return f"all {noun}"
        parts = "; ".join(f"{u.label} {u.value}" for u in self.filters.describe())
        return f"{noun} matching {parts}"


def parse_saved_search(
    text: str,
    gazetteer: Gazetteer | None = None,
    *,
    default_categories: frozenset[Category] = ALERTS_DEFAULT,
) -> SavedSearch:
    """Read a saved search; refuse what cannot select developments arriving from now on."""
    if text.strip().lower() in EVERYTHING_WORDS:
        return SavedSearch(Filters(), everything=True, default_categories=default_categories)
    parsed = parse_query(text, gazetteer)
    filters = parsed.filters
    problems = list(parsed.errors)
    if (
        filters.date_from is not None
        or filters.date_to is not None
        or filters.months_of_year
        or filters.days_of_year
    ):
        problems.append(
            "Subscriptions are about developments as they arrive, so dates cannot be "
            "filters here; leave the dates out."
        )
    unknown = tuple(dict.fromkeys((*parsed.not_understood, *parsed.terms)))
    return SavedSearch(
        filters=filters,
        default_categories=default_categories,
        problems=tuple(problems),
        not_understood=unknown,
    )
