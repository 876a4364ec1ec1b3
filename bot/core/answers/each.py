"""One fact of each: "how much?", "who?", "when?" or "what?" asked of a short list (a
follow-up of ``fines``, or "how much were the fines in May 2022?") is answered for every
development of the list, not for the first alone, which would read as the only one. No I/O.

Applies when the request names nothing to rank by (no free-text words: only filters such as
a category, a place, a period), so every match is equally what was asked about, and there
are at most ``MOST`` of them; otherwise the best match answers, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.core.answers import facts
from bot.core.answers.answer import Citation, DirectAnswer
from bot.core.answers.intent import Ask, Intent
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Development
from bot.core.knowledge.store import Store
from bot.core.labels import Language
from bot.core.query.parsed import ParsedQuery

MOST = 5
ASKED_OF_EACH = frozenset({Ask.HOW_MUCH, Ask.WHO, Ask.WHEN, Ask.WHAT})


def _largest(dev: Development) -> Decimal:
    return max((p.largest for p in dev.penalties), default=Decimal(0))


def answer_each(
    intent: Intent,
    devs: Sequence[Development],
    total: int,
    parsed: ParsedQuery,
    store: Store,
    gaz: Gazetteer,
    language: Language,
) -> DirectAnswer | None:
    """The fact asked, for each of ``devs`` (all ``total`` of them), or ``None`` when one
    development answers (a single match, or words that rank one first)."""
    if intent.ask not in ASKED_OF_EACH or not 1 < total <= MOST or len(devs) < total:
        return None
    if parsed.terms or parsed.filters.is_empty:
        return None
    if intent.ask is Ask.HOW_MUCH:
        ordered = sorted(devs, key=_largest, reverse=True)  # as ``fines`` lists them
    elif intent.ask in (Ask.WHEN, Ask.WHAT):
        ordered = sorted(devs, key=lambda d: d.date, reverse=True)
    else:
        ordered = list(devs)
    parts: list[str] = []
    citations: list[Citation] = []
    for number, dev in enumerate(ordered, start=1):
        if intent.ask is Ask.HOW_MUCH:
            one = facts.how_much(dev, store, gaz, language)
        elif intent.ask is Ask.WHO:
            one = facts.who(dev, store, gaz, intent, language)
        elif intent.ask is Ask.WHAT:  # "what did the CAC do?": each of its developments
            one = facts.what(dev, store, (), language)
        else:
            one = facts.when(dev, store, parsed, language)
        parts.append(f"({number}) {one.text.rstrip('。.')}")
        citations.extend(one.citations)
    if language == "zh":
        text = f"共{total}条：" + "；".join(parts) + "。"
    else:
        text = f"{total} developments: " + "; ".join(parts) + "."
    return DirectAnswer(intent.ask.value, text, tuple(citations))
