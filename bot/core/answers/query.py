"""Reading what a user typed: filters and the free-text terms left over.

``parse_query("fines over 1m in hennan since 2022-05")`` understands a monetary-penalty
filter, an amount, a region (typo-tolerant) and a date; words it cannot turn into a filter
stay as free-text ``terms`` for the ranking in ``bot.core.answers.search``. English and Chinese.

How filters combine (documented for users in ``help`` and relied on by alerts):

- Different kinds of filter narrow each other (AND): ``fines henan 2022`` means a monetary
  penalty, in Henan, dated 2022.
- Several regions widen (OR): ``fines henan beijing`` means fines in Henan or in Beijing; a
  development sits in one place, so AND would always be empty. A region matches records in
  that region or anywhere inside it (Henan matches Yuzhou), via the gazetteer hierarchy.
  Regions are matched on the record's tagged regions only.
- Several categories or statuses widen (OR): ``courts enforcement``.
- Named things (authorities, laws, sectors, topics, entities) narrow (AND), each one being
  matched when the record is tagged with it *or* its title, summary or source headlines
  mention one of its names. A word that names two things at once ("apps": a sector and a
  topic) is one concept matched by either.
- A date without a year ("May 30", "in June") matches that day or month in any year; with
  a preposition ("since May") it means the most recent such month up to today.

This module has no Slack imports and no I/O.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal

from bot.core.answers.answer import Understood
from bot.core.knowledge.gazetteer import Gazetteer, Kind, default_gazetteer, normalise
from bot.core.knowledge.model import Category, DatePrecision, Development, PenaltyKind, Status
from bot.core.labels import (
    CATEGORY_FILTER_LABELS,
    PENALTY_KIND_LABELS,
    STATUS_LABELS,
    format_amount,
)
from bot.core.lexicon import currencies
from bot.core.lexicon.months import month_alternation, month_end, month_number
from bot.core.lexicon.numbers import CJK_SCALES, DIGITS, LATIN_SCALES, scale_alternation, scale_of

ConceptKind = Literal["authorities", "laws", "sectors", "topics", "entities"]
CONCEPT_KINDS: tuple[ConceptKind, ...] = ("authorities", "laws", "sectors", "topics", "entities")
_SINGULAR: dict[str, str] = {
    "authorities": "authority",
    "laws": "law",
    "sectors": "sector",
    "topics": "topic",
    "entities": "entity",
    "regions": "region",
}

MAX_AMOUNT = Decimal(10) ** 15
"""Amounts above this (a quadrillion) are refused as impossible input."""

PUNITIVE_KINDS = frozenset(
    {PenaltyKind.FINE, PenaltyKind.CRIMINAL_FINE, PenaltyKind.CONFISCATION, PenaltyKind.OTHER}
)
"""Penalties that punish; a court's order to compensate a person is not a fine."""

# --- filters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    """A named thing the user asked about; ``names`` are alternatives (any one matches)."""

    names: tuple[tuple[ConceptKind, str], ...]

    @property
    def label(self) -> str:
        return _SINGULAR[self.names[0][0]]

    @property
    def value(self) -> str:
        return self.names[0][1]


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

    @property
    def is_empty(self) -> bool:
        return self == Filters()

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
        start, end = dev_date_span(dev)
        if self.date_from is not None and end < self.date_from:
            return False
        if self.date_to is not None and start > self.date_to:
            return False
        if self.months_of_year and dev.date.month not in self.months_of_year:
            return False
        if self.days_of_year:
            if dev.date_precision != DatePrecision.DAY:
                return False
            if (dev.date.month, dev.date.day) not in self.days_of_year:
                return False
        return True

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
            )
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
            if self.penalty_kinds:
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
        when = describe_dates(self)
        if when:
            out.append(Understood("date", when))
        amount = describe_amounts(self)
        if amount:
            out.append(Understood("amount", amount))
        return tuple(out)


def dev_date_span(dev: Development) -> tuple[date, date]:
    """The days a development may have happened on: its day, or its whole month."""
    if dev.date_precision == DatePrecision.MONTH:
        last = calendar.monthrange(dev.date.year, dev.date.month)[1]
        return dev.date.replace(day=1), dev.date.replace(day=last)
    return dev.date, dev.date


def dev_text(dev: Development) -> str:
    """The prose of a record that concept mentions are looked for in."""
    return " \n ".join([dev.title, dev.summary, *(s.headline for s in dev.sources)])


def dev_concepts(dev: Development, gazetteer: Gazetteer) -> frozenset[tuple[ConceptKind, str]]:
    """Every named thing a development is tagged with or mentions, as (kind, canonical)."""
    tagged: dict[ConceptKind, tuple[str, ...]] = {
        "authorities": dev.authorities,
        "laws": dev.legal_basis,
        "sectors": dev.sectors,
        "topics": dev.topics,
        "entities": dev.entities,
    }
    found = set(mentions(dev_text(dev), gazetteer))
    for kind in CONCEPT_KINDS:
        for name in tagged[kind]:
            found.add((kind, gazetteer.canonical(kind, name) or name))
    return frozenset(found)


