"""What a search or subscription form asks for (``FormFilters``), and the query it builds:
``to_query`` turns the fields into the parsed query directly (``bot.core.query.chosen``),
so every category, status, region, authority, date range and amount can be chosen and only
the free-text box is read as text. Also here: ``search_text``, the text of a search that
must never run as a command (a message shortcut, the web page). No Slack imports: the form
values arrive as plain Python values.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.core.knowledge.model import Category, Status
from bot.core.query.chosen import chosen_query
from bot.core.query.parsed import ParsedQuery

SEARCH_PREFIX = "about"
"""A stop word that keeps the first word of the free text from being read as a command."""

TEXT_LIMIT = 300
"""Longest free text a form accepts (and what a message shortcut searches)."""
MAX_AMOUNT = Decimal(10) ** 15


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

    def to_query(self, *, today: dt.date | None = None) -> ParsedQuery:
        """The parsed query the fields ask for (an empty form: the newest developments)."""
        return chosen_query(
            self.text,
            categories=(self.category,) if self.category is not None else (),
            statuses=(self.status,) if self.status is not None else (),
            regions=self.regions,
            authorities=self.authorities,
            date_from=self.date_from,
            date_to=self.date_to,
            amount_min=self.min_amount,
            today=today,
        )

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
