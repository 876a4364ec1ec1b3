"""A list in the order the user asked for ("by amount", "oldest first", "按时间排序"; read by
``bot.core.query.ordering``): largest and newest first come from the search itself; smallest
and oldest first turn the whole list of matches round before a page is cut. No I/O.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from bot.core.answers.questions import Found
from bot.core.answers.search.ranking import Hit, Order

_SEARCH_ORDER: dict[str, Order] = {
    "largest": "amount",
    "smallest": "amount",
    "newest": "date",
    "oldest": "date",
}
TURNED = frozenset({"smallest", "oldest"})
"""Orders the search does not give: the whole list is found, then sorted here."""


def search_order(sort: str | None, default: Order) -> Order:
    return _SEARCH_ORDER.get(sort or "", default)


def _smallest(hit: Hit) -> tuple[bool, Decimal, str]:
    """The largest penalty of a development (what "largest first" ranks by), smallest
    first; developments without a penalty last."""
    amounts = [p.largest for p in hit.dev.penalties]
    return (not amounts, max(amounts, default=Decimal(0)), hit.dev.id)


def arranged(found: Found, sort: str | None) -> Found:
    """``found`` with its hits in the order asked, when the search could not give it:
    smallest penalty first (those without a penalty last), or oldest first."""
    if sort not in TURNED:
        return found
    hits = found.result.hits
    if sort == "oldest":
        ordered = sorted(hits, key=lambda h: (h.dev.date, h.dev.id))
    else:
        ordered = sorted(hits, key=_smallest)
    return replace(found, result=replace(found.result, hits=tuple(ordered)))
