"""Ranking developments for a parsed query: filters first, then weighted fuzzy text scoring.

One ``SearchIndex`` is built per ``Store`` snapshot (cached on the snapshot object) so a
query never re-tokenises the store:

- filters are answered from inverted indexes (category, status, region with its enclosing
  regions, named things, penalties, dates) by set intersection, smallest set first;
- free-text terms are stemmed and looked up in a postings index (stem -> {doc: weight of the
  best field it occurs in}); a term that is not in the store's vocabulary is matched to
  close words with rapidfuzz (typos: "crawller"), scanning the vocabulary, not the records;
- only the candidates are scored: BM25-style idf x field weight x similarity, plus a bonus
  for the named things asked about (in the title > tagged > mentioned).

Honest empty answers: every query part carries a weight (rare words weigh more, named
things most, words the store has never seen as much as the rarest word, a region, category,
status or penalty filter as much as the rarest word). A record is a
result only when the parts it matches carry at least ``COVERAGE`` of the query's weight, so
"GDPR adequacy decision" returns nothing although one record mentions a "decision".

This module has no Slack imports and no I/O.
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import math
import re
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from rapidfuzz import fuzz, process

from bot.core.answers.query import (
    STOP_WORDS,
    Concept,
    ConceptKind,
    Filters,
    ParsedQuery,
    dev_concepts,
    dev_date_span,
    mentions,
)
from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer
from bot.core.knowledge.model import Category, DatePrecision, Development, PenaltyKind, Status
from bot.core.knowledge.store import Store, read_cached, write_cached

FIELD_WEIGHTS: dict[str, float] = {
    "title": 3.0,
    "entities": 2.5,
    "regions": 2.0,
    "authorities": 2.0,
    "tags": 2.0,  # sectors, topics, laws
    "headlines": 1.5,  # how each newsletter headlined it
    "summary": 1.0,
}
COVERAGE = 0.6
"""Share of the query's weight a record must match to be a result at all."""
CONCEPT_UNIT = 1.5
"""A named thing weighs this many times the rarest word."""
FILTER_UNIT = 1.0
"""A region, category, status or penalty filter weighs as much as the rarest word."""
_CONCEPT_LEVEL = {"title": 3.0, "tagged": 2.0, "mentioned": 1.0}

Order = Literal["relevance", "date", "amount"]

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|[a-z0-9]+")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English stemmer, applied alike to records and queries (fines/fined -> fin)."""
    w = word.lower()
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("'s") or w.endswith("’s"):
        w = w[:-2]
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    if w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def tokenize(text: str) -> list[str]:
    """Lower-case words and numbers (``200,000`` -> ``200000``), stop words dropped."""
    out = []
    for raw in _TOKEN.findall(text.lower().replace("’", "'")):
        token = raw.replace(",", "")
        if token not in STOP_WORDS:
            out.append(token)
    return out


@dataclass(frozen=True)
class Hit:
    dev: Development
    score: float


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[Hit, ...]
    total: int
    unknown_terms: tuple[str, ...] = ()  # words the store has never seen (user text)
    close_words: tuple[str, ...] = ()  # store words close to an unknown term


@dataclass
class _TermMatch:
    stems: tuple[tuple[str, float], ...]  # (stem, similarity 0..1)
    unit: float  # how much the term weighs in the coverage


