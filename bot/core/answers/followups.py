"""Follow-ups that point into the previous list: "the first one", "the second result",
"#3", "第二条" show that development of the previous request in full. No I/O."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.engine import answer
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
) -> Answer:
    """The ``pick``-th development (1-based; -1 the last) of ``request``'s answer, in full."""
    whole = answer(request, store, page_size=1, today=today, language=language)
    total = whole.total
    position = total if pick == -1 else pick
    if not whole.results or not 1 <= position <= total:
        zh = language == "zh"
        return Answer(
            kind=AnswerKind.NOTICE,
            query=asked,
            headline=(f"上一个列表只有{total}条。" if zh else f"The last list had {total} results.")
            if total
            else ("上一个问题没有结果。" if zh else "The last question found nothing to show."),
            message="Ask a new question, or `latest` for the newest developments.",
        )
    nth = answer(request, store, offset=position - 1, page_size=1, today=today, language=language)
    dev = nth.results[0]
    return replace(
        answer(f"show {dev.id}", store, today=today, language=language),
        query=asked,
        request=request,
    )