@dataclass
class _MentionFinder:
    """Word-level alias lookup, longest alias first at each word, each kind on its own (fast
    enough to scan every record of a large store; the gazetteer's regexes are not)."""

    by_first: dict[str, list[tuple[ConceptKind, tuple[str, ...], str]]]
    cjk: list[tuple[str, ConceptKind, str]]


_FINDERS: dict[int, tuple[Gazetteer, _MentionFinder]] = {}
_ALNUM = re.compile(r"[a-z0-9]+")


def _mention_finder(gaz: Gazetteer) -> _MentionFinder:
    cached = _FINDERS.get(id(gaz))
    if cached is not None and cached[0] is gaz:
        return cached[1]
    by_first: dict[str, list[tuple[ConceptKind, tuple[str, ...], str]]] = {}
    cjk: list[tuple[str, ConceptKind, str]] = []
    for kind in CONCEPT_KINDS:
        for entry in getattr(gaz.data, kind):
            for alias in (entry.name, *entry.aliases):
                folded = normalise(alias).casefold()
                if _CJK.search(folded):
                    cjk.append((folded, kind, entry.name))
                    continue
                words = tuple(_ALNUM.findall(folded))
                if words:
                    by_first.setdefault(words[0], []).append((kind, words, entry.name))
    for options in by_first.values():
        options.sort(key=lambda item: len(item[1]), reverse=True)
    finder = _MentionFinder(by_first, cjk)
    _FINDERS[id(gaz)] = (gaz, finder)
    return finder


