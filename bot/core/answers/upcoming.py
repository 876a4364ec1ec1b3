"""``/pi upcoming [days]``: the dates coming up (laws taking effect, comment periods closing)
in the next ``days`` days (default 90), soonest first. Pure; returns an ``Answer``."""

from __future__ import annotations

import datetime as dt
import re

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.knowledge.store import Store
from bot.core.labels import format_day
from bot.core.periods.deadlines import upcoming_deadlines
from bot.core.registry import command_named

DEFAULT_DAYS = 90
MAX_DAYS = 3660
_VERBS = "|".join(re.escape(verb) for verb in sorted(command_named("upcoming").verbs))
_ARGS = re.compile(
    rf"^\s*(?:/pi\s+)?(?:{_VERBS})\s*(?:(\d{{1,4}})\s*(?:days?|d)?)?\s*$", re.IGNORECASE
)


def upcoming_days(text: str) -> int | None:
    """The days asked for when ``text`` is ``upcoming [N] [days]`` (or another of the
    command's verbs in the registry); None
    for anything else, which is a question for the answer engine."""
    match = _ARGS.match(text)
    if match is None:
        return None
    days = int(match.group(1)) if match.group(1) else DEFAULT_DAYS
    return min(max(days, 1), MAX_DAYS)


def upcoming_answer(text: str, store: Store, today: dt.date, days: int) -> Answer:
    coming = upcoming_deadlines(store, today, today + dt.timedelta(days=days))
    if not coming:
        return Answer(
            kind=AnswerKind.NOTICE,
            query=text,
            headline=f"Nothing coming up in the next {days} days",
            message="No law takes effect and no comment period closes in that time, as far "
            "as the reviewed records say. Try a longer span, e.g. `/pi upcoming 365`.",
        )
    lines = []
    for deadline in coming:
        left = (deadline.day - today).days
        when = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
        dev = deadline.development
        lines.append(
            f"• {format_day(deadline.day)} ({when}): {dev.title} {deadline.label} (id {dev.id})"
        )
    return Answer(
        kind=AnswerKind.NOTICE,
        query=text,
        headline=f"Coming up in the next {days} days: {len(coming)}",
        message="\n".join(lines),
    )
