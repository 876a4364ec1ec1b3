"""The numbers behind the digest's chart: developments per category in each of the twelve
months up to the digest's month, and the month's fines by region. Publishable developments
only. Pure; ``bot.edge.render.chart`` draws it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.core.knowledge.model import Category
from bot.core.knowledge.review import is_published
from bot.core.knowledge.store import Store
from bot.core.labels import CATEGORY_HEADINGS, CATEGORY_ORDER, format_amount
from bot.core.lexicon.persons import per_head_count
from bot.core.periods.digest import fines_of, parse_month

MONTHS_SHOWN = 12
REGIONS_SHOWN = 8


@dataclass(frozen=True)
class ChartData:
    month: str  # YYYY-MM, the digest's month (the last one shown)
    months: tuple[str, ...]  # oldest first
    per_category: dict[Category, tuple[int, ...]]  # one count per month
    fines_by_region: tuple[tuple[str, Decimal], ...]  # largest first, CNY

    def alt_text(self) -> str:
        """What the chart shows, in words, for screen readers (Slack's ``alt_txt``)."""
        totals = ", ".join(
            f"{CATEGORY_HEADINGS[c]} {sum(self.per_category[c])}" for c in CATEGORY_ORDER
        )
        latest = ", ".join(
            f"{CATEGORY_HEADINGS[c]} {self.per_category[c][-1]}" for c in CATEGORY_ORDER
        )
        text = (
            f"Bar chart of developments per category per month from {self.months[0]} to "
            f"{self.months[-1]} (totals: {totals}; in {self.month}: {latest})."
        )
        if self.fines_by_region:
            fines = "; ".join(f"{r} {format_amount(a)}" for r, a in self.fines_by_region)
            text += f" Fines by region in {self.month}: {fines}."
        else:
            text += f" No fines recorded in {self.month}."
        return text


def _months_up_to(month: str, count: int) -> tuple[str, ...]:
    year, number = parse_month(month)
    index = year * 12 + number - 1
    return tuple(f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1))


def chart_data(store: Store, month: str) -> ChartData:
    months = _months_up_to(month, MONTHS_SHOWN)
    position = {m: i for i, m in enumerate(months)}
    counts = {c: [0] * len(months) for c in CATEGORY_ORDER}
    fines: dict[str, Decimal] = {}
    for dev in store.developments:
        if not is_published(dev) or dev.month not in position:
            continue
        counts[dev.category][position[dev.month]] += 1
        if dev.month == month and dev.penalties:
            region = next((r for r in dev.regions if r != "national"), "national")
            amount = sum(
                (
                    p.largest * per_head_count(p.bearer, p.note)
                    for p in fines_of(dev)  # compensation is not a fine
                    if p.currency == "CNY"
                ),
                Decimal(0),
            )
            if amount:
                fines[region] = fines.get(region, Decimal(0)) + amount
    ranked = sorted(fines.items(), key=lambda item: (-item[1], item[0]))[:REGIONS_SHOWN]
    return ChartData(month, months, {c: tuple(v) for c, v in counts.items()}, tuple(ranked))