@dataclass
class SearchIndex:
    """Everything a query needs about one store snapshot."""

    store: Store
    gazetteer: Gazetteer
    docs: tuple[Development, ...] = ()
    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    max_idf: float = 1.0
    vocabulary: list[str] = field(default_factory=list)  # stems of 4+ letters, for typos
    surface: dict[str, str] = field(default_factory=dict)  # stem -> first spelling seen
    by_category: dict[Category, set[int]] = field(default_factory=dict)
    by_status: dict[Status, set[int]] = field(default_factory=dict)
    by_region: dict[str, set[int]] = field(default_factory=dict)
    by_concept: dict[tuple[ConceptKind, str], dict[int, float]] = field(default_factory=dict)
    with_penalty: set[int] = field(default_factory=set)
    by_penalty_kind: dict[PenaltyKind, set[int]] = field(default_factory=dict)
    penalty_total: list[Decimal] = field(default_factory=list)
    by_top_amount: list[tuple[Decimal, int]] = field(default_factory=list)  # ascending
    by_low_amount: list[tuple[Decimal, int]] = field(default_factory=list)  # ascending
    neg_ordinal: list[int] = field(default_factory=list)  # -date, ascending (docs newest first)
    by_month: dict[int, set[int]] = field(default_factory=dict)
    by_day: dict[tuple[int, int], set[int]] = field(default_factory=dict)
    month_precision: set[int] = field(default_factory=set)
    _term_cache: dict[str, _TermMatch] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, store: Store, gazetteer: Gazetteer | None = None) -> SearchIndex:
        gaz = gazetteer or default_gazetteer()
        index = cls(store=store, gazetteer=gaz, docs=store.developments)
        spellings: dict[str, str] = {}
        for i, dev in enumerate(index.docs):
            index._add_text(i, dev, spellings)
            index._add_filters(i, dev)
        n = len(index.docs)
        index.idf = {s: _idf(n, len(p)) for s, p in index.postings.items()}
        index.max_idf = _idf(n, 1)
        index.vocabulary = sorted(s for s in index.postings if len(s) >= 4 and s.isalpha())
        index.surface = spellings
        index.by_top_amount.sort()
        index.by_low_amount.sort()
        return index

    def _add_text(self, i: int, dev: Development, spellings: dict[str, str]) -> None:
        gaz = self.gazetteer
        authorities = [
            f"{a} {entry.full_name}" if (entry := gaz.authorities_by_name.get(a)) else a
            for a in dev.authorities
        ]
        laws = [
            f"{x} {law.full_name}" if (law := gaz.laws_by_name.get(x)) else x
            for x in dev.legal_basis
        ]
        fields = {
            "title": dev.title,
            "entities": " ".join(dev.entities),
            "regions": " ".join(gaz.region_with_ancestors(dev.regions)),
            "authorities": " ".join(authorities),
            "tags": " ".join([*dev.sectors, *dev.topics, *laws]),
            "headlines": " ".join(s.headline for s in dev.sources),
            "summary": dev.summary,
        }
        best: dict[str, float] = {}
        for name, text in fields.items():
            weight = FIELD_WEIGHTS[name]
            for token in tokenize(text):
                s = stem(token)
                spellings.setdefault(s, token)
                if weight > best.get(s, 0.0):
                    best[s] = weight
        for s, weight in best.items():
            self.postings.setdefault(s, {})[i] = weight

    def _add_filters(self, i: int, dev: Development) -> None:
        gaz = self.gazetteer
        self.by_category.setdefault(dev.category, set()).add(i)
        if dev.status is not None:
            self.by_status.setdefault(dev.status, set()).add(i)
        for region in gaz.region_with_ancestors(dev.regions):
            self.by_region.setdefault(region, set()).add(i)
        title_concepts = mentions(dev.title, gaz)
        tagged = {
            *(("authorities", a) for a in dev.authorities),
            *(("laws", x) for x in dev.legal_basis),
            *(("sectors", x) for x in dev.sectors),
            *(("topics", x) for x in dev.topics),
            *(("entities", x) for x in dev.entities),
        }
        for concept in dev_concepts(dev, gaz):
            if concept in title_concepts:
                level = _CONCEPT_LEVEL["title"]
            elif concept in tagged:
                level = _CONCEPT_LEVEL["tagged"]
            else:
                level = _CONCEPT_LEVEL["mentioned"]
            self.by_concept.setdefault(concept, {})[i] = level
        total = dev.total_penalty
        self.penalty_total.append(total)
        if dev.penalties:
            self.with_penalty.add(i)
            for penalty in dev.penalties:
                self.by_penalty_kind.setdefault(penalty.kind, set()).add(i)
            self.by_top_amount.append((max(p.largest for p in dev.penalties), i))
            self.by_low_amount.append((min(p.amount for p in dev.penalties), i))
        self.neg_ordinal.append(-dev.date.toordinal())
        self.by_month.setdefault(dev.date.month, set()).add(i)
        if dev.date_precision == DatePrecision.DAY:
            self.by_day.setdefault((dev.date.month, dev.date.day), set()).add(i)
        else:
            self.month_precision.add(i)

    # --- filters --------------------------------------------------------------------

    def filter_set(self, filters: Filters) -> set[int] | None:
        """Indices of the records that satisfy ``filters``; ``None`` when there are none."""
        sets: list[set[int]] = []
        if filters.categories:
            sets.append(_union(self.by_category.get(c, set()) for c in filters.categories))
        if filters.statuses:
            sets.append(_union(self.by_status.get(s, set()) for s in filters.statuses))
        if filters.needs_penalty:
            sets.append(self._amount_set(filters))
        if filters.regions:
            sets.append(_union(self.by_region.get(r, set()) for r in filters.regions))
        for concept in filters.concepts:
            sets.append(self.concept_docs(concept))
        if filters.date_from is not None or filters.date_to is not None:
            sets.append(self._date_range(filters.date_from, filters.date_to))
        if filters.months_of_year:
            sets.append(_union(self.by_month.get(m, set()) for m in filters.months_of_year))
        if filters.days_of_year:
            sets.append(_union(self.by_day.get(d, set()) for d in filters.days_of_year))
        if not sets:
            return None
        sets.sort(key=len)
        result = set(sets[0])
        for other in sets[1:]:
            result &= other
            if not result:
                break
        return result

    def concept_docs(self, concept: Concept) -> set[int]:
        return _union(set(self.by_concept.get(name, {})) for name in concept.names)

    def _amount_set(self, filters: Filters) -> set[int]:
        lo, hi = filters.amount_min, filters.amount_max
        found: set[int] | None = None
        if filters.penalty_kinds:
            found = _union(self.by_penalty_kind.get(k, set()) for k in filters.penalty_kinds)
        if lo is None and hi is None:
            return self.with_penalty if found is None else found
        if lo is not None:
            keys = self.by_top_amount
            cut = (
                bisect_left(keys, (lo.value, -1))
                if lo.inclusive
                else bisect_right(keys, (lo.value, len(self.docs)))
            )
            above = {i for _, i in keys[cut:]}
            found = above if found is None else found & above
        if hi is not None:
            keys = self.by_low_amount
            cut = (
                bisect_right(keys, (hi.value, len(self.docs)))
                if hi.inclusive
                else bisect_left(keys, (hi.value, -1))
            )
            below = {i for _, i in keys[:cut]}
            found = below if found is None else found & below
        assert found is not None
        if sum(x is not None for x in (lo, hi)) + bool(filters.penalty_kinds) > 1:
            # bounds and kinds must all hold for one and the same penalty
            found = {i for i in found if filters.penalty_amount_ok(self.docs[i])}
        return found

    def _date_range(self, start: date | None, end: date | None) -> set[int]:
        neg = self.neg_ordinal  # ascending; index order is newest first
        lo = 0 if end is None else bisect_left(neg, -end.toordinal())
        if start is None:
            return set(range(lo, len(neg)))
        inside = bisect_right(neg, -start.toordinal())
        found = set(range(lo, inside))
        # month-precision records dated (day 1) before ``start`` may still overlap it
        edge = bisect_right(neg, -(start.toordinal() - 31))
        for i in range(max(lo, inside), edge):
            if i in self.month_precision and dev_date_span(self.docs[i])[1] >= start:
                found.add(i)
        return found

    # --- text -----------------------------------------------------------------------

    def match_term(self, term: str) -> _TermMatch:
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
        unit = max((self.idf[w] for w, _ in stems), default=self.max_idf)
        match = _TermMatch(stems, unit)
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


