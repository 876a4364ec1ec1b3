"""Answers over every matching development: how many (fines, compensation and other kinds
kept apart), totals per currency, the largest or smallest penalty, a comparison of two
sides, and a grouping ("which regulators issued drafts": each regulator with its drafts).
No I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.answers.answer import DirectAnswer
from bot.core.answers.citations import cite, cite_all, when_label
from bot.core.answers.facts import chinese_name, penalty_sentence
from bot.core.answers.intent import Ask
from bot.core.answers.sums import COMPENSATION, FINES, Tally, penalty_class
from bot.core.knowledge.gazetteer import Gazetteer, Kind
from bot.core.knowledge.model import Development, PenaltyKind
from bot.core.knowledge.store import Store
from bot.core.labels import Language
from bot.core.query.filters import PUNITIVE_KINDS


def _classes(asked_kinds: frozenset[PenaltyKind]) -> frozenset[str]:
    if not asked_kinds:
        return frozenset({FINES, COMPENSATION})
    return frozenset(COMPENSATION if k == PenaltyKind.COMPENSATION else FINES for k in asked_kinds)


def _n(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def count(
    devs: Sequence[Development],
    store: Store,
    described: str,
    *,
    penalties: bool,
    language: Language,
) -> DirectAnswer:
    """How many developments match; with penalties, fines and compensation told apart."""
    total = len(devs)
    figures: dict[str, object] = {"count": total}
    if penalties:
        with_fines = sum(1 for d in devs if any(penalty_class(p) == FINES for p in d.penalties))
        only_comp = total - with_fines
        figures.update({"with_fines": with_fines, "compensation_only": only_comp})
        if not only_comp:
            text = (
                f"共{total}条罚款动态" + (f"（{described}）" if described else "") + "。"
                if language == "zh"
                else f"{_n(total, 'development', 'developments')} with fines"
                + (f": {described}." if described else ".")
            )
        elif language == "zh":
            text = f"共{total}条涉及罚没的动态：{with_fines}条罚款，{only_comp}条仅为赔偿。"
        else:
            text = (
                f"{_n(total, 'development', 'developments')} with monetary penalties: "
                f"{with_fines} with fines, {only_comp} with compensation only."
            )
    elif language == "zh":
        text = f"共{total}条" + (f"（{described}）" if described else "") + "。"
    else:
        text = _n(total, "development", "developments") + (f": {described}." if described else ".")
    return DirectAnswer(Ask.HOW_MANY.value, text, cite_all(devs, store, language), figures)


def total(
    devs: Sequence[Development],
    store: Store,
    asked_kinds: frozenset[PenaltyKind],
    language: Language,
) -> DirectAnswer:
    """Totals per currency, fines and compensation kept apart."""
    classes = _classes(asked_kinds)
    tally = Tally.of(devs, classes)
    parts = []
    for cls_ in (FINES, COMPENSATION):
        if cls_ not in classes or cls_ not in tally.developments:
            continue
        n = len(tally.developments[cls_])
        amount = tally.phrase(cls_, language)
        made = tally.made_of(cls_, language)
        if language == "zh":
            label = "罚款合计" if cls_ == FINES else "赔偿合计（不是罚款）"
            parts.append(f"{label}{amount}（{n}条动态：{made}）")
        else:
            label = "Fines total" if cls_ == FINES else "Compensation (not a fine) totals"
            parts.append(f"{label} {amount} ({_n(n, 'development', 'developments')}: {made})")
    if not parts:
        text = "没有记录罚没金额。" if language == "zh" else "No monetary penalty is recorded."
    else:
        text = ("；" if language == "zh" else "; ").join(parts) + (
            "。" if language == "zh" else "."
        )
    penalised = [d for d in devs if d.penalties]
    return DirectAnswer(
        Ask.TOTAL.value, text, cite_all(penalised, store, language), tally.figures()
    )


def extreme(
    devs: Sequence[Development],
    store: Store,
    gaz: Gazetteer,
    asked_kinds: frozenset[PenaltyKind],
    *,
    largest: bool,
    language: Language,
) -> DirectAnswer | None:
    """The largest (or smallest) penalty among ``devs``; fines unless compensation is asked."""
    kinds = asked_kinds or PUNITIVE_KINDS
    pool = [(p, d) for d in devs for p in d.penalties if p.kind in kinds]
    if not pool:
        return None
    if largest:
        penalty, dev = max(pool, key=lambda item: (item[0].largest, item[1].date))
    else:
        penalty, dev = min(pool, key=lambda item: (item[0].amount, item[1].date))
    fact = penalty_sentence(penalty, dev, gaz, language)
    if language == "zh":
        lead = "最大一笔：" if largest else "最小一笔："
        text = f"{lead}{fact}（{when_label(dev, language)}）。"
    else:
        lead = "The largest" if largest else "The smallest"
        kind = "compensation award" if kinds == {PenaltyKind.COMPENSATION} else "penalty"
        text = f"{lead} {kind}: {fact} ({when_label(dev, language)})."
    ask = Ask.LARGEST if largest else Ask.SMALLEST
    figures: dict[str, object] = {
        "amount": str(penalty.largest if largest else penalty.amount),
        "id": dev.id,
    }
    return DirectAnswer(ask.value, text, (cite(dev, store, language=language),), figures)


@dataclass(frozen=True)
class Side:
    label: str
    devs: tuple[Development, ...]


def _side_money(tally: Tally, language: Language) -> str:
    """A side's money: fines added up, and court-ordered compensation apart from them."""
    zh = language == "zh"
    fines = tally.phrase(FINES, language) if FINES in tally.developments else ""
    comp = tally.phrase(COMPENSATION, language) if COMPENSATION in tally.developments else ""
    if zh:
        text = f"，罚款合计{fines}" if fines else ("，无罚款" if comp else "")
        return text + (f"，另有法院判令的赔偿{comp}（不是罚款）" if comp else "")
    text = f", {fines} in total" if fines else (", no fine" if comp else "")
    return text + (f"; {comp} court-ordered compensation (not a fine)" if comp else "")


