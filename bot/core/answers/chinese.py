"""Answers in Chinese for a Chinese question: the filters understood, a development named by
its fields (place, authority, kind, date) rather than its English title, and the people a
penalty falls on, all from the gazetteer's Chinese names and the labels' Chinese words.
An English title is shown only marked as such. No I/O."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from bot.core.answers.sums import heads
from bot.core.knowledge.gazetteer import Gazetteer, Kind, default_gazetteer
from bot.core.knowledge.model import Development, Penalty, PenaltyKind
from bot.core.labels import (
    CATEGORY_LABELS_ZH,
    CATEGORY_NEWS_LABELS_ZH,
    PENALTY_KIND_LABELS_ZH,
    STATUS_LABELS_ZH,
    format_amount_in,
    format_day_in,
    format_money_in,
)
from bot.core.lexicon.months import month_end
from bot.core.lexicon.persons import people_named
from bot.core.query.filters import PUNITIVE_KINDS, Filters, describe_amounts

_CJK = re.compile(r"[\u3400-\u9fff]")


class _Named(Protocol):
    name: str
    aliases: tuple[str, ...]


_KINDS: dict[str, Kind] = {
    "authorities": "authorities",
    "laws": "laws",
    "sectors": "sectors",
    "topics": "topics",
    "entities": "entities",
}


def zh_name(gaz: Gazetteer, kind: Kind, name: str) -> str:
    """The gazetteer's Chinese name for ``name`` (its first Chinese alias), or ``name``."""
    entry = next((e for e in getattr(gaz.data, kind) if e.name == name), None)
    if entry is None:
        return name
    return next((a for a in entry.aliases if _CJK.search(a)), name)


def _chinese_alias(entries: Sequence[_Named], name: str) -> str | None:
    """The first Chinese alias of the entry called ``name`` (a group, a document type)."""
    entry = next((e for e in entries if name and e.name == name), None)
    if entry is None:
        return None
    return next((a for a in entry.aliases if _CJK.search(a)), None)


def has_chinese_name(gaz: Gazetteer, kind: Kind, name: str) -> bool:
    return bool(_CJK.search(zh_name(gaz, kind, name)))


def span_zh(filters: Filters) -> str:
    """The period of ``filters`` in Chinese: ``2022年6月``, ``2022年5月10日至12日``."""
    start, end = filters.date_from, filters.date_to
    if start and end:
        if start == end:
            return format_day_in(start, "zh")
        if start.day == 1 and end == month_end(start.year, start.month):
            return f"{start.year}年{start.month}月"
        whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
        if whole_year and start.year == end.year:
            return f"{start.year}年"
        return f"{format_day_in(start, 'zh')}至{format_day_in(end, 'zh')}"
    if start:
        return f"{format_day_in(start, 'zh')}以来"
    if end:
        return f"{format_day_in(end, 'zh')}以前"
    return ""


def describe_zh(filters: Filters, gaz: Gazetteer) -> str:
    """The filters as a short Chinese phrase: ``罚款 · 浙江省 · 2021年``."""
    parts: list[str] = []
    if filters.needs_penalty:
        if filters.penalty_kinds == PUNITIVE_KINDS:
            parts.append("罚款（不含赔偿）")
        elif filters.penalty_kinds:
            parts.append(
                "或".join(sorted(PENALTY_KIND_LABELS_ZH[k] for k in filters.penalty_kinds))
            )
        else:
            parts.append("罚款及其他罚没")
    parts.extend(CATEGORY_LABELS_ZH[c] for c in sorted(filters.categories))
    parts.extend(STATUS_LABELS_ZH[s] for s in sorted(filters.statuses))
    if filters.regions:
        parts.append("或".join(zh_name(gaz, "regions", r) for r in filters.regions))
    for concept in filters.concepts:
        group = _chinese_alias(gaz.data.authority_groups, concept.group)
        names = [zh_name(gaz, _KINDS[kind], name) for kind, name in concept.names]
        parts.append(group or "或".join(dict.fromkeys(names)))
    parts.extend(
        _chinese_alias(gaz.data.document_types, d.name) or d.name for d in filters.documents
    )
    span = span_zh(filters)
    if span:
        lead = {
            "published": "",
            "effective": "生效：",
            "comment": "征求意见截止：",
            "content": "内容提及：",
        }
        parts.append(lead[filters.date_field] + span)
    amount = describe_amounts(filters)
    if amount:
        parts.append(_amount_zh(filters))
    for other in filters.exclude:
        parts.append("不包括" + describe_zh(other, gaz))
    parts.extend(f"不包括“{t}”" for t in filters.excluded_terms)
    return " · ".join(p for p in parts if p)


