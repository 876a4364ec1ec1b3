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

Modules: ``words`` (tokens and stems), ``index`` (the inverted indexes, filter sets, term
matching), ``passes`` (reading the documents' words and named things into them),
``lazy`` (a large store's index, each facet built when a query first needs it),
``packed`` (compact postings and sets on disk), ``snapshot`` (one index per store
snapshot, its facets kept on disk for large stores) and ``ranking`` (scoring and the page
of hits). No Slack imports.
"""

from bot.core.answers.search.index import SearchIndex
from bot.core.answers.search.lazy import LazyIndex
from bot.core.answers.search.ranking import (
    COVERAGE,
    Hit,
    Order,
    SearchResult,
    count_matching,
    regions_with,
    search,
)
from bot.core.answers.search.snapshot import INDEX_SNAPSHOT_MIN, index_for
from bot.core.answers.search.words import stem, tokenize

__all__ = [
    "COVERAGE",
    "INDEX_SNAPSHOT_MIN",
    "Hit",
    "LazyIndex",
    "Order",
    "SearchIndex",
    "SearchResult",
    "count_matching",
    "index_for",
    "regions_with",
    "search",
    "stem",
    "tokenize",
]
