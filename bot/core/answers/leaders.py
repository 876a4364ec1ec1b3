"""Which authority, region, sector or company … the most: every matching development put
under its authorities (top-level regions, sectors, or the bearers of its penalties), ranked
by number and, for penalties, by the amount added up per currency; the one in front named
first, a tie said as a tie, ranges that overlap said to leave the order open, and what was
counted said plainly (compensation is not a fine). No I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from bot.core.answers.answer import DirectAnswer
from bot.core.answers.chinese import bearer_zh, zh_name
from bot.core.answers.citations import cite_all
from bot.core.answers.intent import Ask, Intent
from bot.core.answers.sums import heads, money_span
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import BearerType, Development, Penalty, PenaltyKind
from bot.core.knowledge.store import Store
from bot.core.labels import Language
from bot.core.query.filters import PUNITIVE_KINDS

SHOWN_AFTER = 3
"""How many followers are named after the one (or the ones tied) in front."""
SHOWN_IN_BREAKDOWN = 12
"""… when every group was asked for ("fines by region")."""

_NOUNS = {  # (one, many) in English, then Chinese
    "authorities": ("authority", "authorities", "部门"),
    "regions": ("region", "regions", "地区"),
    "sectors": ("sector", "sectors", "行业"),
    "companies": ("company", "companies", "企业"),
    "individuals": ("individual", "individuals", "个人"),
    "bearers": ("party", "parties", "被处罚方"),
}
_BEARERS = {"companies": BearerType.ENTITY, "individuals": BearerType.INDIVIDUAL}


@dataclass
class _Group:
    name: str  # as shown
    devs: dict[str, Development] = field(default_factory=dict)
    penalties: int = 0
    low: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    high: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def add(self, dev: Development, penalties: Sequence[Penalty]) -> None:
        self.devs[dev.id] = dev
        for p in penalties:
            self.penalties += 1
            self.low[p.currency] += p.amount * heads(p)
            self.high[p.currency] += p.largest * heads(p)


def searched_text(text: str, intent: Intent) -> str:
    """``text`` to search with: "which industry … the most" ranks by sector, so "industry"
    ("行业") is not also the category of industry news; "by region" ("按地区统计") says how
    to group, not what to find."""
    if intent.ask is not Ask.TOP or not intent.ranked_by:
        return text
    if intent.breakdown or intent.group_by == "sectors":  # "by region", "按部门统计"
        return text.replace(intent.ranked_by, " ", 1)
    return text


def _keys(dev: Development, by: str, gaz: Gazetteer) -> list[str]:
    if by == "regions":  # places only: "national" is no region one ranks
        return sorted({gaz.region_with_ancestors([r])[-1] for r in dev.regions} - {"national"})
    if by == "sectors":
        return sorted(set(dev.sectors))
    if by == "authorities":
        return sorted(set(dev.authorities))
    return sorted(set(dev.entities))


def _shown(gaz: Gazetteer, by: str, key: str, language: Language) -> str:
    if language != "zh":
        return key
    if by in ("authorities", "regions", "sectors"):
        return zh_name(gaz, by, key)  # type: ignore[arg-type]
    return zh_name(gaz, "entities", key)


def _groups(
    devs: Sequence[Development],
    gaz: Gazetteer,
    by: str,
    kinds: frozenset[PenaltyKind] | None,
    language: Language,
) -> tuple[dict[str, _Group], int]:
    """The groups, and how many developments fell in none (nationwide, no authority named)."""
    groups: dict[str, _Group] = {}
    outside = 0
    for dev in devs:
        pool = [p for p in dev.penalties if kinds is None or p.kind in kinds]
        if kinds is not None and not pool:
            continue
        if kinds is not None and by in ("companies", "individuals", "bearers"):
            wanted = _BEARERS.get(by)
            mine = [p for p in pool if wanted is None or p.bearer_type is wanted]
            for p in mine:
                name = bearer_zh(p, gaz) if language == "zh" else p.bearer
                groups.setdefault(p.bearer, _Group(name)).add(dev, [p])
            outside += not mine
            continue
        keys = _keys(dev, by, gaz)
        outside += not keys
        for key in keys:
            groups.setdefault(key, _Group(_shown(gaz, by, key, language))).add(dev, pool)
    return groups, outside


def _names(names: Sequence[str], language: Language) -> str:
    if language == "zh":
        return "、".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"


def _by_number(
    groups: list[_Group], unit: tuple[str, str, str], bearers: bool, zh: bool, shown: int
) -> str:
    def n(g: _Group) -> int:
        return g.penalties if bearers else len(g.devs)

    ranked = sorted(groups, key=lambda g: (-n(g), g.name))
    top = n(ranked[0])
    front = [g.name for g in ranked if n(g) == top]
    rest = [g for g in ranked if n(g) < top][:shown]
    one, many, cjk = unit
    lang: Language = "zh" if zh else "en"
    if zh:
        lead = f"按{cjk}数量："
        if len(ranked) == 1:
            return lead + f"只有{front[0]}，{top}条"
        if len(front) > 1:
            text = lead + f"{_names(front, lang)}并列最多，各{top}条"
        else:
            text = lead + f"{front[0]}最多（{top}条）"
        return text + ("；其次" + "、".join(f"{g.name}（{n(g)}条）" for g in rest) if rest else "")
    label = f"By number of {many}: "
    count = f"{top} {one if top == 1 else many}"
    if len(ranked) == 1:
        return label + f"only {front[0]}, with {count}"
    if len(front) > 1:
        text = label + f"a tie between {_names(front, lang)}, {top} each"
    else:
        text = label + f"{front[0]} leads with {count}"
    return text + ("; then " + ", ".join(f"{g.name} ({n(g)})" for g in rest) if rest else "")


def _by_amount(groups: list[_Group], currency: str, language: Language, shown: int) -> str:
    zh = language == "zh"
    have = [g for g in groups if currency in g.low]
    ranked = sorted(have, key=lambda g: (-g.low[currency], -g.high[currency], g.name))

    def money(g: _Group) -> str:
        return money_span(g.low[currency], g.high[currency], currency, language)

    top = ranked[0]
    front = [
        g
        for g in ranked
        if (g.low[currency], g.high[currency]) == (top.low[currency], top.high[currency])
    ]
    rest = [g for g in ranked if g not in front][:shown]
    open_order = bool(rest) and len(front) == 1 and rest[0].high[currency] > top.low[currency]
    lead = f"按罚款金额（{currency}）：" if zh else f"By amount ({currency}): "
    names = _names([g.name for g in front], language)
    if len(ranked) == 1:
        text = lead + (f"只有{names}，{money(top)}" if zh else f"only {names}, {money(top)}")
    elif len(front) > 1:
        text = lead + (
            f"{names}并列最多，各{money(top)}"
            if zh
            else f"a tie between {names}, {money(top)} each"
        )
    elif open_order:
        text = lead + (
            f"无法确定谁最多：{names}{money(top)}，{rest[0].name}{money(rest[0])}，金额区间重叠"
            if zh
            else f"no sure leader: {names} {money(top)} and {rest[0].name} {money(rest[0])} overlap"
        )
        rest = rest[1:]
    else:
        text = lead + (f"{names}最多，{money(top)}" if zh else f"{names} leads with {money(top)}")
    if rest:
        sep, then = ("、", "；其次") if zh else (", ", "; then ")
        text += then + sep.join(
            f"{g.name}（{money(g)}）" if zh else f"{g.name} ({money(g)})" for g in rest
        )
    return text


def _counted(
    devs: Sequence[Development],
    groups: dict[str, _Group],
    outside: int,
    by: str,
    penalties: bool,
    kinds: frozenset[PenaltyKind] | None,
    zh: bool,
) -> str:
    counted = {d for g in groups.values() for d in g.devs}
    several = any(sum(dev_id in g.devs for g in groups.values()) > 1 for dev_id in counted)
    comp = penalties and kinds is not None and PenaltyKind.COMPENSATION not in kinds
    comp = comp and any(p.kind is PenaltyKind.COMPENSATION for d in devs for p in d.penalties)
    awards = kinds is not None and kinds <= {PenaltyKind.COMPENSATION}
    what = ("赔偿", " with compensation") if awards else ("罚款", " with fines")
    what = what if penalties else ("", "")
    n = len(counted)
    parts = [
        f"统计范围：{n}条{what[0]}动态"
        if zh
        else f"Counted: {n} {'development' if n == 1 else 'developments'}{what[1]}"
    ]
    if several:
        parts.append(
            "一条动态涉及多个时分别计入"
            if zh
            else f"one naming several {_NOUNS[by][1]} counts for each"
        )
    if outside:
        if zh:
            why = "被罚的不是" + _NOUNS[by][2] if by in _BEARERS and penalties else "全国性或未载明"
            parts.append(f"{outside}条无法归入（{why}）")
        else:
            why = "nationwide" if by == "regions" else f"no {_NOUNS[by][0]} named"
            why = f"none fined is a {_NOUNS[by][0]}" if by in _BEARERS and penalties else why
            parts.append(f"{outside} not counted ({why})")
    if comp:
        parts.append(
            "法院判令的赔偿不是罚款，未计入"
            if zh
            else "court-ordered compensation is not a fine and is left out"
        )
    return ("；" if zh else "; ").join(parts) + ("。" if zh else ".")


def _unit(bearers: bool, penalties: bool, awards: bool) -> tuple[str, str, str]:
    """What is counted, (one, many, Chinese): fines, or compensation awards when only
    those were asked for (never called fines)."""
    if bearers:
        return ("award", "awards", "赔偿") if awards else ("fine", "fines", "罚款")
    if awards:
        return ("development with compensation", "developments with compensation", "赔偿动态")
    if penalties:
        return ("development with fines", "developments with fines", "罚款动态")
    return ("development", "developments", "动态")


def _none_of(
    devs: Sequence[Development], by: str, store: Store, language: Language
) -> DirectAnswer:
    """None of the matches falls in any group ("which company paid the most compensation?"
    when only individuals were ordered to pay): said, not a list that reads as an answer."""
    n = len(devs)
    if language == "zh":
        text = f"符合条件的{n}条动态都无法按{_NOUNS[by][2]}归类，无从比较。"
    else:
        one = _NOUNS[by][0]
        text = (
            f"No {one} is named in the {n} matching {'development' if n == 1 else 'developments'}"
        )
        text += " (as the one fined or ordered to pay), so there is nothing to rank."
        text = (
            text
            if by in _BEARERS or by == "bearers"
            else text.replace(" (as the one fined or ordered to pay)", "")
        )
    return DirectAnswer(Ask.TOP.value, text, cite_all(devs, store, language))


def top(
    intent: Intent,
    devs: Sequence[Development],
    store: Store,
    gaz: Gazetteer,
    asked_kinds: frozenset[PenaltyKind],
    *,
    penalties: bool,
    language: Language,
) -> DirectAnswer | None:
    """Which group comes first, by number and (for penalties) by amount per currency."""
    zh = language == "zh"
    by = intent.group_by or "authorities"
    kinds = (asked_kinds or PUNITIVE_KINDS) if penalties else None
    groups, outside = _groups(devs, gaz, by, kinds, language)
    if not groups:
        return _none_of(devs, by, store, language) if devs else None
    bearers = penalties and by in ("companies", "individuals", "bearers")
    awards = kinds is not None and kinds <= {PenaltyKind.COMPENSATION}
    unit = _unit(bearers, penalties, awards)
    listed = list(groups.values())
    shown = SHOWN_IN_BREAKDOWN if intent.breakdown else SHOWN_AFTER
    parts = [_by_number(listed, unit, bearers, zh, shown)]
    currencies = sorted({c for g in listed for c in g.low}) if penalties else []
    amounts = [_by_amount(listed, c, language, shown) for c in currencies]
    parts = [*amounts, *parts] if intent.by_amount else [*parts, *amounts]
    text = ("。" if zh else ". ").join(parts) + ("。" if zh else ". ")
    text += _counted(devs, groups, outside, by, penalties, kinds, zh)
    money = currencies[0] if currencies else ""
    first = sorted(
        listed,
        key=lambda g: (-g.low.get(money, 0), -len(g.devs)) if intent.by_amount else (-len(g.devs),),
    )
    ordered = list(dict.fromkeys(d for g in first for d in g.devs.values()))
    figures: dict[str, object] = {
        "by": by,
        "groups": {
            g.name: {
                "developments": sorted(g.devs),
                "penalties": g.penalties,
                **{c: {"low": str(g.low[c]), "high": str(g.high[c])} for c in g.low},
            }
            for g in listed
        },
    }
    return DirectAnswer(Ask.TOP.value, text, cite_all(ordered, store, language), figures)
