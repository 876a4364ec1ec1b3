"""Adding penalties up the way a lawyer can quote: per class (fines apart from court-ordered
compensation), per currency, low and high ends of ranges, and a penalty "each" on several
people multiplied by their number ("7 individuals at CNY 10,000–70,000 each" adds
70,000–490,000). ``made_of`` says how a total was made. No I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.core.knowledge.model import Development, Penalty
from bot.core.labels import Language, format_amount_in, format_money_in
from bot.core.lexicon.persons import per_head_count
from bot.core.query.filters import PUNITIVE_KINDS

FINES, COMPENSATION = "fines", "compensation"


def penalty_class(penalty: Penalty) -> str:
    return FINES if penalty.kind in PUNITIVE_KINDS else COMPENSATION


def heads(penalty: Penalty) -> int:
    """How many people a per-person penalty falls on (1 for an ordinary penalty)."""
    return per_head_count(penalty.bearer, penalty.note)


@dataclass(frozen=True)
class Item:
    """One penalty as it counts in a sum."""

    dev: Development
    penalty: Penalty
    heads: int

    @property
    def low(self) -> Decimal:
        return self.penalty.amount * self.heads

    @property
    def high(self) -> Decimal:
        return self.penalty.largest * self.heads


def money_span(low: Decimal, high: Decimal, currency: str, language: Language) -> str:
    """``CNY 70,000 to CNY 490,000`` (one amount when both ends are the same)."""
    text = format_amount_in(low, currency, language)
    if high != low:
        text += ("至" if language == "zh" else " to ") + format_amount_in(high, currency, language)
    return text


@dataclass
class Tally:
    """Penalties of ``devs`` added up per (class, currency)."""

    items: dict[tuple[str, str], list[Item]]
    developments: dict[str, set[str]]

    @classmethod
    def of(cls, devs: Sequence[Development], classes: frozenset[str]) -> Tally:
        items: dict[tuple[str, str], list[Item]] = defaultdict(list)
        developments: dict[str, set[str]] = defaultdict(set)
        for dev in devs:
            for p in dev.penalties:
                kind = penalty_class(p)
                if kind not in classes:
                    continue
                items[(kind, p.currency)].append(Item(dev, p, heads(p)))
                developments[kind].add(dev.id)
        return cls(dict(items), dict(developments))

    def low(self, key: tuple[str, str]) -> Decimal:
        return sum((i.low for i in self.items[key]), Decimal(0))

    def high(self, key: tuple[str, str]) -> Decimal:
        return sum((i.high for i in self.items[key]), Decimal(0))

    def keys(self, kind: str) -> list[tuple[str, str]]:
        return sorted(k for k in self.items if k[0] == kind)

    def phrase(self, kind: str, language: Language) -> str:
        """The total of one class: ``CNY 5,800,000 to CNY 6,220,000`` (+ other currencies)."""
        spans = (money_span(self.low(k), self.high(k), k[1], language) for k in self.keys(kind))
        return " + ".join(spans)

    def made_of(self, kind: str, language: Language) -> str:
        """How the total of one class was made: the single amounts, then each penalty on
        several people with its number of people and its amount each."""
        parts = []
        for key in self.keys(kind):
            ranked = sorted(self.items[key], key=lambda i: -i.high)
            single = [i for i in ranked if i.heads == 1]
            shared = [i for i in ranked if i.heads > 1]
            if single:
                parts.append(_singles(single, key[1], language))
            for item in shared:
                each = format_money_in(item.penalty, language)
                whole = money_span(item.low, item.high, key[1], language)
                if language == "zh":
                    parts.append(f"另{item.heads}人每人{each}（共{whole}）")
                else:
                    parts.append(f"{item.heads} individuals at {each} each ({whole})")
        return ("；" if language == "zh" else "; and ").join(parts)

    def figures(self) -> dict[str, object]:
        return {
            f"{kind}_{currency}": {
                "low": str(self.low((kind, currency))),
                "high": str(self.high((kind, currency))),
            }
            for kind, currency in sorted(self.items)
        }


def _singles(items: list[Item], currency: str, language: Language) -> str:
    amounts = [format_money_in(i.penalty, language) for i in items]
    low = sum((i.low for i in items), Decimal(0))
    high = sum((i.high for i in items), Decimal(0))
    subtotal = "" if len(items) == 1 else f" ({money_span(low, high, currency, language)})"
    if language == "zh":
        sub = "" if len(items) == 1 else f"（合计{money_span(low, high, currency, language)}）"
        return f"{len(items)}笔：" + "、".join(amounts) + sub
    if len(items) == 1:
        who = items[0].penalty.bearer
        return f"{amounts[0]} ({who})"
    listed = ", ".join(amounts[:-1]) + f" and {amounts[-1]}"
    noun = "fines" if penalty_class(items[0].penalty) == FINES else "awards"
    return f"{len(items)} {noun} of {listed}{subtotal}"
