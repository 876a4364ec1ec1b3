"""A store snapshot's search index: inverted indexes for every filter, postings for each
field's words, term matching (typo-tolerant) against its vocabulary. Documents are named by
keys that sort like positions: a built index's are positions (0 the newest); an updated one
(``incremental``) gives an inserted document a number between its neighbours' keys.
``order`` lists them, ``doc`` and ``penalty_of`` read by key."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rapidfuzz import fuzz, process

from bot.core.answers.search.passes import ConceptPass, TextPass, index_all
from bot.core.answers.search.words import stem
from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.model import Category, DatePrecision, Development, PenaltyKind, Status
from bot.core.knowledge.store import Store
from bot.core.lexicon.months import month_name
from bot.core.query import (
    Concept,
    ConceptKind,
    Filters,
    dev_date_span,
)
from bot.core.query.vocabulary import SYNONYMS

FACETS = ("filters", "concepts", "text")
"""The passes over the documents that build an index, one per facet (``build_facet``)."""

SYNONYM_SIMILARITY = 0.9


@dataclass
class TermMatch:
    stems: tuple[tuple[str, float], ...]  # (stem, similarity 0..1)
    unit: float  # how much the term weighs in the coverage


@dataclass
class SearchIndex:
    """Everything a query needs about one store snapshot."""

    store: Store
    gazetteer: Gazetteer
    docs: tuple[Development, ...] = ()
    postings: dict[str, Mapping[float, float]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    max_idf: float = 1.0
    vocabulary: list[str] = field(default_factory=list)  # stems of 4+ letters, for typos
    surface: dict[str, str] = field(default_factory=dict)  # stem -> first spelling seen
    by_category: dict[Category, set[float]] = field(default_factory=dict)
    by_status: dict[Status, set[float]] = field(default_factory=dict)
    by_region: dict[str, set[float]] = field(default_factory=dict)
    by_concept: dict[tuple[ConceptKind, str], Mapping[float, float]] = field(default_factory=dict)
    with_penalty: set[float] = field(default_factory=set)
    by_penalty_kind: dict[PenaltyKind, set[float]] = field(default_factory=dict)
    penalty_total: list[Decimal] = field(default_factory=list)
    by_top_amount: list[tuple[Decimal, float]] = field(default_factory=list)  # ascending
    by_low_amount: list[tuple[Decimal, float]] = field(default_factory=list)  # ascending
    neg_ordinal: list[int] = field(default_factory=list)  # -date, ascending (docs newest first)
    by_month: dict[int, set[float]] = field(default_factory=dict)
    by_day: dict[tuple[int, int], set[float]] = field(default_factory=dict)
    month_precision: set[float] = field(default_factory=set)
    with_effective: set[float] = field(default_factory=set)
    _term_cache: dict[str, TermMatch] = field(default_factory=dict, repr=False)
    keys: list[float] | None = None  # an updated index's keys in order (built: positions)
    by_key: dict[float, Development] | None = None  # an updated index's documents
    penalty_by_key: dict[float, Decimal] | None = None  # an updated index's penalty totals

    @property
    def order(self) -> Sequence[float]:
        """Every document's key, newest first."""
        return range(len(self.docs)) if self.keys is None else self.keys

    def doc(self, key: float) -> Development:
        return self.docs[int(key)] if self.by_key is None else self.by_key[key]

    def penalty_of(self, key: float) -> Decimal:
        totals = self.penalty_by_key
        return self.penalty_total[int(key)] if totals is None else totals[key]

    def items(self) -> Iterable[tuple[float, Development]]:
        return enumerate(self.docs) if self.by_key is None else self.by_key.items()

    @classmethod
    def build(cls, store: Store, gazetteer: Gazetteer | None = None) -> SearchIndex:
        gaz = gazetteer or default_gazetteer()
        index = cls(store=store, gazetteer=gaz, docs=store.developments)
        for facet in FACETS:
            index.build_facet(facet)
        return index

    def build_facet(self, facet: str) -> None:
        """Fill the structures of one facet (``FACETS``) from every document; the others
        are left as they are (a query needs only some: ``lazy``)."""
        n = len(self.docs)
        self.max_idf = _idf(n, 1)
        if facet == "text":
            spellings: dict[str, str] = {}
            index_all(self.docs, TextPass(self.gazetteer, self.postings, spellings))
            self.idf = {s: _idf(n, len(p)) for s, p in self.postings.items()}
            self.vocabulary = sorted(s for s in self.postings if len(s) >= 4 and s.isalpha())
            self.surface = spellings
        elif facet == "concepts":
            index_all(self.docs, ConceptPass(self.gazetteer, self.by_concept))
        else:
            within: dict[tuple[str, ...], list[str]] = {}  # regions -> with enclosing ones
            for i, dev in enumerate(self.docs):
                self._add_filters(i, dev, within)
            # one object per total as written (most are 0): a snapshot reads back as few
            alike: dict[object, Decimal] = {}
            self.penalty_total = [alike.setdefault(t.as_tuple(), t) for t in self.penalty_total]
            self.by_top_amount.sort()
            self.by_low_amount.sort()

    def _add_text(self, i: int, dev: Development, spellings: dict[str, str]) -> None:
        TextPass(self.gazetteer, self.postings, spellings).add(i, dev)

    def _add_filters(
        self, i: int, dev: Development, within: dict[tuple[str, ...], list[str]] | None = None
    ) -> None:
        self.by_category.setdefault(dev.category, set()).add(i)
        if dev.status is not None:
            self.by_status.setdefault(dev.status, set()).add(i)
        regions = None if within is None else within.get(dev.regions)
        if regions is None:
            regions = self.gazetteer.region_with_ancestors(dev.regions)
            if within is not None:
                within[dev.regions] = regions
        for region in regions:
            self.by_region.setdefault(region, set()).add(i)
        total = dev.total_penalty
        self.penalty_total.append(total)
        if dev.penalties:
            self.with_penalty.add(i)
            for penalty in dev.penalties:
                self.by_penalty_kind.setdefault(penalty.kind, set()).add(i)
            self.by_top_amount.append((max(p.largest for p in dev.penalties), i))
            self.by_low_amount.append((min(p.amount for p in dev.penalties), i))
        if dev.effective_date is not None:
            self.with_effective.add(i)
        self.neg_ordinal.append(-dev.date.toordinal())
        self.by_month.setdefault(dev.date.month, set()).add(i)
        if dev.date_precision == DatePrecision.DAY:
            self.by_day.setdefault((dev.date.month, dev.date.day), set()).add(i)
        else:
            self.month_precision.add(i)

    def _add_concepts(self, i: int, dev: Development) -> None:
        ConceptPass(self.gazetteer, self.by_concept).add(i, dev)

    # --- filters --------------------------------------------------------------------

    def filter_set(self, filters: Filters) -> set[float] | None:
        """Indices of the records that satisfy ``filters``; ``None`` when there are none."""
        sets: list[set[float]] = []
        if filters.categories:
            sets.append(union(self.by_category.get(c, set()) for c in filters.categories))
        if filters.statuses:
            sets.append(union(self.by_status.get(s, set()) for s in filters.statuses))
        if filters.needs_penalty:
            sets.append(self._amount_set(filters))
        if filters.regions:
            sets.append(union(self.by_region.get(r, set()) for r in filters.regions))
        for concept in filters.concepts:
            sets.append(self.concept_docs(concept))
        for kind in filters.documents:
            sets.append({i for i, doc in self.items() if kind.matches(doc)})
        if filters.open_on is not None:
            sets.append({i for i, doc in self.items() if filters.still_open(doc)})
        published = filters.date_field == "published"
        if published and (filters.date_from is not None or filters.date_to is not None):
            sets.append(self._date_range(filters.date_from, filters.date_to))
        if published and filters.months_of_year:
            sets.append(union(self.by_month.get(m, set()) for m in filters.months_of_year))
        if published and filters.days_of_year:
            sets.append(union(self.by_day.get(d, set()) for d in filters.days_of_year))
        if filters.has_dates and filters.date_field in ("effective", "comment"):
            pool = self.with_effective if filters.date_field == "effective" else self.order
            sets.append({i for i in pool if filters.date_ok(self.doc(i))})
        result: set[float] | None = None
        if sets:
            sets.sort(key=len)
            result = set(sets[0])
            for other in sets[1:]:
                result &= other
                if not result:
                    break
        if filters.has_dates and filters.date_field == "content":
            pool = self._mentioning_period(filters)
            if result is not None:
                pool &= result
            result = {i for i in pool if filters.date_ok(self.doc(i))}
        if filters.exclude or filters.excluded_terms:
            result = set(self.order) if result is None else result
            for excluded in filters.exclude:
                result -= self.filter_set(excluded) or set()
            for term in filters.excluded_terms:
                result -= set(self.postings.get(stem(term), {}))
        return result

    def _mentioning_period(self, filters: Filters) -> set[float]:
        """Records whose text names a year or a month of the period asked about (read from
        the postings, so only those few are checked for the dates their text refers to)."""
        first = filters.date_from.year if filters.date_from else 1990
        last = filters.date_to.year if filters.date_to else 2099
        tokens = [str(y) for y in range(max(first, 1990), min(last, 2099) + 1)]
        months = set(filters.months_of_year)
        if (
            filters.date_from
            and filters.date_to
            and (filters.date_to - filters.date_from).days < 366
        ):
            y, m = filters.date_from.year, filters.date_from.month
            while (y, m) <= (filters.date_to.year, filters.date_to.month):
                months.add(m)
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        tokens.extend(stem(month_name(m).lower()) for m in months)
        return union(set(self.postings.get(token, {})) for token in tokens)

    def concept_docs(self, concept: Concept) -> set[float]:
        return union(set(self.by_concept.get(name, {})) for name in concept.names)

    def _amount_set(self, filters: Filters) -> set[float]:
        lo, hi = filters.amount_min, filters.amount_max
        found: set[float] | None = None
        if filters.penalty_kinds:
            found = union(self.by_penalty_kind.get(k, set()) for k in filters.penalty_kinds)
        if lo is None and hi is None:
            return self.with_penalty if found is None else found
        if lo is not None:
            keys = self.by_top_amount
            cut = (
                bisect_left(keys, (lo.value, -math.inf))
                if lo.inclusive
                else bisect_right(keys, (lo.value, math.inf))
            )
            above = {i for _, i in keys[cut:]}
            found = above if found is None else found & above
        if hi is not None:
            keys = self.by_low_amount
            cut = (
                bisect_right(keys, (hi.value, math.inf))
                if hi.inclusive
                else bisect_left(keys, (hi.value, -math.inf))
            )
            below = {i for _, i in keys[:cut]}
            found = below if found is None else found & below
        assert found is not None
        if sum(x is not None for x in (lo, hi)) + bool(filters.penalty_kinds) > 1:
            # bounds and kinds must all hold for one and the same penalty
            found = {i for i in found if filters.penalty_amount_ok(self.doc(i))}
        return found

    def _date_range(self, start: date | None, end: date | None) -> set[float]:
        neg = self.neg_ordinal  # ascending; index order is newest first
        order = self.order
        lo = 0 if end is None else bisect_left(neg, -end.toordinal())
        if start is None:
            return set(order[lo:])
        inside = bisect_right(neg, -start.toordinal())
        found = set(order[lo:inside])
        # month-precision records dated (day 1) before ``start`` may still overlap it
        edge = bisect_right(neg, -(start.toordinal() - 31))
        for i in order[max(lo, inside) : edge]:
            if i in self.month_precision and dev_date_span(self.doc(i))[1] >= start:
                found.add(i)
        return found

    # --- text -----------------------------------------------------------------------

    def match_term(self, term: str) -> TermMatch:
        cached = self._term_cache.get(term)
        if cached is not None:
            return cached
        s = stem(term)
        stems: tuple[tuple[str, float], ...] = ()
        if s in self.postings:
            stems = ((s, 1.0),)
        elif len(s) >= 5 and s.isalpha():
            cutoff = 85.0 if len(s) < 9 else 80.0
            close = process.extract(
                s, self.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3
            )
            stems = tuple((word, score / 100.0) for word, score, _ in close)
        for synonym in SYNONYMS.get(term, ()):
            other = stem(synonym)
            if other in self.postings and all(other != w for w, _ in stems):
                stems = (*stems, (other, SYNONYM_SIMILARITY))
        unit = max((self.idf[w] for w, _ in stems), default=self.max_idf)
        match = TermMatch(stems, unit)
        if len(self._term_cache) > 5000:
            self._term_cache.clear()
        self._term_cache[term] = match
        return match

    def close_words(self, term: str, limit: int = 2) -> list[str]:
        """Store words resembling ``term`` (for "did you mean"), spelt as the store spells them."""
        s = stem(term)
        if len(s) < 4:
            return []
        close = process.extract(s, self.vocabulary, scorer=fuzz.ratio, score_cutoff=80, limit=limit)
        return [self.surface.get(word, word) for word, _, _ in close]


def _idf(n: int, df: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def union(sets: Iterable[set[float]]) -> set[float]:
    out: set[float] = set()
    for s in sets:
        out |= s
    return out
