"""What a development must satisfy (``Filters``), independent of free text, and how the
filters are described back to the user in canonical words. See ``bot.core.query``
for how filters combine."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.model import Category, DatePrecision, Development, PenaltyKind, Status
from bot.core.labels import (
    CATEGORY_FILTER_LABELS,
    PENALTY_KIND_LABELS,
    STATUS_LABELS,
    format_amount,
)
from bot.core.lexicon.months import month_end
from bot.core.query.content_dates import content_spans
from bot.core.query.mentions import ConceptKind, dev_concepts, dev_text
from bot.core.query.understood import Understood

_SINGULAR: dict[str, str] = {
    "authorities": "authority",
    "laws": "law",
    "sectors": "sector",
    "topics": "topic",
    "entities": "entity",
    "regions": "region",
}

PUNITIVE_KINDS = frozenset(
    {PenaltyKind.FINE, PenaltyKind.CRIMINAL_FINE, PenaltyKind.CONFISCATION, PenaltyKind.OTHER}
)
"""Penalties that punish; a court's order to compensate a person is not a fine."""

DateField = Literal["published", "effective", "comment", "content"]
"""Which date a date filter reads: the development's own date, the date it takes effect,
the day its public comment period closes (``comment_deadline``), or the dates and years
its text refers to ("439,600 reports in April 2022")."""

_BARE = frozenset({"penalties", "category", "status", "date"})

# --- filters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    """A named thing the user asked about; ``names`` are alternatives (any one matches)."""

    names: tuple[tuple[ConceptKind, str], ...]
    group: str = ""
    """The gazetteer's name for a group of authorities ("financial regulators")."""

    @property
    def label(self) -> str:
        return "authorities" if self.group else _SINGULAR[self.names[0][0]]

    @property
    def value(self) -> str:
        return self.group or self.names[0][1]


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document asked for ("five-year plans"): any of ``phrases`` in a
    development's title or summary."""

    name: str
    phrases: tuple[str, ...]
    category: Category | None = None

    def matches(self, dev: Development) -> bool:
        """What a record is, its title and first sentence say (a later "in the 14th
        Five-Year Plan period" does not make it a five-year plan)."""
        lead = re.split(r"(?<=[.!?。])\s", dev.summary, maxsplit=1)[0]
        text = f"{dev.title} {lead}".casefold()
        if self.category is not None and dev.category != self.category:
            return False
        return any(p.casefold() in text for p in self.phrases)


@dataclass(frozen=True)
class AmountBound:
    value: Decimal
    inclusive: bool


