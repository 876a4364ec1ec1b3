"""Citing a development: the newsletter that reported it, by its own title and issue, with
the link when there is one; and finding the sentence of a record that holds a fact found
only in its text (a number of cases, a list of functions). No I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from bot.core.answers.answer import Citation
from bot.core.knowledge.model import Development, Source
from bot.core.knowledge.store import Store
from bot.core.labels import Language, format_day_in, issue_label
from bot.core.lexicon.months import month_name

_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+(?=[A-Z0-9\"“(\u3400-\u9fff])")
_WORD = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"\d[\d,.]*")


def _best_source(dev: Development) -> Source:
    with_link = [s for s in dev.sources if s.url]
    return with_link[0] if with_link else dev.sources[0]


def cite(
    dev: Development, store: Store, *, quote: str | None = None, language: Language = "en"
) -> Citation:
    """The citation of ``dev``: its best source (one with a link, if any)."""
    source = _best_source(dev)
    newsletter = store.newsletters_by_id.get(source.newsletter)
    if newsletter is not None:
        title, issue = newsletter.title, issue_label(newsletter.issue_month, language)
    else:
        title, issue = source.newsletter, issue_label(dev.month, language)
    return Citation(
        development_id=dev.id,
        development_title=dev.title,
        newsletter=title,
        issue=issue,
        reported=source.reported_date,
        url=source.url,
        quote=quote,
    )


def cite_all(
    devs: Iterable[Development], store: Store, language: Language = "en", limit: int = 10
) -> tuple[Citation, ...]:
    return tuple(cite(d, store, language=language) for d in list(devs)[:limit])


def sources_of(dev: Development, store: Store, language: Language = "en") -> tuple[Citation, ...]:
    """One citation per newsletter report of ``dev``."""
    out = []
    for source in dev.sources:
        newsletter = store.newsletters_by_id.get(source.newsletter)
        out.append(
            Citation(
                development_id=dev.id,
                development_title=dev.title,
                newsletter=newsletter.title if newsletter else source.newsletter,
                issue=issue_label(newsletter.issue_month if newsletter else dev.month, language),
                reported=source.reported_date,
                url=source.url,
            )
        )
    return tuple(out)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def best_sentence(
    dev: Development, words: Iterable[str], *, need_number: bool = False
) -> str | None:
    """The summary sentence sharing most of ``words`` (word stems of four letters compared
    by prefix), or ``None`` when no sentence shares any; ``need_number``: only sentences
    holding a number."""
    wanted = {w.lower()[:5] for w in words if len(w) >= 3}
    best: tuple[int, int, str] | None = None
    for position, sentence in enumerate(sentences(dev.summary)):
        if need_number and not _NUMBER.search(sentence):
            continue
        found = {w[:5] for w in _WORD.findall(sentence.lower())}
        score = len(wanted & found)
        if score and (best is None or score >= best[0]):  # a tie goes to the later sentence
            best = (score, position, sentence)
    return best[2] if best else None


def when_label(dev: Development, language: Language = "en") -> str:
    if dev.date_precision.value == "month":
        return (
            f"{dev.date.year}年{dev.date.month}月"
            if language == "zh"
            else f"{month_name(dev.date.month)} {dev.date.year}"
        )
    return format_day_in(dev.date, language)


def date_conflict(dev: Development, store: Store, language: Language = "en") -> str | None:
    """When the newsletters reporting ``dev`` give different dates, each date with its
    source ("The reports differ: 28 April 2022 (…); 10 May 2022 (…)."); otherwise ``None``."""
    dated: dict[date, list[str]] = {}
    for citation in sources_of(dev, store, language):
        if citation.reported is not None:
            where = citation.where if language != "zh" else f"{citation.newsletter}"
            dated.setdefault(citation.reported, []).append(where)
    if len(dated) < 2:
        return None
    parts = [
        f"{format_day_in(day, language)}（{'、'.join(names)}）"
        if language == "zh"
        else f"{format_day_in(day, language)} ({'; '.join(names)})"
        for day, names in sorted(dated.items())
    ]
    if language == "zh":
        return "各报道日期不一：" + "；".join(parts) + "。"
    return "The reports differ on the date: " + "; ".join(parts) + "."