def _union(sets: Iterable[set[int]]) -> set[int]:
    out: set[int] = set()
    for s in sets:
        out |= s
    return out


# --- the cache of indexes, one per store snapshot -------------------------------------------

_CACHE: list[tuple[Store, Gazetteer, SearchIndex]] = []
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def index_for(store: Store, gazetteer: Gazetteer | None = None) -> SearchIndex:
    """The index of ``store`` (built once per snapshot object and gazetteer)."""
    gaz = gazetteer or default_gazetteer()
    with _CACHE_LOCK:
        for cached_store, cached_gaz, index in _CACHE:
            if cached_store is store and cached_gaz is gaz:
                return index
    index = _snapshot_or_build(store, gaz)
    with _CACHE_LOCK:
        _CACHE.insert(0, (store, gaz, index))
        del _CACHE[_CACHE_SIZE:]
    return index


class _Packed(dict[int, float]):
    """A {doc: weight} posting kept packed (doc ids in an ``array``, weights as one-byte codes)
    until first read, then an ordinary dict. A 100k-record index holds ~5M postings: as
    dicts of int -> float they take ~400 MB; packed, ~25 MB, and a query unpacks only the
    few it reads."""

    __slots__ = ("_codes", "_ids", "_table")

    def __init__(self, mapping: dict[int, float]) -> None:
        super().__init__()
        table = sorted(set(mapping.values()))
        if len(table) > 255:
            self._ids: array[int] | None = None
            self.update(mapping)
            return
        code = {w: c for c, w in enumerate(table)}
        self._ids = array("i", mapping.keys())
        self._codes = array("B", (code[w] for w in mapping.values()))
        self._table = tuple(table)

    def _unpack(self) -> None:
        if self._ids is not None:
            table = self._table
            dict.update(self, zip(self._ids, (table[c] for c in self._codes), strict=True))
            self._ids = None

    def __reduce__(self) -> tuple[object, ...]:
        if self._ids is None:
            return (_Packed, (dict(self),))
        return (_unpickle_packed, (self._ids, self._codes, self._table))

    def __len__(self) -> int:
        return len(self._ids) if self._ids is not None else dict.__len__(self)

    def __getitem__(self, key: int) -> float:
        self._unpack()
        return dict.__getitem__(self, key)

    def __contains__(self, key: object) -> bool:
        self._unpack()
        return dict.__contains__(self, key)

    def __iter__(self) -> Iterator[int]:
        self._unpack()
        return dict.__iter__(self)

    def get(self, key: int, default: float | None = None) -> float | None:  # type: ignore[override]
        self._unpack()
        return dict.get(self, key, default)

    def items(self):  # noqa: ANN201 (dict_items)
        self._unpack()
        return dict.items(self)

    def keys(self):  # noqa: ANN201 (dict_keys)
        self._unpack()
        return dict.keys(self)

    def values(self):  # noqa: ANN201 (dict_values)
        self._unpack()
        return dict.values(self)