def mentions(text: str, gazetteer: Gazetteer) -> set[tuple[ConceptKind, str]]:
    """Named things (authorities, laws, sectors, topics, entities) ``text`` mentions."""
    finder = _mention_finder(gazetteer)
    folded = normalise(text).casefold()
    words = _ALNUM.findall(folded)
    found: set[tuple[ConceptKind, str]] = set()
    busy_until: dict[str, int] = {}  # per kind: a longer alias covers words up to here
    for i, word in enumerate(words):
        options = finder.by_first.get(word)
        if not options:
            continue
        for kind, phrase, name in options:
            if busy_until.get(kind, 0) > i:
                continue
            if len(phrase) == 1 or tuple(words[i : i + len(phrase)]) == phrase:
                found.add((kind, name))
                busy_until[kind] = i + len(phrase)
    if _CJK.search(folded):
        for cjk_alias, cjk_kind, cjk_name in finder.cjk:
            if cjk_alias in folded:
                found.add((cjk_kind, cjk_name))
    return found


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


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def describe_dates(filters: Filters) -> str:
    parts = []
    start, end = filters.date_from, filters.date_to
    if start and end:
        if start == end:
            parts.append(_day(start))
        elif start.day == 1 and end == month_end(start.year, start.month):
            parts.append(f"{start:%B %Y}")
        elif (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and (
            start.year == end.year
        ):
            parts.append(str(start.year))
        else:
            parts.append(f"from {_day(start)} to {_day(end)}")
    elif start:
        parts.append(f"since {_day(start)}")
    elif end:
        parts.append(f"up to {_day(end)}")
    if filters.months_of_year:
        names = [calendar.month_name[m] for m in sorted(filters.months_of_year)]
        parts.append(" or ".join(names) + " (any year)")
    if filters.days_of_year:
        days = [f"{d} {calendar.month_name[m]}" for m, d in sorted(filters.days_of_year)]
        parts.append(" or ".join(days) + " (any year)")
    return "; ".join(parts)


# --- the parsed query -----------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    filters: Filters = field(default_factory=Filters)
    terms: tuple[str, ...] = ()
    understood: tuple[Understood, ...] = ()
    not_understood: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    largest_first: bool = False

    @property
    def is_empty(self) -> bool:
        return self.filters.is_empty and not self.terms


class QueryError(ValueError):
    """Input that cannot mean anything (``2022-13``); the message is safe to show."""


# --- vocabulary -------------------------------------------------------------------------

_PENALTY = "penalty"
_ORDER_AMOUNT = "largest"
_Action = Category | Status | PenaltyKind | str

_KEYWORDS: dict[str, _Action] = {
    # monetary penalties
    "fine": _PENALTY,
    "fines": _PENALTY,
    "fined": _PENALTY,
    "penalty": _PENALTY,
    "penalties": _PENALTY,
    "monetary penalty": _PENALTY,
    "monetary penalties": _PENALTY,
    "penalised": _PENALTY,
    "penalized": _PENALTY,
    "罚款": _PENALTY,
    "处罚": _PENALTY,
    "罚金": _PENALTY,
    "被罚": _PENALTY,
    "罚": _PENALTY,
    "compensation": PenaltyKind.COMPENSATION,
    "damages": PenaltyKind.COMPENSATION,
    "赔偿": PenaltyKind.COMPENSATION,
    "confiscation": PenaltyKind.CONFISCATION,
    "confiscated": PenaltyKind.CONFISCATION,
    "没收": PenaltyKind.CONFISCATION,
    # categories
    "enforcement": Category.ENFORCEMENT,
    "enforcement cases": Category.ENFORCEMENT,
    "enforcement actions": Category.ENFORCEMENT,
    "执法": Category.ENFORCEMENT,
    "监管执法": Category.ENFORCEMENT,
    "laws": Category.REGULATION,
    "regulation": Category.REGULATION,
    "regulations": Category.REGULATION,
    "legislation": Category.REGULATION,
    "法规": Category.REGULATION,
    "法律": Category.REGULATION,
    "立法": Category.REGULATION,
    "court": Category.COURT,
    "courts": Category.COURT,
    "cases": Category.COURT,
    "court cases": Category.COURT,
    "litigation": Category.COURT,
    "lawsuit": Category.COURT,
    "lawsuits": Category.COURT,
    "judgment": Category.COURT,
    "judgement": Category.COURT,
    "judgments": Category.COURT,
    "judgements": Category.COURT,
    "ruling": Category.COURT,
    "rulings": Category.COURT,
    "verdict": Category.COURT,
    "sentenced": Category.COURT,
    "法院": Category.COURT,
    "判决": Category.COURT,
    "诉讼": Category.COURT,
    "案例": Category.COURT,
    "industry news": Category.INDUSTRY,
    "industry developments": Category.INDUSTRY,
    "industry events": Category.INDUSTRY,
    "行业": Category.INDUSTRY,
    "产业": Category.INDUSTRY,
    # statuses
    "draft": Status.DRAFT,
    "drafts": Status.DRAFT,
    "for comment": Status.DRAFT,
    "for comments": Status.DRAFT,
    "for public comment": Status.DRAFT,
    "for public comments": Status.DRAFT,
    "public consultation": Status.DRAFT,
    "consultation": Status.DRAFT,
    "草案": Status.DRAFT,
    "征求意见": Status.DRAFT,
    "征求意见稿": Status.DRAFT,
    # ordering
    "largest": _ORDER_AMOUNT,
    "biggest": _ORDER_AMOUNT,
    "highest": _ORDER_AMOUNT,
    "最大": _ORDER_AMOUNT,
}
# "industry" alone is a category only when it is the whole query (or starts it); elsewhere
# it is an ordinary word ("insurance industry data").
_INDUSTRY_WORD = "industry"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = _words(
    """a about actually after again against all also am an and any anything are around as
    ask at be been being bot but by can case could did do does doing done during each ever
    for from get give go got had happen happened happening has have hello hey hi how i if in
    into is it its just know let like list look looking lot made make many march may me
    might more most much must my new news no not now of on one or our out over please
    recent recently regarding related say said says search see show should so some
    something tell than thank thanks that the their them then there these they thing
    things this those to too tell up us was we were what whats when where which while who
    whom whose why will with would you your china chinese prc developments latest
    update updates info"""
)
_CJK_STOP = re.compile(
    r"[的了在和与及或有吗呢是被对中把给从向我们你他她它哪些个什么多少怎么样最新关于请查找看一下相关方面情况]+"
)

_MONTH_RE = month_alternation() + r"\.?"
_PREP_RE = (
    r"(?:(?P<prep>since|after|from|starting|between|before|until|till|through|up\s+to|"
    r"prior\s+to|in|on|during|and|to|by)\s+)?"
)
_SUFFIX_RE = r"(?P<suf>\s*(?:以来|之后|以后|之前|以前|起))?"
_CJK = re.compile(r"[\u3400-\u9fff]")
_SLACK_MARKUP = re.compile(r"<[@#!][^<>\s]*>|<(?:https?|mailto):[^<>\s]*>")


# --- date expressions -------------------------------------------------------------------

_YEAR = r"(?P<y>(?:19|20)\d\d)"


def _date_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Date expressions, most specific first; each may carry a preposition or suffix."""
    specs = [
        ("ymd", rf"{_YEAR}[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?![\d])"),
        ("ym", rf"{_YEAR}[-/.](?P<m>\d{{1,2}})(?![\d./-])"),
        ("ymd", rf"{_YEAR}\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]?"),
        ("ym", rf"{_YEAR}\s*年\s*(?P<m>\d{{1,2}})\s*月(?:份)?"),
        ("md", r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),
        ("m", r"(?P<m>\d{1,2})\s*月(?:份)?"),
        ("y", rf"{_YEAR}\s*年(?:度)?"),
        (
            "ymd",
            rf"(?P<mn>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}(?![\d])",
        ),
        (
            "ymd",
            rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn>{_MONTH_RE}),?\s+{_YEAR}"
            r"(?![\d])",
        ),
        ("ym", rf"(?P<mn>{_MONTH_RE}),?\s+(?:of\s+)?{_YEAR}(?![\d])"),
        ("ym", rf"{_YEAR}\s+(?P<mn>{_MONTH_RE})(?![a-z])"),
        ("md", rf"(?P<mn>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d,.]*\d)"),
        ("md", rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn>{_MONTH_RE})(?![a-z])"),
        ("rel", r"(?P<rel>(?:last|this|past|previous|current)\s+(?:week|month|year))"),
        (
            "reln",
            r"(?:last|past|previous)\s+(?P<n>\d{1,3})\s+(?P<unit>days?|weeks?|months?|years?)",
        ),
        ("rel", r"(?P<rel>today|yesterday|上个月|上月|本月|这个月|今年|去年|本周|上周|今天|昨天)"),
        ("y", rf"(?<![\d,.]){_YEAR}(?![\d,.]*\d)"),
        ("mname", rf"(?P<mn>{_MONTH_RE})(?![a-z])"),
    ]
    return [
        (kind, re.compile(rf"(?<![\w]){_PREP_RE}{body}{_SUFFIX_RE}", re.IGNORECASE))
        for kind, body in specs
    ]


_DATE_PATTERNS = _date_patterns()


@dataclass
class _DateState:
    date_from: date | None = None
    date_to: date | None = None
    months: set[int] = field(default_factory=set)
    days: set[tuple[int, int]] = field(default_factory=set)
    pending_range: bool = False


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _relative_span(word: str, today: date) -> tuple[date, date]:
    word = re.sub(r"\s+", " ", word.lower())
    if word in {"last month", "previous month", "past month", "上个月", "上月"}:
        y, m = _shift_month(today.year, today.month, -1)
        return date(y, m, 1), month_end(y, m)
    if word in {"this month", "current month", "本月", "这个月"}:
        return today.replace(day=1), today
    if word in {"last year", "previous year", "去年"}:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if word in {"this year", "current year", "今年"}:
        return date(today.year, 1, 1), today
    if word in {"past year"}:
        return today - timedelta(days=365), today
    if word in {"last week", "past week", "previous week", "上周"}:
        return today - timedelta(days=7), today
    if word in {"this week", "current week", "本周"}:
        return today - timedelta(days=today.weekday()), today
    if word in {"yesterday", "昨天"}:
        return today - timedelta(days=1), today - timedelta(days=1)
    return today, today  # today / 今天


def _safe_date(year: int, month: int, day: int, shown: str) -> date:
    if not 1 <= month <= 12:
        raise QueryError(f"{shown} is not a date: months run from 1 to 12.")
    try:
        return date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1]
        raise QueryError(
            f"{shown} is not a date: {calendar.month_name[month]} {year} has {last} days."
        ) from None


def _recent(month: int, day: int | None, today: date) -> date:
    """The most recent ``month`` (and ``day``) on or before ``today``."""
    year = today.year
    candidate = (month, day or 1)
    if candidate > (today.month, today.day):
        year -= 1
    return date(year, month, 1)


def _apply_date(match: re.Match[str], kind: str, state: _DateState, today: date) -> str:
    """Fold one date expression into ``state``; return its canonical description."""
    groups = match.groupdict()
    shown = match.group(0).strip()
    prep = re.sub(r"\s+", " ", (groups.get("prep") or "").lower())
    suffix = (groups.get("suf") or "").strip()
    any_year: tuple[str, int, int | None] | None = None
    start: date
    end: date
    if kind in {"ymd", "ym", "y"}:
        year = int(groups["y"])
        if kind == "y":
            start, end = date(year, 1, 1), date(year, 12, 31)
        else:
            month = month_number(groups["mn"]) if groups.get("mn") else int(groups["m"])
            if kind == "ym":
                start = _safe_date(year, month, 1, shown)
                end = month_end(year, month)
            else:
                start = end = _safe_date(year, month, int(groups["d"]), shown)
    elif kind in {"md", "m", "mname"}:
        month = month_number(groups["mn"]) if groups.get("mn") else int(groups["m"])
        day = int(groups["d"]) if groups.get("d") else None
        if not 1 <= month <= 12:
            raise QueryError(f"{shown} is not a date: months run from 1 to 12.")
        if day is not None:
            _safe_date(2000, month, day, shown)  # 2000 is a leap year: 29 Feb is allowed
        if prep in {"", "in", "on", "during"} and not suffix:
            any_year = ("day" if day else "month", month, day)
            start = end = today  # unused
        else:
            base = _recent(month, day, today)
            if day is not None:
                start = end = _safe_date(base.year, month, day, shown)
            else:
                start, end = base, month_end(base.year, month)
    elif kind == "reln":
        n = int(groups["n"])
        unit = groups["unit"].lower().rstrip("s")
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        start, end = today - timedelta(days=days), today
    else:
        start, end = _relative_span(groups["rel"], today)

    if any_year is not None:
        what, month, day = any_year
        if what == "day" and day is not None:
            state.days.add((month, day))
            return f"{day} {calendar.month_name[month]} (any year)"
        state.months.add(month)
        return f"{calendar.month_name[month]} (any year)"

    if suffix in {"以来", "之后", "以后", "起"}:
        prep = "since" if suffix != "之后" and suffix != "以后" else "after"
    elif suffix in {"之前", "以前"}:
        prep = "before"
    if prep in {"and", "to"} and state.pending_range:
        prep = "until"
    state.pending_range = prep in {"from", "between"}
    if prep in {"since", "from", "starting", "between"}:
        state.date_from = max(filter(None, (state.date_from, start)))
        return f"since {_day(start)}"
    if prep == "after":
        after = end + timedelta(days=1)
        state.date_from = max(filter(None, (state.date_from, after)))
        return f"after {_day(end)}"
    if prep in {"before", "prior to"}:
        before = start - timedelta(days=1)
        state.date_to = min(filter(None, (state.date_to, before)))
        return f"before {_day(start)}"
    if prep in {"until", "till", "through", "up to", "by"}:
        state.date_to = min(filter(None, (state.date_to, end)))
        return f"up to {_day(end)}"
    state.date_from = max(filter(None, (state.date_from, start)))
    state.date_to = min(filter(None, (state.date_to, end)))
    return ""


# --- amounts ----------------------------------------------------------------------------

_NUMBER = rf"(?P<num>{DIGITS})"
_UNIT = rf"(?:\s*(?P<unit>{scale_alternation(LATIN_SCALES + CJK_SCALES)})(?![a-z]))?"
_CURRENCY = currencies.alternation(currencies.aliases("CNY"))
_CMP_BEFORE = (
    r"(?P<cmp>more\s+than|greater\s+than|larger\s+than|bigger\s+than|higher\s+than|"
    r"over|above|exceeding|exceeds|at\s+least|no\s+less\s+than|not\s+less\s+than|"
    r"less\s+than|smaller\s+than|lower\s+than|under|below|at\s+most|no\s+more\s+than|"
    r"not\s+more\s+than|>=|=>|<=|=<|>|<|≥|≤|超过|高于|大于|多于|不少于|不低于|至少|"
    r"低于|少于|小于|不超过|不高于|至多)"
)
_AMOUNT_BEFORE = re.compile(
    rf"{_CMP_BEFORE}\s*(?:{_CURRENCY}\s*)?{_NUMBER}{_UNIT}(?:\s*{_CURRENCY})?", re.IGNORECASE
)
_NEGATIVE_AMOUNT = re.compile(
    rf"{_CMP_BEFORE}\s*(?:{_CURRENCY}\s*)?[-−–]\s*\d[\d,.]*{_UNIT}", re.IGNORECASE
)
_AMOUNT_AFTER = re.compile(
    rf"(?:{_CURRENCY}\s*)?{_NUMBER}{_UNIT}(?:\s*{_CURRENCY})?\s*(?P<cmp>以上|以下|或以上|或以下|"
    r"or\s+more|or\s+above|or\s+less|and\s+above|and\s+up|plus|\+)",
    re.IGNORECASE,
)
_AMOUNT_EXACT = re.compile(
    rf"(?:(?P<cur1>{_CURRENCY})\s*{_NUMBER}{_UNIT}|{_NUMBER.replace('num', 'num2')}"
    rf"{_UNIT.replace('unit', 'unit2')}\s*(?P<cur2>{_CURRENCY}))",
    re.IGNORECASE,
)
_LOWER_BOUNDS = {
    "more than",
    "greater than",
    "larger than",
    "bigger than",
    "higher than",
    "over",
    "above",
    "exceeding",
    "exceeds",
    ">",
    "超过",
    "高于",
    "大于",
    "多于",
}
_INCLUSIVE_LOWER = {
    "at least",
    "no less than",
    "not less than",
    ">=",
    "=>",
    "≥",
    "不少于",
    "不低于",
    "至少",
    "以上",
    "或以上",
    "or more",
    "or above",
    "and above",
    "and up",
    "plus",
    "+",
}
_INCLUSIVE_UPPER = {
    "at most",
    "no more than",
    "not more than",
    "<=",
    "=<",
    "≤",
    "不超过",
    "不高于",
    "至多",
    "以下",
    "或以下",
    "or less",
}


def _amount_value(number: str, unit: str | None, shown: str) -> Decimal:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        raise QueryError(f"{shown} is not an amount I can read.") from None
    if unit:
        value *= scale_of(unit)
    if value > MAX_AMOUNT:
        raise QueryError(
            f"{shown} is beyond any penalty on record; amounts above "
            f"{format_amount(MAX_AMOUNT)} are not accepted."
        )
    return value


# --- recognising names ------------------------------------------------------------------

_Target = tuple[str, str]  # (kind, canonical) where kind is a gazetteer Kind or "keyword"


@dataclass
class _PhraseTable:
    regex: re.Pattern[str] | None
    targets: dict[str, list[_Target]]  # folded phrase -> what it names
    latin_single: dict[str, list[_Target]]  # folded one-word Latin names, for typos
    latin_multi: dict[str, list[_Target]]  # folded multi-word Latin names, for typos


_TABLES: dict[int, tuple[Gazetteer, _PhraseTable]] = {}


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", normalise(text)).strip().casefold()


def _phrase_table(gaz: Gazetteer) -> _PhraseTable:
    cached = _TABLES.get(id(gaz))
    if cached is not None and cached[0] is gaz:
        return cached[1]
    targets: dict[str, list[_Target]] = {}
    kinds: tuple[Kind, ...] = ("regions", *CONCEPT_KINDS)
    for kind in kinds:
        for entry in getattr(gaz.data, kind):
            for alias in (entry.name, *entry.aliases):
                key = _fold(alias)
                if len(key) < 2 and not _CJK.search(key):
                    continue
                bucket = targets.setdefault(key, [])
                if (kind, entry.name) not in bucket:
                    bucket.append((kind, entry.name))
    for word in _KEYWORDS:
        targets[_fold(word)] = [("keyword", word)]  # a filter word beats a name
    patterns = []
    for key in sorted(targets, key=len, reverse=True):
        escaped = re.escape(key).replace(r"\ ", r"\s+")
        patterns.append(escaped if _CJK.search(key) else rf"(?<![\w]){escaped}(?![\w])")
    regex = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None
    latin = {k: v for k, v in targets.items() if not _CJK.search(k) and v[0][0] != "keyword"}
    single = {k: v for k, v in latin.items() if " " not in k and len(k) >= 5}
    multi = {k: v for k, v in latin.items() if " " in k}
    table = _PhraseTable(regex, targets, single, multi)
    _TABLES[id(gaz)] = (gaz, table)
    return table


# --- the parser -------------------------------------------------------------------------


_BLANK = "\x00"
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z]|\d{1,3}(?:,\d{3})+|\d+")


def _is_filter_word(word: str) -> bool:
    lower = word.lower()
    return lower in STOP_WORDS or lower in _KEYWORDS or lower == _INDUSTRY_WORD


_PENALTY_WORD = re.compile(r"fine|penal|罚", re.IGNORECASE)


@dataclass
class _Builder:
    """Consumes what it understands from ``work`` (blanking it), step by step."""

    text: str
    today: date
    gaz: Gazetteer
    work: str = ""
    categories: set[Category] = field(default_factory=set)
    statuses: set[Status] = field(default_factory=set)
    penalty: bool = False
    penalty_kinds: set[PenaltyKind] = field(default_factory=set)
    largest_first: bool = False
    regions: list[str] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    dates: _DateState = field(default_factory=_DateState)
    amount_min: AmountBound | None = None
    amount_max: AmountBound | None = None
    terms: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    about_money: bool = False

    def blank(self, start: int, end: int) -> None:
        self.work = self.work[:start] + _BLANK * (end - start) + self.work[end:]

    def take_amounts(self) -> None:
        about_money = self.about_money or bool(_PENALTY_WORD.search(self.work))
        for negative in list(_NEGATIVE_AMOUNT.finditer(self.work)):
            if about_money or re.search(_CURRENCY, negative.group(0), re.IGNORECASE):
                shown = negative.group(0).strip()
                self.errors.append(f"{shown} is not an amount: penalties are never negative.")
                self.blank(*negative.span())
        for regex in (_AMOUNT_BEFORE, _AMOUNT_AFTER):
            for match in list(regex.finditer(self.work)):
                has_unit = bool(match.group("unit")) or bool(
                    re.search(_CURRENCY, match.group(0), re.IGNORECASE)
                )
                cmp = re.sub(r"\s+", " ", match.group("cmp").lower())
                symbolic = not re.match(r"[a-z]", cmp)
                if not (has_unit or about_money or symbolic):
                    continue  # "over 30 apps" is not an amount of money
                shown = match.group(0).strip()
                self.blank(*match.span())
                try:
                    value = _amount_value(match.group("num"), match.group("unit"), shown)
                except QueryError as exc:
                    self.errors.append(str(exc))
                    continue
                if cmp in _LOWER_BOUNDS or cmp in _INCLUSIVE_LOWER:
                    self._bound_min(AmountBound(value, cmp in _INCLUSIVE_LOWER))
                else:
                    self._bound_max(AmountBound(value, cmp in _INCLUSIVE_UPPER))
        for match in list(_AMOUNT_EXACT.finditer(self.work)):
            number = match.group("num") or match.group("num2")
            unit = match.group("unit") or match.group("unit2")
            self.blank(*match.span())
            try:
                value = _amount_value(number, unit, match.group(0).strip())
            except QueryError as exc:
                self.errors.append(str(exc))
                continue
            self._bound_min(AmountBound(value, True))
            self._bound_max(AmountBound(value, True))

    def _bound_min(self, bound: AmountBound) -> None:
        current = self.amount_min
        if current is None or bound.value > current.value:
            self.amount_min = bound

    def _bound_max(self, bound: AmountBound) -> None:
        current = self.amount_max
        if current is None or bound.value < current.value:
            self.amount_max = bound

    def take_dates(self) -> None:
        found: list[tuple[int, str, re.Match[str]]] = []
        for kind, regex in _DATE_PATTERNS:
            for match in list(regex.finditer(self.work)):
                if kind == "mname" and not self._month_name_is_date(match):
                    continue
                found.append((match.start(), kind, match))
                self.blank(*match.span())
        for _start, kind, match in sorted(found, key=lambda item: item[0]):
            try:
                _apply_date(match, kind, self.dates, self.today)
            except QueryError as exc:  # said plainly; the rest of the question still reads
                self.errors.append(str(exc))

    @staticmethod
    def _month_name_is_date(match: re.Match[str]) -> bool:
        word = match.group("mn").lower().rstrip(".")
        ambiguous = word in {"may", "march", "mar", "jan", "jun", "dec", "sep", "oct", "nov"}
        return bool(match.group("prep")) or not ambiguous

    def take_phrases(self) -> None:
        table = _phrase_table(self.gaz)
        if table.regex is None:
            return
        for match in list(table.regex.finditer(self.work)):
            targets = table.targets.get(_fold(match.group(0)))
            if not targets:
                continue
            if targets[0][0] == "keyword":
                self._keyword(targets[0][1])
            else:
                self._name(targets)
            self.blank(*match.span())

    def _keyword(self, word: str) -> None:
        action = _KEYWORDS[word]
        if isinstance(action, Category):
            self.categories.add(action)
        elif isinstance(action, Status):
            self.statuses.add(action)
        elif isinstance(action, PenaltyKind):
            self.penalty_kinds.add(action)
        elif action == _PENALTY:
            self.penalty = True
        elif action == _ORDER_AMOUNT:
            self.largest_first = True

    def _name(self, targets: list[_Target]) -> None:
        regions = [name for kind, name in targets if kind == "regions"]
        if regions:
            for name in regions:
                if name not in self.regions:
                    self.regions.append(name)
            return
        names: list[tuple[ConceptKind, str]] = []
        for kind, name in targets:
            for concept_kind in CONCEPT_KINDS:
                if kind == concept_kind:
                    names.append((concept_kind, name))
        concept = Concept(tuple(names))
        if names and concept not in self.concepts:
            self.concepts.append(concept)

    def take_industry(self) -> None:
        match = re.match(r"\s*(industry)\b", self.work, re.IGNORECASE)
        if match and re.match(r"\s*industry\b", clean_text(self.text), re.IGNORECASE):
            self.categories.add(Category.INDUSTRY)
            self.blank(*match.span(1))

    def take_misspelt_names(self) -> None:
        """Multi-word names with a typo ("shaoxin bank"), before single words are taken."""
        table = _phrase_table(self.gaz)
        tokens = list(_WORD.finditer(self.work))
        used: set[int] = set()
        for size in (3, 2):
            for i in range(len(tokens) - size + 1):
                window = range(i, i + size)
                words = [tokens[j].group(0) for j in window]
                if used & set(window) or any(_is_filter_word(w) for w in words):
                    continue
                if _BLANK in self.work[tokens[i].end() : tokens[i + size - 1].start()]:
                    continue
                phrase = _fold(" ".join(words))
                if phrase in table.targets:
                    continue  # spelt right: the exact pass takes it
                best = _closest(phrase, table.latin_multi, 88)
                if best and _word_by_word(phrase, best):
                    self._name(table.latin_multi[best])
                    used.update(window)
                    self.blank(tokens[i].start(), tokens[i + size - 1].end())

    def take_words(self) -> None:
        table = _phrase_table(self.gaz)
        tokens = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(self.work)]
        for word, _start, _end in tokens:
            lower = word.lower().strip(".'’-")
            if not lower or lower in STOP_WORDS:
                continue
            region = None
            if not lower.isdigit() and len(lower) >= 4:
                region = self.gaz.fuzzy_region(lower)
            if region:
                if region not in self.regions:
                    self.regions.append(region)
                continue
            best = _closest(lower, table.latin_single, 86) if len(lower) >= 5 else None
            if best:
                self._name(table.latin_single[best])
                continue
            near = self.gaz.fuzzy_region(lower, cutoff=75.0) if len(lower) >= 4 else None
            if near and near[0].lower() == lower[0]:  # typos rarely change the first letter
                self.suggestions.append(f"Did you mean {near}?")
            self.terms.append(re.sub(r"[’']s$", "", lower).replace(",", ""))

    def take_leftovers(self) -> None:
        for run in re.findall(r"[\u3400-\u9fff]+", self.work):
            rest = _CJK_STOP.sub("", run)
            if rest:
                self.not_understood.append(rest)
        for token in re.findall(r"[^\sA-Za-z0-9\u3400-\u9fff\x00]+", self.work):
            cleaned = token.strip("?!.,;:()[]{}\"'“”‘’/\\-_*&|`~=+#%^$@")
            if cleaned and any(ch.isalnum() or ord(ch) > 0x2000 for ch in cleaned):
                self.not_understood.append(cleaned)

    def build(self) -> ParsedQuery:
        state = self.dates
        if state.date_from and state.date_to and state.date_from > state.date_to:
            self.errors.append("No date can fall in all of the periods you gave.")
        lo, hi = self.amount_min, self.amount_max
        if (
            lo is not None
            and hi is not None
            and (lo.value > hi.value or (lo.value == hi.value and not lo.inclusive))
        ):
            self.errors.append("No amount can be both above and below the figures you gave.")
        filters = Filters(
            categories=frozenset(self.categories),
            statuses=frozenset(self.statuses),
            monetary_penalty=self.penalty or lo is not None or hi is not None,
            penalty_kinds=frozenset(self.penalty_kinds),
            regions=tuple(self.regions),
            concepts=tuple(self.concepts),
            date_from=state.date_from,
            date_to=state.date_to,
            months_of_year=frozenset(state.months),
            days_of_year=frozenset(state.days),
            amount_min=lo,
            amount_max=hi,
        )
        understood = list(filters.describe())
        if self.largest_first:
            understood.append(Understood("order", "largest penalty first"))
        return ParsedQuery(
            text=self.text,
            filters=filters,
            terms=tuple(dict.fromkeys(self.terms)),
            understood=tuple(understood),
            not_understood=tuple(dict.fromkeys(self.not_understood)),
            suggestions=tuple(dict.fromkeys(self.suggestions)),
            errors=tuple(self.errors),
            largest_first=self.largest_first,
        )


def _closest(text: str, choices: dict[str, list[_Target]], cutoff: float) -> str | None:
    from rapidfuzz import fuzz, process

    if not choices:
        return None
    best = process.extractOne(text, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return best[0] if best else None


def _word_by_word(phrase: str, name: str, cutoff: float = 75.0) -> bool:
    """Each typed word resembles the name's word in the same place ("shaoxin bank" is
    Shaoxing Bank; "cybersecurity plan" is not the Cybersecurity Law)."""
    from rapidfuzz import fuzz

    typed, named = phrase.split(), name.split()
    return len(typed) == len(named) and all(
        fuzz.ratio(a, b) >= cutoff for a, b in zip(typed, named, strict=True)
    )


def clean_text(text: str) -> str:
    """Remove Slack markup (mentions, channel links, ``<!channel>``) and fold spacing."""
    return normalise(_SLACK_MARKUP.sub(" ", text)).strip()


def parse_query(
    text: str,
    gazetteer: Gazetteer | None = None,
    *,
    today: date | None = None,
    about_money: bool = False,
) -> ParsedQuery:
    """Understand ``text``: filters, free-text terms, what was not understood, suggestions.

    ``about_money``: the question is about penalties even without a penalty word in it
    (the ``fines`` subcommand), so ``over 500k`` is an amount.

    Never raises on any string; impossible input (``2022-13``, an amount above a
    quadrillion, a negative amount) is reported in ``errors``."""
    gaz = gazetteer or default_gazetteer()
    builder = _Builder(text=text, today=today or date.today(), gaz=gaz, about_money=about_money)
    builder.work = clean_text(text)
    try:
        builder.take_amounts()
        builder.take_dates()
    except QueryError as exc:
        return ParsedQuery(text=text, errors=(str(exc),))
    builder.take_misspelt_names()
    builder.take_phrases()
    builder.take_industry()
    builder.take_words()
    builder.take_leftovers()
    return builder.build()