@dataclass(frozen=True)
class Filters:
    """What a development must satisfy, independent of any free text. See the module doc."""

    categories: frozenset[Category] = frozenset()
    statuses: frozenset[Status] = frozenset()
    monetary_penalty: bool = False
    penalty_kinds: frozenset[PenaltyKind] = frozenset()  # empty: any kind
    regions: tuple[str, ...] = ()
    concepts: tuple[Concept, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    months_of_year: frozenset[int] = frozenset()
    days_of_year: frozenset[tuple[int, int]] = frozenset()
    amount_min: AmountBound | None = None
    amount_max: AmountBound | None = None
    date_field: DateField = "published"
    exclude: tuple[Filters, ...] = ()
    """Records matching any of these are left out ("fines outside Henan", "with no fine")."""
    excluded_terms: tuple[str, ...] = ()
    """Words whose records are left out ("not about crawlers"): matched on the record's text."""
    documents: tuple[DocumentKind, ...] = ()
    """Kinds of document asked for; a record must be one of each (as its text says)."""
    year_guessed: bool = False
    """The dates' year was not typed ("fines in June"): it is the most recent such period
    (for effective dates and comment deadlines, the coming one); see ``in_year``."""
    open_on: date | None = None
    """Drafts still open for comment on this day: a draft whose comment deadline is past
    is left out (one without a known deadline stays, and the answer says so)."""

    def still_open(self, dev: Development) -> bool:
        if self.open_on is None or dev.comment_deadline is None:
            return True
        return dev.comment_deadline >= self.open_on

    @property
    def is_empty(self) -> bool:
        return self == Filters()

    @property
    def has_dates(self) -> bool:
        return bool(self.date_from or self.date_to or self.months_of_year or self.days_of_year)

    @property
    def needs_penalty(self) -> bool:
        return (
            self.monetary_penalty
            or bool(self.penalty_kinds)
            or self.amount_min is not None
            or self.amount_max is not None
        )

    def matches(self, dev: Development, gazetteer: Gazetteer | None = None) -> bool:
        """True when ``dev`` satisfies every filter (the same rules the search index uses)."""
        gaz = gazetteer or default_gazetteer()
        if self.categories and dev.category not in self.categories:
            return False
        if self.statuses and dev.status not in self.statuses:
            return False
        if self.needs_penalty and not dev.penalties:
            return False
        if not self.penalty_amount_ok(dev):
            return False
        if self.regions and not set(self.regions) & set(gaz.region_with_ancestors(dev.regions)):
            return False
        if not self.date_ok(dev):
            return False
        if self.concepts:
            known = dev_concepts(dev, gaz)
            if not all(set(c.names) & known for c in self.concepts):
                return False
        if any(not kind.matches(dev) for kind in self.documents):
            return False
        if not self.still_open(dev):
            return False
        if any(other.matches(dev, gaz) for other in self.exclude):
            return False
        if self.excluded_terms:
            text = dev_text(dev).casefold()
            if any(term.casefold() in text for term in self.excluded_terms):
                return False
        return True

    def penalty_amount_ok(self, dev: Development) -> bool:
        """Whether one of ``dev``'s penalties has the kind and amount asked for."""
        if self.amount_min is None and self.amount_max is None and not self.penalty_kinds:
            return True
        return any(
            (not self.penalty_kinds or p.kind in self.penalty_kinds)
            and self.penalty_ok(p.amount, p.largest)
            for p in dev.penalties
        )

    def penalty_ok(self, low: Decimal, high: Decimal) -> bool:
        """Whether one penalty (a range ``low``..``high``, equal for a single amount) fits."""
        lo, hi = self.amount_min, self.amount_max
        if lo is not None and not (high >= lo.value if lo.inclusive else high > lo.value):
            return False
        return hi is None or (low <= hi.value if hi.inclusive else low < hi.value)

    def date_ok(self, dev: Development) -> bool:
        if self.date_field in ("effective", "comment"):
            if not self.has_dates:
                return True
            day = dev.effective_date if self.date_field == "effective" else dev.comment_deadline
            return day is not None and self.span_ok(day, day, day_known=True)
        if self.date_field == "content":
            return not self.has_dates or any(
                self.span_ok(start, end, day_known=start == end) and self.names_period(start, end)
                for start, end in content_spans(dev)
            )
        start, end = dev_date_span(dev)
        return self.span_ok(start, end, day_known=dev.date_precision == DatePrecision.DAY)

    def names_period(self, start: date, end: date) -> bool:
        """Whether a period the text names (``start``..``end``) is no longer than the period
        asked for: a text naming "2022" does not answer "March 2022"."""
        if self.date_from is None or self.date_to is None:
            return True
        return (end - start) <= (self.date_to - self.date_from)

    def span_ok(self, start: date, end: date, *, day_known: bool) -> bool:
        """Whether a period ``start``..``end`` meets the date filters."""
        if self.date_from is not None and end < self.date_from:
            return False
        if self.date_to is not None and start > self.date_to:
            return False
        if self.months_of_year and start.month not in self.months_of_year:
            return False
        if self.days_of_year:
            if not day_known:
                return False
            if (start.month, start.day) not in self.days_of_year:
                return False
        return True

    def in_year(self, year: int) -> Filters:
        """The same guessed period in ``year`` ("June 2026" -> "June 2022"), no longer a guess."""
        guessed = self.guessed_year
        if guessed is None:
            return self
        years = year - guessed
        return replace(
            self,
            date_from=_moved(self.date_from, years),
            date_to=_moved(self.date_to, years),
            year_guessed=False,
        )

    @property
    def guessed_year(self) -> int | None:
        known = self.date_from or self.date_to
        return known.year if self.year_guessed and known is not None else None

    def without(self, what: str) -> Filters:
        """A copy without one kind of filter (for "nothing matches; without X there are N")."""
        blank = Filters()
        if what == "dates":
            return replace(
                self,
                date_from=None,
                date_to=None,
                months_of_year=frozenset(),
                days_of_year=frozenset(),
                date_field="published",
                year_guessed=False,
            )
        if what == "exclude":
            return replace(self, exclude=(), excluded_terms=())
        if what == "amount":
            return replace(self, amount_min=None, amount_max=None)
        if what == "monetary_penalty":
            return replace(
                self,
                monetary_penalty=False,
                penalty_kinds=frozenset(),
                amount_min=None,
                amount_max=None,
            )
        return replace(self, **{what: getattr(blank, what)})

    def describe(self) -> tuple[Understood, ...]:
        """The filters as canonical (label, value) pairs, never the user's own words."""
        out: list[Understood] = []
        if self.monetary_penalty or self.needs_penalty:
            if self.penalty_kinds == PUNITIVE_KINDS:
                out.append(Understood("penalties", "fines (compensation left out)"))
            elif self.penalty_kinds:
                kinds = sorted(PENALTY_KIND_LABELS[k] for k in self.penalty_kinds)
                out.append(Understood("penalties", " or ".join(kinds)))
            else:
                out.append(Understood("penalties", "fines and other monetary penalties"))
        out.extend(
            Understood("category", CATEGORY_FILTER_LABELS[c]) for c in sorted(self.categories)
        )
        out.extend(Understood("status", STATUS_LABELS[s]) for s in sorted(self.statuses))
        if self.regions:
            out.append(Understood("region", " or ".join(self.regions)))
        out.extend(Understood(c.label, c.value) for c in self.concepts)
        out.extend(Understood("document type", d.name) for d in self.documents)
        when = describe_dates(self)
        if when:
            label = {
                "published": "date",
                "effective": "taking effect",
                "comment": "comments closing",
                "content": "referring to",
            }
            out.append(Understood(label[self.date_field], when))
        amount = describe_amounts(self)
        if amount:
            out.append(Understood("amount", amount))
        for other in self.exclude:
            parts = [
                u.value if u.label in _BARE else f"{u.label} {u.value}" for u in other.describe()
            ]
            out.append(Understood("excluding", " · ".join(parts)))
        out.extend(Understood("excluding", f"“{term}”") for term in self.excluded_terms)
        return tuple(out)


def _moved(day: date | None, years: int) -> date | None:
    """``day`` ``years`` later (or earlier); 29 February becomes the 28th in other years."""
    if day is None:
        return None
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def dev_date_span(dev: Development) -> tuple[date, date]:
    """The days a development may have happened on: its day, or its whole month."""
    if dev.date_precision == DatePrecision.MONTH:
        last = calendar.monthrange(dev.date.year, dev.date.month)[1]
        return dev.date.replace(day=1), dev.date.replace(day=last)
    return dev.date, dev.date


def describe_amounts(filters: Filters) -> str:
    lo, hi = filters.amount_min, filters.amount_max
    if lo is not None and hi is not None and lo.value == hi.value:
        return f"a penalty of {format_amount(lo.value)}"
    parts = []
    if lo is not None:
        parts.append(("at least " if lo.inclusive else "over ") + format_amount(lo.value))
    if hi is not None:
        parts.append(("at most " if hi.inclusive else "under ") + format_amount(hi.value))
    return " and ".join(parts)


def day_label(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def describe_dates(filters: Filters) -> str:
    parts = []
    start, end = filters.date_from, filters.date_to
    if start and end:
        if start == end:
            parts.append(day_label(start))
        elif start.day == 1 and end == month_end(start.year, start.month):
            parts.append(f"{start:%B %Y}")
        elif (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and (
            start.year == end.year
        ):
            parts.append(str(start.year))
        else:
            parts.append(f"from {day_label(start)} to {day_label(end)}")
    elif start:
        parts.append(f"since {day_label(start)}")
    elif end:
        parts.append(f"up to {day_label(end)}")
    if filters.months_of_year:
        names = [calendar.month_name[m] for m in sorted(filters.months_of_year)]
        parts.append(" or ".join(names) + " (any year)")
    if filters.days_of_year:
        days = [f"{d} {calendar.month_name[m]}" for m, d in sorted(filters.days_of_year)]
        parts.append(" or ".join(days) + " (any year)")
    return "; ".join(parts)