def _unpickle_packed(ids: array[int], codes: array[int], table: tuple[float, ...]) -> _Packed:
    packed = _Packed({})
    packed._ids, packed._codes, packed._table = ids, codes, table
    return packed


def _packed(postings: dict[Any, dict[int, float]]) -> dict[Any, dict[int, float]]:
    return {key: _Packed(value) for key, value in postings.items()}


INDEX_SNAPSHOT_MIN = 5_000
"""Stores of this many developments or more keep their index in a snapshot
(``bot.core.knowledge.store`` snapshots: keyed by the store file's SHA-256 and the gazetteer,
valid for this code only);
building it for 100k developments takes half a minute, reading it about a second."""
_NOT_SNAPSHOTTED = frozenset({"store", "gazetteer", "docs", "_term_cache"})
_GAZETTEER_KEYS: dict[int, tuple[Gazetteer, str]] = {}


def _gazetteer_key(gaz: Gazetteer) -> str:
    known = _GAZETTEER_KEYS.get(id(gaz))
    if known is None or known[0] is not gaz:
        known = (gaz, hashlib.sha256(gaz.data.model_dump_json().encode()).hexdigest())
        _GAZETTEER_KEYS[id(gaz)] = known
    return known[1]


def _snapshot_or_build(store: Store, gaz: Gazetteer) -> SearchIndex:
    if store.digest is None or len(store) < INDEX_SNAPSHOT_MIN:
        return SearchIndex.build(store, gaz)
    key = hashlib.sha256(f"{store.digest} {_gazetteer_key(gaz)}".encode()).hexdigest()
    state = read_cached("index", key)
    if isinstance(state, dict) and state.get("size") == len(store):
        values = {k: v for k, v in state.items() if k != "size"}
        return SearchIndex(store=store, gazetteer=gaz, docs=store.developments, **values)
    index = SearchIndex.build(store, gaz)
    saved = {
        f.name: getattr(index, f.name)
        for f in dataclasses.fields(index)
        if f.name not in _NOT_SNAPSHOTTED
    }
    saved["postings"] = _packed(index.postings)
    saved["by_concept"] = _packed(index.by_concept)
    write_cached("index", key, {**saved, "size": len(store)})
    return index


# --- searching ------------------------------------------------------------------------


