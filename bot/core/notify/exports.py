"""Which developments an export holds: ``/pi export [filters] csv|xlsx`` and
``python -m bot export-table [filters]``. The filters are the query filters (dates allowed:
``fines 2022``); only publishable developments are exported, oldest first. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Development
from bot.core.knowledge.review import is_published
from bot.core.knowledge.store import Store
from bot.core.query import parse_query
from bot.core.query.understood import Understood

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class ExportSelection:
    developments: tuple[Development, ...]
    understood: tuple[Understood, ...] = ()
    problems: tuple[str, ...] = ()
    not_understood: tuple[str, ...] = ()  # the user's words: escape before showing

    @property
    def ok(self) -> bool:
        return not self.problems and not self.not_understood


def select_for_export(
    store: Store, filters_text: str, gazetteer: Gazetteer | None = None
) -> ExportSelection:
    parsed = parse_query(filters_text, gazetteer)
    unknown = tuple(dict.fromkeys((*parsed.not_understood, *parsed.terms)))
    if parsed.errors or unknown:
        return ExportSelection((), parsed.filters.describe(), tuple(parsed.errors), unknown)
    chosen = sorted(
        (d for d in store.developments if is_published(d) and parsed.filters.matches(d, gazetteer)),
        key=lambda d: (d.date, d.id),
    )
    return ExportSelection(tuple(chosen), parsed.filters.describe())


def split_format(words: list[str], default: str = "xlsx") -> tuple[str, str]:
    """(filters text, format) from ``export`` arguments: the format is a last word ``csv``
    or ``xlsx`` (default ``default``)."""
    if words and words[-1].lower() in FORMATS:
        return " ".join(words[:-1]), words[-1].lower()
    return " ".join(words), default
