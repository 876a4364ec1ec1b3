"""Follow-ups that point into the previous list: "the first one", "the second result",
"#3", "第二条" show that development of the previous request in full, counted on the page
the user last saw (after "more", the second page). No I/O."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.engine import answer, listed
from bot.core.knowledge.store import Store
from bot.core.labels import Language


def show_picked(
    request: str,
    pick: int,
    store: Store,
    *,
    today: date | None,
    language: Language | None,
    asked: str,
    page: tuple[int, int] = (0, 5),
) -> Answer:
    """The ``pick``-th development (1-based; -1 the last) of the ``page`` (its offset and
    size) of ``request``'s answer the user last saw, in full."""
    start, size = page
    devs = listed(request, store, today=today, language=language, most=start + size)
    total = len(devs)
    last = min(start + size, total)
    position = last if pick == -1 else start + pick
    if not start < position <= last:
        total = answer(request, store, page_size=1, today=today, language=language).total
        zh = language == "zh"
        return Answer(
            kind=AnswerKind.NOTICE,
            query=asked,
            headline=(f"上一个列表只有{total}条。" if zh else f"The last list had {total} results.")
            if total
            else ("上一个问题没有结果。" if zh else "The last question found nothing to show."),
            message="Ask a new question, or `latest` for the newest developments.",
        )
    dev = devs[position - 1]
    return replace(
        answer(f"show {dev.id}", store, today=today, language=language),
        query=asked,
        request=request,
    )