def search(
    store: Store,
    parsed: ParsedQuery,
    *,
    offset: int = 0,
    limit: int = 10,
    order: Order = "relevance",
    gazetteer: Gazetteer | None = None,
) -> SearchResult:
    """The page ``offset:offset+limit`` of records matching ``parsed``, best first.

    ``order="amount"`` ranks by the penalty at stake (largest first), ``"date"`` newest
    first; both still require the text to match. Records whose matched parts fall short
    of ``COVERAGE`` of the query's weight are never results."""
    index = index_for(store, gazetteer)
    allowed = index.filter_set(parsed.filters)
    matches = [index.match_term(t) for t in parsed.terms]
    unknown = tuple(t for t, m in zip(parsed.terms, matches, strict=True) if not m.stems)
    close = tuple(dict.fromkeys(w for t in unknown for w in index.close_words(t)))

    concept_unit = CONCEPT_UNIT * index.max_idf
    filters = parsed.filters
    concepts = filters.concepts
    # what every candidate satisfies by construction: named things, and the topical filters
    # (region, category, status, penalty) the user chose; dates and amounts only narrow
    topical = sum(
        map(bool, (filters.regions, filters.categories, filters.statuses, filters.needs_penalty))
    )
    concept_share = concept_unit * len(concepts) + FILTER_UNIT * index.max_idf * topical
    total_units = concept_share + sum(m.unit for m in matches)

    wanted = offset + limit
    if not matches and (order != "relevance" or not concepts):
        # nothing to score: filters alone decide, the order is by date or amount
        pool: Iterable[int] = range(len(index.docs)) if allowed is None else allowed
        total = len(index.docs) if allowed is None else len(allowed)
        if order == "amount":
            top = heapq.nlargest(wanted, pool, key=lambda i: (index.penalty_total[i], -i))
        else:
            top = (
                list(range(min(wanted, total)))
                if allowed is None
                else heapq.nsmallest(wanted, pool)
            )
        hits = tuple(Hit(index.docs[i], 0.0) for i in top[offset:wanted])
        return SearchResult(hits=hits, total=total, unknown_terms=unknown, close_words=close)

    term_scores: list[dict[int, float]] = [_term_hits(index, m, allowed) for m in matches]

    if total_units == 0 or concept_share >= COVERAGE * total_units:
        candidates = set(range(len(index.docs))) if allowed is None else allowed
    else:
        candidates = _union(set(per_doc) for per_doc in term_scores)
        if allowed is not None:
            candidates &= allowed

    scores: dict[int, float] = {}
    need = COVERAGE * total_units - 1e-9
    concept_maps = [
        [index.by_concept.get(name, {}) for name in concept.names] for concept in concepts
    ]
    for i in candidates:
        covered = concept_share
        score = 0.0
        for m, per_doc in zip(matches, term_scores, strict=True):
            value = per_doc.get(i)
            if value is not None:
                covered += m.unit
                score += value
        if covered < need:
            continue
        for maps in concept_maps:
            level = max((mp.get(i, 0.0) for mp in maps), default=0.0)
            score += level * index.max_idf
        scores[i] = score

    total = len(scores)
    if order == "amount":
        ranked = heapq.nlargest(wanted, scores, key=lambda i: (index.penalty_total[i], -i))
    elif order == "date" or not (parsed.terms or concepts):
        ranked = heapq.nsmallest(wanted, scores)
    else:
        ranked = heapq.nlargest(wanted, scores, key=lambda i: (round(scores[i], 6), -i))
    hits = tuple(Hit(index.docs[i], round(scores[i], 3)) for i in ranked[offset:wanted])
    return SearchResult(hits=hits, total=total, unknown_terms=unknown, close_words=close)


def _term_hits(index: SearchIndex, match: _TermMatch, allowed: set[int] | None) -> dict[int, float]:
    """doc -> the term's best score there (similarity x idf x field weight)."""
    best: dict[int, float] = {}
    for word, similarity in match.stems:
        postings = index.postings[word]
        factor = similarity * index.idf[word]
        if allowed is not None and len(allowed) < len(postings):
            pairs: Iterable[tuple[int, float]] = (
                (i, postings[i]) for i in allowed if i in postings
            )
        elif allowed is not None:
            pairs = ((i, w) for i, w in postings.items() if i in allowed)
        else:
            pairs = postings.items()
        for i, weight in pairs:
            value = weight * factor
            if value > best.get(i, 0.0):
                best[i] = value
    return best


def count_matching(store: Store, filters: Filters, gazetteer: Gazetteer | None = None) -> int:
    """How many records satisfy ``filters`` alone (used to explain empty answers)."""
    index = index_for(store, gazetteer)
    found = index.filter_set(filters)
    return len(index.docs) if found is None else len(found)


def regions_with(
    store: Store, filters: Filters, gazetteer: Gazetteer | None = None, limit: int = 5
) -> list[str]:
    """Top-level regions that do hold records satisfying ``filters`` (most records first)."""
    index = index_for(store, gazetteer)
    found = index.filter_set(filters)
    pool = range(len(index.docs)) if found is None else found
    counts: Counter[str] = Counter()
    for i in pool:
        tops = {index.gazetteer.region_with_ancestors([r])[-1] for r in index.docs[i].regions}
        counts.update(t for t in tops if t in index.gazetteer.regions_by_name)
    return [name for name, _ in counts.most_common(limit)]
