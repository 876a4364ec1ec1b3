"""The answer to a comparison ("compare fines in Henan and Zhejiang"): each side found on
its own (``compare_sides``), the direct answer comparing them, and the developments of
both sides as the list, a page at a time. No I/O."""

from __future__ import annotations

from bot.core.answers import aggregate
from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.questions import find
from bot.core.answers.sides import Parse, compare_sides
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.store import Store
from bot.core.labels import Language


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
    found = [(label, find(store, p, gaz, language=language)) for label, p in sides]
    penalties = any(p.filters.needs_penalty for _, p in sides)
    direct = aggregate.compare(
        [aggregate.Side(label, f.devs) for label, f in found],
        store,
        penalties=penalties,
        language=language,
    )
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
