"""The result of parsing: ``ParsedQuery``, and ``QueryError`` for impossible input."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.query.filters import Filters
from bot.core.query.understood import Understood

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
    sort: str | None = None
    """The order asked ("largest", "smallest", "newest", "oldest"; ``query.ordering``)."""
    corrections: tuple[tuple[str, str], ...] = ()
    """(as typed, as read) for confident typo corrections ("CBIRK" -> CBIRC)."""
    effective: bool = False
    """The question is about when something takes effect ("taking effect in July")."""

    @property
    def is_empty(self) -> bool:
        return self.filters.is_empty and not self.terms


class QueryError(ValueError):
    """Input that cannot mean anything (``2022-13``); the message is safe to show."""