def _verdict(
    sides: Sequence[Side], tallies: Sequence[Tally], penalties: bool, language: Language
) -> str:
    """Which of two sides has more: by number (of developments with fines, for penalties:
    compensation is not a fine), then by the fines added up (one currency, and only when
    the totals' ranges do not overlap; otherwise it says it cannot tell)."""
    zh = language == "zh"
    (a, b), (ta, tb) = sides, tallies
    if penalties:
        na, nb = (len(t.developments.get(FINES, ())) for t in tallies)
        what = ("罚款动态", "developments with fines")
    else:
        na, nb = len(a.devs), len(b.devs)
        what = ("动态", "developments")
    if na == nb == 0:
        parts = [f"两边都没有{what[0]}" if zh else f"No {what[1]} on either side"]
    elif na == nb:
        same = f"两边{what[0]}数量相同（各{na}条）"
        parts = [same if zh else f"The same number of {what[1]} ({na} each)"]
    else:
        more = a if na > nb else b
        n1, n2 = max(na, nb), min(na, nb)
        more_zh = f"{more.label}的{what[0]}更多（{n1}比{n2}）"
        parts = [more_zh if zh else f"More {what[1]} in {more.label} ({n1} to {n2})"]
    keys = {k for t in tallies for k in t.keys(FINES)}
    if len(keys) == 1 and all(t.keys(FINES) for t in tallies):
        [key] = keys
        if ta.low(key) > tb.high(key) or tb.low(key) > ta.high(key):
            bigger = a.label if ta.low(key) > tb.high(key) else b.label
            parts.append(f"罚款总额{bigger}更高" if zh else f"larger fines in total: {bigger}")
        elif (ta.low(key), ta.high(key)) == (tb.low(key), tb.high(key)):
            parts.append("罚款总额相同" if zh else "the same fines in total")
        else:
            parts.append(
                "罚款总额区间重叠，无法判断高低"
                if zh
                else "the fines' ranges overlap: no sure larger total"
            )
    elif len(keys) == 1:
        bigger = a.label if ta.keys(FINES) else b.label
        parts.append(f"只有{bigger}有罚款" if zh else f"fines only in {bigger}")
    return ("；" if zh else "; ").join(parts) + ("。" if zh else ".")


def compare(
    sides: Sequence[Side], store: Store, *, penalties: bool, language: Language
) -> DirectAnswer:
    parts = []
    figures: dict[str, object] = {}
    tallies = []
    for side in sides:
        n = len(side.devs)
        figures[side.label] = {"count": n}
        tally = Tally.of(side.devs, frozenset({FINES, COMPENSATION}))
        tallies.append(tally)
        money = _side_money(tally, language) if penalties else ""
        if penalties:
            figures[side.label] = {"count": n, **tally.figures()}
        if language == "zh":
            parts.append(f"{side.label}：{n}条{money}")
        else:
            parts.append(f"{side.label}: {_n(n, 'development', 'developments')}{money}")
    text = ("；" if language == "zh" else "; ").join(parts) + ("。" if language == "zh" else ".")
    if len(sides) == 2:
        text += ("" if language == "zh" else " ") + _verdict(sides, tallies, penalties, language)
    devs = [d for side in sides for d in side.devs]
    return DirectAnswer(Ask.COMPARE.value, text, cite_all(devs, store, language), figures)


def group(
    devs: Sequence[Development],
    store: Store,
    gaz: Gazetteer,
    by: str,
    language: Language,
) -> DirectAnswer:
    """Each authority (or top-level region) with its developments, most first."""
    groups: dict[str, list[Development]] = defaultdict(list)
    for dev in devs:
        if by == "regions":  # places only: "national" is not a region one asks "which" of
            keys = {gaz.region_with_ancestors([r])[-1] for r in dev.regions} - {"national"}
            if not keys:
                continue
        else:
            keys = set(dev.authorities) or {"—"}
        for key in sorted(keys):
            groups[key].append(dev)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    parts = []
    for key, members in ordered:
        kind: Kind = "regions" if by == "regions" else "authorities"
        name = chinese_name(gaz, kind, key) if language == "zh" else key
        items = ", ".join(f"{d.title} ({when_label(d, language)})" for d in members[:3])
        parts.append(f"{name} ({len(members)}): {items}")
    lead = (
        f"共{len(groups)}个："
        if language == "zh"
        else _n(
            len(groups),
            *(("region", "regions") if by == "regions" else ("authority", "authorities")),
        )
        + ": "
    )
    text = lead + "; ".join(parts) + "."
    figures: dict[str, object] = {key: [d.id for d in members] for key, members in ordered}
    return DirectAnswer(Ask.GROUP.value, text, cite_all(devs, store, language), figures)
