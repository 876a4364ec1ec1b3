"""Ranking: the candidates a query's filters allow, scored by its terms and named things,
kept only when they cover enough of the query (see ``bot.core.answers.search``)."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.core.answers.search.index import SearchIndex, TermMatch, union
from bot.core.answers.search.snapshot import index_for
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Development
from bot.core.knowledge.store import Store
from bot.core.query import (
    Filters,
    ParsedQuery,
)
from bot.core.query.vocabulary import CJK_RUN

COVERAGE = 0.6
"""Share of the query's weight a record must match to be a result at all."""
CONCEPT_UNIT = 1.5
"""A named thing weighs this many times the rarest word."""
FILTER_UNIT = 1.0
"""A region, category, status or penalty filter weighs as much as the rarest word."""
Order = Literal["relevance", "date", "amount"]


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
    terms = list(parsed.terms)
    matches = [index.match_term(t) for t in terms]
    unknown = tuple(t for t, m in zip(terms, matches, strict=True) if not m.stems)
    unseen_cjk = {t for t in unknown if CJK_RUN.fullmatch(t)}
    if unseen_cjk and (len(unseen_cjk) < len(terms) or not parsed.filters.is_empty):
        # Chinese words no record holds (an English store) do not outweigh what was understood
        kept = [(t, m) for t, m in zip(terms, matches, strict=True) if t not in unseen_cjk]
        terms, matches = [t for t, _ in kept], [m for _, m in kept]
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
        pool: Iterable[float] = index.order if allowed is None else allowed
        total = len(index.docs) if allowed is None else len(allowed)
        if order == "amount":
            top = heapq.nlargest(wanted, pool, key=lambda i: (index.penalty_of(i), -i))
        else:
            top = list(index.order[:wanted]) if allowed is None else heapq.nsmallest(wanted, pool)
        hits = tuple(Hit(index.doc(i), 0.0) for i in top[offset:wanted])
        return SearchResult(hits=hits, total=total, unknown_terms=unknown, close_words=close)

    term_scores: list[dict[float, float]] = [_term_hits(index, m, allowed) for m in matches]

    if total_units == 0 or concept_share >= COVERAGE * total_units:
        candidates = set(index.order) if allowed is None else allowed
    else:
        candidates = union(set(per_doc) for per_doc in term_scores)
        if allowed is not None:
            candidates &= allowed

    scores: dict[float, float] = {}
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
        ranked = heapq.nlargest(wanted, scores, key=lambda i: (index.penalty_of(i), -i))
    elif order == "date" or not (terms or concepts):
        ranked = heapq.nsmallest(wanted, scores)
    else:
        ranked = heapq.nlargest(wanted, scores, key=lambda i: (round(scores[i], 6), -i))
    hits = tuple(Hit(index.doc(i), round(scores[i], 3)) for i in ranked[offset:wanted])
    return SearchResult(hits=hits, total=total, unknown_terms=unknown, close_words=close)


def _term_hits(
    index: SearchIndex, match: TermMatch, allowed: set[float] | None
) -> dict[float, float]:
    """doc -> the term's best score there (similarity x idf x field weight)."""
    best: dict[float, float] = {}
    for word, similarity in match.stems:
        postings = index.postings[word]
        factor = similarity * index.idf[word]
        if allowed is not None and len(allowed) < len(postings):
            pairs: Iterable[tuple[float, float]] = (
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
    pool = index.order if found is None else found
    counts: Counter[str] = Counter()
    for i in pool:
        tops = {index.gazetteer.region_with_ancestors([r])[-1] for r in index.doc(i).regions}
        counts.update(t for t in tops if t in index.gazetteer.regions_by_name)
    return [name for name, _ in counts.most_common(limit)]
