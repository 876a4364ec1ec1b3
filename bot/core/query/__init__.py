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
- A date or period without a year ("May 30", "in June", "late May") takes a year typed
  elsewhere in the question, else it is the most recent such one not in the future (for
  effective dates and comment deadlines, the coming one), marked ``year_guessed`` so an
  empty answer can say which year holds it (``bot.core.answers.other_years``).

The package, one idea per module: ``vocabulary`` (filter words as data), ``mentions``
(named things in a text), ``filters`` (``Filters`` and how they are described), ``dates``,
``amounts``, ``names`` (the phrase table and typo-tolerant names), ``parsed``
(``ParsedQuery``), ``parser`` (``parse_query``), ``chosen`` (``chosen_query``: a query
built from a form's fields) and ``understood`` (``Understood``). No Slack imports and no I/O.
"""

from bot.core.query.amounts import MAX_AMOUNT
from bot.core.query.chosen import chosen_query
from bot.core.query.filters import (
    PUNITIVE_KINDS,
    AmountBound,
    Concept,
    Filters,
    describe_amounts,
    describe_dates,
    dev_date_span,
)
from bot.core.query.mentions import (
    CONCEPT_KINDS,
    ConceptKind,
    dev_concepts,
    dev_text,
    mentions,
)
from bot.core.query.parsed import ParsedQuery, QueryError
from bot.core.query.parser import parse_query
from bot.core.query.vocabulary import STOP_WORDS, clean_text

__all__ = [
    "CONCEPT_KINDS",
    "MAX_AMOUNT",
    "PUNITIVE_KINDS",
    "STOP_WORDS",
    "AmountBound",
    "Concept",
    "ConceptKind",
    "Filters",
    "ParsedQuery",
    "QueryError",
    "chosen_query",
    "clean_text",
    "describe_amounts",
    "describe_dates",
    "dev_concepts",
    "dev_date_span",
    "dev_text",
    "mentions",
    "parse_query",
]
