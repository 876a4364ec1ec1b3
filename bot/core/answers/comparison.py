"""The answer to a comparison ("compare fines in Henan and Zhejiang"): each side found on
its own (``compare_sides``), the direct answer comparing them, and the developments of
both sides as the list, a page at a time. No I/O."""

from __future__ import annotations

from dataclasses import replace

from bot.core.answers import aggregate
from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.chinese import span_zh, zh_name
from bot.core.answers.other_years import in_year, other_years
from bot.core.answers.questions import Found, find, fines_proper
from bot.core.answers.sides import Parse, compare_sides, side_label
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.store import Store
from bot.core.labels import Language
from bot.core.query.parsed import ParsedQuery


def compared(
    text: str,
    *,
    query: str,
    store: Store,
    gaz: Gazetteer,
    parse: Parse,
    language: Language,
    offset: int,
    page_size: int,
) -> Answer | None:
    """The comparison ``text`` asks for, or ``None`` when it names no two sides."""
    sides = compare_sides(text, parse)
    if sides is None:
        return None
    notes: tuple[str, ...] = ()
    found = [(label, find(store, p, gaz, language=language)) for label, p in sides]
    moved = _in_another_year(sides, found, store)
    if moved is not None:  # "April or May?" without a year: the year the store has them in
        sides, year = moved
        zh = language == "zh"
        notes = (f"未写年份，按{year}年理解。" if zh else f"No year given: read as {year}.",)
    proper = [(label, fines_proper(p, text, store, gaz, language)) for label, p in sides]
    sides = [(label, p) for label, (p, _) in proper]  # "fines" means fines on each side
    notes += tuple(dict.fromkeys(f"{label}: {note}" for label, (_, note) in proper if note))
    found = [(label, find(store, p, gaz, language=language)) for label, p in sides]
    if language == "zh":  # the sides named in Chinese ("河南", "2022年5月")
        found = [
            (_label_zh(p, label, gaz), f) for (label, p), (_, f) in zip(sides, found, strict=True)
        ]
    penalties = any(p.filters.needs_penalty for _, p in sides)
    direct = aggregate.compare(
        [aggregate.Side(label, f.devs) for label, f in found],
        store,
        penalties=penalties,
        language=language,
    )
    direct = replace(direct, notes=notes) if notes else direct
    devs = tuple(dict.fromkeys(d for _, f in found for d in f.devs))
    page = devs[offset : offset + page_size]
    next_offset = offset + len(page)
    return Answer(
        kind=AnswerKind.RESULTS,
        query=query,
        headline=direct.text,
        results=page,
        scores=tuple(0.0 for _ in page),
        total=len(devs),
        offset=offset,
        next_offset=next_offset if page and next_offset < len(devs) else None,
        understood=tuple(u for _, p in sides for u in p.understood),
        direct=direct,
        language=language,
    )


def _in_another_year(
    sides: list[tuple[str, ParsedQuery]], found: list[tuple[str, Found]], store: Store
) -> tuple[list[tuple[str, ParsedQuery]], int] | None:
    """When no side gave a year (so it was guessed) and a side's matches are of another
    year ("April or May?" asked in December 2026, the store's May is 2022's), every side
    moves to that one year, so both sides speak of the same year (said in a note)."""
    dated = [p for _, p in sides if p.filters.has_dates]
    if not dated or any(not p.filters.year_guessed for p in dated):
        return None
    switched = [
        f.parsed.filters.date_from.year
        for (_, p), (_, f) in zip(sides, found, strict=True)
        if f.parsed.filters != p.filters and f.parsed.filters.date_from is not None
    ]
    years = switched or ([] if any(f.total for _, f in found) else None)
    if years is None:
        years = other_years(dated[0].filters, store.developments)
    if not years or dated[0].filters.guessed_year == years[0]:
        return None
    moved = []
    for _, p in sides:
        side = in_year(p, years[0]) if p.filters.year_guessed else p
        moved.append((side_label(side), side))
    return moved, years[0]


def _label_zh(parsed: ParsedQuery, label: str, gaz: Gazetteer) -> str:
    f = parsed.filters
    if f.regions:
        return "或".join(zh_name(gaz, "regions", r) for r in f.regions)
    if f.concepts:
        names = [zh_name(gaz, kind, name) for c in f.concepts for kind, name in c.names[:1]]
        return "和".join(names)
    return span_zh(f) if f.date_from and f.date_to else label
