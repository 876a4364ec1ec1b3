"""The average and the median penalty: per currency (amounts in different currencies are
never converted), fines apart from court-ordered compensation, each person of a penalty
"each" on several people counted as one penalty, and a range ("CNY 10,000–70,000") read at
both ends, so the answer is a range whenever one is. The answer says what it was computed
over, so a lawyer can check it. No I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from bot.core.answers.answer import DirectAnswer
from bot.core.answers.citations import cite_all
from bot.core.answers.intent import Ask
from bot.core.answers.sums import COMPENSATION, FINES, Item, Tally, money_span
from bot.core.knowledge.model import Development, PenaltyKind
from bot.core.knowledge.store import Store
from bot.core.labels import Language


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), ROUND_HALF_UP)


def _each(items: Sequence[Item]) -> tuple[list[Decimal], list[Decimal]]:
    """The low and high reading of every single penalty (one per person fined "each")."""
    lows = [i.penalty.amount for i in items for _ in range(i.heads)]
    highs = [i.penalty.largest for i in items for _ in range(i.heads)]
    return lows, highs


def central(
    devs: Sequence[Development],
    store: Store,
    asked_kinds: frozenset[PenaltyKind],
    language: Language,
    *,
    middle: bool,
) -> DirectAnswer | None:
    """The average (``middle``: the median) fine, or compensation award when that is what
    is asked; ``None`` when no such penalty is recorded."""
    cls_ = COMPENSATION if asked_kinds == {PenaltyKind.COMPENSATION} else FINES
    tally = Tally.of(devs, frozenset({cls_}))
    keys = tally.keys(cls_)
    if not keys:
        return None
    zh = language == "zh"
    parts: list[str] = []
    figures: dict[str, object] = {}
    ranged = False
    for key in keys:
        lows, highs = _each(tally.items[key])
        pick = median if middle else (lambda xs: sum(xs, Decimal(0)) / len(xs))
        low, high = Decimal(pick(lows)), Decimal(pick(highs))
        ranged = ranged or lows != highs
        n = len(lows)
        figures[f"{cls_}_{key[1]}"] = {"low": str(low), "high": str(high), "penalties": n}
        value = money_span(_whole(low), _whole(high), key[1], language)
        if zh:
            parts.append(f"{value}（{n}笔）")
        else:
            noun = "fine" if cls_ == FINES else "award"
            parts.append(f"{value} (over {n} {noun}{'' if n == 1 else 's'})")
    what = ("中位数" if middle else "平均") if zh else ("median" if middle else "average")
    if zh:
        label = "罚款" if cls_ == FINES else "赔偿（不是罚款）"
        text = f"{label}{what}：" + "；".join(parts) + f"。计入：{tally.made_of(cls_, language)}。"
        text += "每名被罚者各计一笔；金额为区间的，按最低和最高分别计算。" if ranged else ""
        text += "不同币种分别计算，未换算。" if len(keys) > 1 else ""
    else:
        noun = "fine" if cls_ == FINES else "compensation award (not a fine)"
        text = (
            f"The {what} {noun}: " + "; ".join(parts) + f", from {tally.made_of(cls_, language)}."
        )
        if ranged:
            text += (
                " Each person fined counts as one fine; amounts given as a range are taken "
                "at their lowest and at their highest."
            )
        if len(keys) > 1:
            text += " Each currency apart, not converted."
    penalised = [d for d in devs if d.id in tally.developments.get(cls_, set())]
    ask = Ask.MEDIAN if middle else Ask.AVERAGE
    return DirectAnswer(ask.value, text, cite_all(penalised, store, language), figures)
