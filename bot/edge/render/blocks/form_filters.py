"""What a search or subscription form asks for, and its translation into the answer
engine's query syntax (``bot.core.answers.engine.answer`` takes text), so a form answers
exactly as ``/pi`` would with the same words.

The translation uses only words the query parser documents: category keywords (``laws``,
``enforcement``, ``courts``, ``industry news``), ``drafts``, canonical region and authority
names from the gazetteer, ``since YYYY-MM-DD``, ``until YYYY-MM-DD`` and
``at least CNY N``. The free text goes last; the query starts with ``about`` (a stop word)
so free text beginning with a command word (``show``, ``latest``, ``subscribe``) is
searched, not run. No Slack imports: the form values arrive as plain Python values.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.core.knowledge.model import Category, Status

SEARCH_PREFIX = "about"
"""A stop word that keeps the first word of the free text from being read as a command."""

EVERYTHING = "latest 50"
"""What an empty search form asks: the newest developments (the engine's largest page)."""
TEXT_LIMIT = 300
"""Longest free text a form accepts (and what a message shortcut searches)."""
MAX_AMOUNT = Decimal(10) ** 15

CATEGORY_WORDS: dict[Category, str] = {
    Category.REGULATION: "laws",
    Category.ENFORCEMENT: "enforcement",
    Category.COURT: "courts",
    Category.INDUSTRY: "industry news",
}
STATUS_WORDS: dict[Status, str] = {Status.DRAFT: "drafts"}
"""The statuses the query syntax can express (the form offers only these)."""


@dataclass(frozen=True)
class FormFilters:
    text: str = ""
    category: Category | None = None
    regions: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()
    status: Status | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    min_amount: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        return self == FormFilters()

    def filter_words(self) -> list[str]:
        """The filters alone, in the query syntax (no free text)."""
        words: list[str] = []
        if self.category is not None:
            words.append(CATEGORY_WORDS[self.category])
        if self.status is not None and self.status in STATUS_WORDS:
            words.append(STATUS_WORDS[self.status])
        words.extend(self.regions)
        words.extend(self.authorities)
        if self.date_from is not None:
            words.append(f"since {self.date_from.isoformat()}")
        if self.date_to is not None:
            words.append(f"until {self.date_to.isoformat()}")
        if self.min_amount is not None:
            words.append(f"at least CNY {self.min_amount:f}")
        return words

    def query_text(self) -> str:
        """The whole search as the engine reads it; an empty form asks for the newest."""
        if self.is_empty:
            return EVERYTHING
        return search_text(" ".join([*self.filter_words(), self.text.strip()]))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("date_from", "date_to"):
            data[key] = data[key].isoformat() if data[key] else None
        data["min_amount"] = str(self.min_amount) if self.min_amount is not None else None
        data["regions"], data["authorities"] = list(self.regions), list(self.authorities)
        return {k: v for k, v in data.items() if v not in (None, "", [])}

    @classmethod
    def from_json(cls, data: object) -> FormFilters:
        """Read back ``to_json``; anything malformed is dropped, never raised."""
        if not isinstance(data, dict):
            return cls()
        return cls(
            text=str(data.get("text") or "")[:TEXT_LIMIT],
            category=_enum(Category, data.get("category")),
            regions=_strings(data.get("regions")),
            authorities=_strings(data.get("authorities")),
            status=_enum(Status, data.get("status")),
            date_from=_day(data.get("date_from")),
            date_to=_day(data.get("date_to")),
            min_amount=parse_amount(data.get("min_amount")),
        )


def search_text(text: str) -> str:
    """``text`` as a search (never a command), cut to ``TEXT_LIMIT`` characters at a word."""
    words = " ".join(str(text).split())
    if len(words) > TEXT_LIMIT:
        cut = words[:TEXT_LIMIT]
        words = cut[: cut.rfind(" ")] if " " in cut else cut
    return f"{SEARCH_PREFIX} {words}".strip()


def parse_amount(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount <= 0 or amount > MAX_AMOUNT:
        return None
    return Decimal(int(amount)) if amount == amount.to_integral_value() else amount


def dump(filters: FormFilters, **more: Any) -> str:
    """Compact JSON for a view's ``private_metadata`` (Slack allows 3,000 characters)."""
    return json.dumps({"f": filters.to_json(), **more}, ensure_ascii=False, separators=(",", ":"))


def load(metadata: object) -> tuple[FormFilters, dict[str, Any]]:
    try:
        data = json.loads(str(metadata or "{}"))
    except json.JSONDecodeError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    return FormFilters.from_json(data.get("f")), data


def _enum(kind: Any, value: object) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v) for v in value if isinstance(v, str) and v)[:20]


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def without_words(query: str, words: tuple[str, ...]) -> str:
    """``query`` without ``words`` (whole words, any case): what a message shortcut searches
    again after the engine said those words appear in no development."""
    unwanted = {w.casefold() for w in words}
    kept = [w for w in query.split() if w.strip(".,;:!?\"'()").casefold() not in unwanted]
    return " ".join(kept)