def _amount_zh(filters: Filters) -> str:
    lo, hi = filters.amount_min, filters.amount_max
    out = []
    if lo is not None:
        out.append(("不低于" if lo.inclusive else "超过") + format_amount_in(lo.value, "CNY", "zh"))
    if hi is not None:
        out.append(("不超过" if hi.inclusive else "低于") + format_amount_in(hi.value, "CNY", "zh"))
    return "、".join(out)


def dev_label_zh(dev: Development, gaz: Gazetteer) -> str:
    """A development named in Chinese from its fields: a penalty by its fact (who was fined
    how much by whom: ``绍兴银行被中国人民银行罚款550万元``), anything else by who issued it
    and its kind (``黑龙江省人大常委会法规动态（已通过）``); the English title is left to the
    list of results, marked as English."""
    if dev.penalties:
        facts = [penalty_sentence_zh(p, dev, gaz) for p in dev.penalties[:2]]
        return "，".join(facts) + ("等" if len(dev.penalties) > 2 else "")
    who = [zh_name(gaz, "authorities", a) for a in dev.authorities[:2]]
    who = [w for w in who if _CJK.search(w)] or [
        zh_name(gaz, "regions", r) for r in dev.regions if r != "national"
    ][:1]
    entities = [zh_name(gaz, "entities", e) for e in dev.entities[:2]]
    entities = [e for e in entities if _CJK.search(e)]
    kind = CATEGORY_NEWS_LABELS_ZH[dev.category]
    if dev.status is not None:
        kind += f"（{STATUS_LABELS_ZH[dev.status]}）"
    places = [zh_name(gaz, "regions", r) for r in dev.regions if r != "national"]
    head = "、".join(who) if who else "全国"
    if places and who and places[0] not in head and _CJK.search(places[0]):
        head = places[0] + head  # 人大常委会 -> 黑龙江省人大常委会
    about = f"，涉及{'、'.join(entities)}" if entities else ""
    return f"{head}{kind}{about}"


def authority_zh(dev: Development, gaz: Gazetteer) -> str:
    """Who acted, in Chinese: the first authority's Chinese name, after the place it sits in
    when the name says none (``禹州市`` + ``市场监督管理局``); a national body (中国…, 国家…,
    全国…) as it is."""
    if not dev.authorities:
        return ""
    name = zh_name(gaz, "authorities", dev.authorities[0])
    if not _CJK.search(name) or name.startswith(("中国", "国家", "全国", "最高")):
        return name
    places = [zh_name(gaz, "regions", r) for r in dev.regions if r != "national"]
    place = next((p for p in reversed(places) if _CJK.search(p)), "")
    return name if not place or place in name else place + name


def penalty_sentence_zh(penalty: Penalty, dev: Development, gaz: Gazetteer) -> str:
    """``绍兴银行被中国人民银行罚款550万元``, ``绍兴银行7名责任人各被…罚款1万元至7万元``."""
    money = format_money_in(penalty, "zh")
    who = bearer_zh(penalty, gaz)
    if penalty.kind == PenaltyKind.COMPENSATION:
        return f"{who}被判赔偿{money}"
    if penalty.kind == PenaltyKind.CRIMINAL_FINE:
        return f"{who}被判处罚金{money}"
    if penalty.kind == PenaltyKind.CONFISCATION:
        return f"{who}被没收{money}"
    each = "各" if heads(penalty) > 1 else ""
    return f"{who}{each}被{authority_zh(dev, gaz)}罚款{money}"


def english_title(dev: Development) -> str:
    return f"英文标题：{dev.title}"


def bearer_zh(penalty: Penalty, gaz: Gazetteer) -> str:
    """Who a penalty falls on, in Chinese: an entity's Chinese name; "7 responsible persons
    of Shaoxing Bank" as ``绍兴银行7名责任人``; otherwise the name as recorded."""
    bearer = penalty.bearer
    direct = zh_name(gaz, "entities", bearer)
    if direct != bearer:
        return direct
    count = people_named(bearer)
    owner = next(
        (e for e in gaz.data.entities if e.name in bearer and e.name != bearer),
        None,
    )
    owner_zh = zh_name(gaz, "entities", owner.name) if owner is not None else ""
    if count:
        return f"{owner_zh}{count}名责任人" if owner_zh else f"{count}名个人"
    return bearer


def title_in(dev: Development, language: str) -> str:
    """How a sentence names ``dev``: its title, or in Chinese its fields' Chinese names."""
    return dev_label_zh(dev, default_gazetteer()) if language == "zh" else dev.title
