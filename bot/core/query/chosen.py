"""A query built from choices rather than read from text: the search form's fields (every
category, status, region, authority, a date range and penalty amounts) become ``Filters``
directly, and only the free-text box is parsed. The filters combine as the parser's do
(several categories, statuses or regions: any of them; several authorities: all of them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Category, Status
from bot.core.query.filters import AmountBound, Concept
from bot.core.query.parsed import ParsedQuery
from bot.core.query.parser import parse_query
from bot.core.query.understood import Understood


def chosen_query(
    text: str = "",
    *,
    categories: Iterable[Category] = (),
    statuses: Iterable[Status] = (),
    regions: Iterable[str] = (),
    authorities: Iterable[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    amount_min: Decimal | None = None,
    amount_max: Decimal | None = None,
    today: date | None = None,
    gazetteer: Gazetteer | None = None,
) -> ParsedQuery:
    """The query of ``text`` (parsed as a search) narrowed by the choices. ``regions`` and
    ``authorities`` are canonical gazetteer names; a date or amount chosen replaces one the
    text gave."""
    parsed = parse_query(text, gazetteer, today=today) if text.strip() else ParsedQuery(text="")
    base = parsed.filters
    named = tuple(Concept((("authorities", name),)) for name in dict.fromkeys(authorities))
    filters = replace(
        base,
        categories=base.categories | frozenset(categories),
        statuses=base.statuses | frozenset(statuses),
        regions=tuple(dict.fromkeys((*base.regions, *regions))),
        concepts=tuple(dict.fromkeys((*base.concepts, *named))),
        date_from=date_from or base.date_from,
        date_to=date_to or base.date_to,
        amount_min=AmountBound(amount_min, True) if amount_min is not None else base.amount_min,
        amount_max=AmountBound(amount_max, True) if amount_max is not None else base.amount_max,
    )
    understood = list(filters.describe())
    if parsed.largest_first:
        understood.append(Understood("order", "largest penalty first"))
    return replace(parsed, filters=filters, understood=tuple(understood))
