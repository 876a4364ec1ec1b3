"""Drafts "open" for comment: read against today's date and each draft's comment deadline.
A draft whose deadline has passed is left out; one whose newsletters give no deadline is
kept, and the answer says that its deadline is not known. No I/O."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from bot.core.knowledge.model import Status
from bot.core.knowledge.store import Store
from bot.core.labels import Language, format_day_in
from bot.core.query.parsed import ParsedQuery

_OPEN = re.compile(
    r"\b(?:still\s+)?open(?:\s+for\s+(?:public\s+)?comments?)?\b|\baccepting\s+comments\b|"
    r"\bcomment\s+period\s+(?:is\s+)?(?:still\s+)?running\b|征求意见中|正在征求|仍在征求|尚未截止",
    re.IGNORECASE,
)


_CJK = re.compile(r"[\u3400-\u9fff]")
_OPEN_WORDS = frozenset(
    {"open", "still", "comment", "comments", "accepting", "period", "running", "public"}
)


def deadlines_unknown(parsed: ParsedQuery, store: Store, language: Language) -> str | None:
    """For a question about comment deadlines ("drafts closing for comment in June"): how
    many of the drafts it would otherwise match have no deadline in the newsletters, so
    they cannot be placed in the period (said, never guessed)."""
    f = parsed.filters
    if f.date_field != "comment" or not f.has_dates:
        return None
    rest = f.without("dates")
    unknown = [
        d
        for d in store.developments
        if d.comment_deadline is None and d.status == Status.DRAFT and rest.matches(d)
    ]
    if not unknown:
        return None
    if language == "zh":
        return f"另有{len(unknown)}条征求意见稿的新闻未给出截止日，无法判断是否在该期间截止。"
    drafts = "draft has" if len(unknown) == 1 else "drafts have"
    return (
        f"{len(unknown)} {drafts} no comment deadline in the newsletters, so whether "
        f"{'it closes' if len(unknown) == 1 else 'they close'} then is not known."
    )


def open_drafts(
    parsed: ParsedQuery, text: str, store: Store, today: date, language: Language
) -> tuple[ParsedQuery, str | None]:
    """ "open drafts", "drafts still open for comment": drafts whose comment period has
    not closed by ``today``. A question with its own period ("open for comment in May
    2022") asks what was released then and is left as it is."""
    f = parsed.filters
    found = _OPEN.search(text)
    if found is None or f.has_dates:
        return parsed, None
    about_comments = Status.DRAFT in f.statuses or "comment" in found.group(0).lower()
    if not about_comments and not _CJK.search(found.group(0)):  # "where did it open?"
        return parsed, None
    if f.statuses and Status.DRAFT not in f.statuses:
        return parsed, None
    narrowed = replace(f, statuses=frozenset({Status.DRAFT}), open_on=today)
    drafts = [d for d in store.developments if d.status == Status.DRAFT]
    closed = [d for d in drafts if d.comment_deadline is not None and d.comment_deadline < today]
    unknown = [d for d in drafts if d.comment_deadline is None]
    day = format_day_in(today, language)
    if language == "zh":
        note = f"按今天（{day}）的征求意见截止日判断：{len(closed)}条已截止，未列出"
        note += (
            f"；{len(unknown)}条新闻未给出截止日，无法确定是否仍在征求意见。" if unknown else "。"
        )
    else:
        note = f"Open on {day}: {len(closed)} closed drafts left out"
        note += (
            f"; the newsletters give no comment deadline for {len(unknown)}, so whether they "
            "are still open is not known."
            if unknown
            else "."
        )
    terms = tuple(t for t in parsed.terms if t not in _OPEN_WORDS)
    return replace(parsed, filters=narrowed, understood=narrowed.describe(), terms=terms), note
