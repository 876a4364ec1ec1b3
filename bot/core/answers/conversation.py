"""Conversation: a follow-up refines the previous request of the same user in the same
conversation (a DM, a thread, the console).

- "more", "next": the next page of the previous list;
- a bare question ("how much?", "who?", "when?", "the source?", "how many?"): the previous
  request, asked that way (of its list, when its words do not make it: ``latest 10``);
- "only CBIRC", "just in 2021": the previous request narrowed;
- "which one was in Zhejiang?", "how many of them ...?", "其中...": asked of the previous
  list's developments, whatever made it (``among``: ``latest 10``, a digest, a search);
- "what about Zhejiang?", "and in 2021?", "那浙江呢？": the previous request with the place,
  authority, period... of the same kind swapped for the new one.

Context is kept behind ``ConversationStore`` (in memory here; in the state database at the
edge, so any worker continues a conversation) and expires after ``EXPIRY`` of silence.
Requests are kept as text, so a resolved follow-up is an ordinary request. No I/O.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.answers.among import asked_of, searched_alike, split_asked_of
from bot.core.answers.intent import read_intent
from bot.core.answers.intent_words import QUESTION_WORDS
from bot.core.query.parsed import ParsedQuery

EXPIRY = timedelta(minutes=30)
NOTHING_MORE = -1
"""``Resolved.offset`` when "more" follows a list that was already complete."""


@dataclass(frozen=True)
class Turn:
    """What a conversation remembers: the last request (as resolved) and its next page."""

    request: str
    next_offset: int | None
    at: datetime
    base: str = ""
    """The request without a follow-up question ("fines henan" when "how much?" followed
    it), so the next bare question replaces the last one instead of piling up."""
    shown: int = 0
    """Where the page the user last saw starts (after "more", not 0), so "the first one"
    points into that page."""

    @property
    def topic(self) -> str:
        return self.base or self.request


class ConversationStore(Protocol):
    def load(self, key: str, now: datetime) -> Turn | None:
        """The last turn of ``key`` unless it is older than ``EXPIRY``."""
        ...

    def save(self, key: str, turn: Turn) -> None: ...


class InMemoryConversations:
    """A ``ConversationStore`` for one process (the console, tests)."""

    def __init__(self, expiry: timedelta = EXPIRY, max_size: int = 10_000) -> None:
        self.expiry = expiry
        self.max_size = max_size
        self._turns: dict[str, Turn] = {}
        self._lock = threading.Lock()

    def load(self, key: str, now: datetime) -> Turn | None:
        with self._lock:
            turn = self._turns.get(key)
            if turn is None or now - turn.at > self.expiry:
                self._turns.pop(key, None)
                return None
            return turn

    def save(self, key: str, turn: Turn) -> None:
        with self._lock:
            self._turns.pop(key, None)
            self._turns[key] = turn
            while len(self._turns) > self.max_size:
                self._turns.pop(next(iter(self._turns)))


def conversation_key(team_id: str | None, channel_id: str, user_id: str, thread: str | None) -> str:
    return "|".join([team_id or "-", channel_id, user_id, thread or "-"])


@dataclass(frozen=True)
class Resolved:
    request: str
    offset: int = 0
    follow_up: bool = False
    base: str = ""
    pick: int | None = None
    """"the first one", "#2": the position (1-based; -1 the last) in the page of the
    previous list the user last saw (starting at ``offset``) of the development to show."""

    @property
    def topic(self) -> str:
        return self.base or self.request


Parse = Callable[[str], ParsedQuery]

_MORE = re.compile(
    r"^\s*(?:/pi\s+)?(?:(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:show|give|tell|list)"
    r"(?:\s+me)?\s+(?:some\s+|a\s+few\s+)?more(?:\s+(?:results|items|of\s+them|please))?|"
    r"more(?:\s+(?:results|items|please))?|next|next\s+(?:page|ones?|five)|any\s+more|"
    r"what\s+else|anything\s+else|keep\s+going|go\s+on|更多|下一页|继续|还有吗|还有呢|再来)"
    r"\s*[.!?。！？]*\s*$",
    re.IGNORECASE,
)
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": -1, "top": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
}  # fmt: skip
_PICK = re.compile(
    r"^\s*(?:(?:show|open|tell\s+me\s+(?:more\s+)?about|more\s+(?:on|about)|details?\s+(?:of|on|"
    r"for)|what\s+about|and)\s+(?:me\s+)?)?(?:the\s+)?(?P<ord>first|1st|second|2nd|third|3rd|fourth|"
    r"4th|fifth|5th|last|top)\s+(?:one|result|item|development|record)(?:\s+in\s+full)?\s*"
    r"[.!?。！？]*$|^\s*(?:#|no\.?\s*|number\s+)(?P<num>\d{1,2})\s*[.!?]*$|"
    r"^\s*第(?P<zh>[一二三四五1-5])(?:条|个|项)\s*[。！？?]*$",
    re.IGNORECASE,
)
_ONLY = re.compile(
    r"^\s*(?:only|just|but\s+only|仅|只看|只要|只)\s*(?P<rest>.+?)\s*[.!?。！？]*$", re.I
)
_SWITCH = re.compile(
    r"^\s*(?:(?:and\s+)?what\s+about|how\s+about|and\s+(?:for|in)?|what\s+of|same\s+for|"
    r"那么?|那)\s*(?P<rest>.+?)\s*(?:呢)?\s*[?？.!。]*\s*$",
    re.IGNORECASE,
)
_AMONG = re.compile(
    r"\b(?:which|what)\s+ones?\b|\bwhich\s+of\s+(?:them|these|those|the\s+above)\b|"
    r"\b(?:any|how\s+many|none|all|each)\s+of\s+(?:them|these|those)\b|"
    r"\bamong\s+(?:them|these|those)\b|\bof\s+(?:these|those)\b|其中|这些|这几条|哪一条|哪一个",
    re.IGNORECASE,
)
"""A question about the previous list ("which one was in Zhejiang?", "how many of them
were fines?", "其中哪一条在浙江？"): asked of that list, with its own filters added."""
_CJK_ANAPHOR = re.compile(r"其中|这些|这几条")
_CJK_SWITCH = re.compile(r"^\s*(?P<rest>[^\s?？]{1,12})呢\s*[?？]?\s*$")
_WORD = re.compile(r"\S+")


def resolve(text: str, previous: Turn | None, parse: Parse) -> Resolved:
    """``text`` as a request of its own, or as a follow-up of ``previous``."""
    if previous is None:
        return Resolved(text)
    if _MORE.match(text):
        offset = previous.next_offset if previous.next_offset is not None else NOTHING_MORE
        return Resolved(previous.request, offset, follow_up=True, base=previous.base)
    pick = picked(text)
    if pick is not None:  # into the page last seen: an answer of the last request
        return Resolved(
            previous.request, previous.shown, follow_up=True, base=previous.base, pick=pick
        )
    asked = (
        previous.request[: len(previous.request) - len(previous.base)].strip()
        if previous.base
        else ""
    )
    only = _ONLY.match(text)
    if only and not parse(only.group("rest")).filters.is_empty:
        base = f"{previous.topic} {only.group('rest')}"
        return Resolved(f"{asked} {base}".strip(), follow_up=True, base=base)
    switch = _SWITCH.match(text) or _CJK_SWITCH.match(text)
    if switch:
        rest = switch.group("rest")
        new = parse(rest)
        if not new.filters.is_empty:
            base = f"{_without_kinds(previous.topic, _kinds(new), parse)} {rest}".strip()
            return Resolved(f"{asked} {base}".strip(), follow_up=True, base=base)
    if _AMONG.search(text):
        question = _CJK_ANAPHOR.sub(" ", text).strip()  # "其中" names no filter: it goes
        return Resolved(asked_of(question, previous.topic), follow_up=True, base=previous.topic)
    own = parse(text)
    intent = read_intent(text)
    content = [t for t in own.terms if t not in QUESTION_WORDS]
    if intent.is_question and not content and not _names_subject(own):
        # a search's words carry its subject; a command's list ("latest 10") is asked of
        topic = previous.topic
        request = f"{text} {topic}" if searched_alike(topic) else asked_of(text, topic)
        return Resolved(request, follow_up=True, base=topic)
    return Resolved(text)


def paged(request: str, offset: int, previous: Turn | None) -> Resolved:
    """The page at ``offset`` of ``request`` (a "More" button's), resolved as typing "more"
    after it would be: the base of the turn it continues is kept."""
    if previous is not None and previous.request == request:
        base = previous.base
    else:  # a button under an older answer: a question about a list is about that list
        asked = split_asked_of(request)
        base = asked.listed if asked is not None else ""
    return Resolved(request, offset, follow_up=True, base=base)


def _names_subject(parsed: ParsedQuery) -> bool:
    """Whether a question names a subject of its own (a place, an authority, a law, a
    company, a period, an amount), rather than only the kind of thing it asks about ("how
    much was the fine?", "any drafts?"), which continues the previous subject."""
    f = parsed.filters
    return bool(
        f.regions
        or f.concepts
        or f.has_dates
        or f.amount_min is not None
        or f.amount_max is not None
        or f.exclude
    )


def picked(text: str) -> int | None:
    """The position a follow-up such as "the first one" or "#2" points at, if it is one."""
    match = _PICK.match(text)
    if match is None:
        return None
    if match.group("num"):
        return int(match.group("num"))
    word = (match.group("ord") or match.group("zh") or "").lower()
    return int(word) if word.isdigit() else _ORDINALS.get(word)


def _kinds(parsed: ParsedQuery) -> set[str]:
    f = parsed.filters
    kinds = set()
    if f.regions:
        kinds.add("regions")
    if f.has_dates:
        kinds.add("dates")
    if f.categories:
        kinds.add("categories")
    if f.statuses:
        kinds.add("statuses")
    if f.needs_penalty:
        kinds.add("penalty")
    kinds.update(f"concept:{c.names[0][0]}" for c in f.concepts)
    return kinds


def _without_kinds(request: str, kinds: set[str], parse: Parse) -> str:
    """``request`` without the words that name a filter of one of ``kinds`` (longest
    phrases first: "Shaoxing Bank" goes as one)."""
    words = _WORD.findall(request)
    keep = [True] * len(words)
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            if not all(keep[i : i + size]):
                continue
            phrase = " ".join(words[i : i + size]).strip("?,.!")
            parsed = parse(phrase)
            found = _kinds(parsed)
            if found and found <= kinds and not parsed.terms:
                for j in range(i, i + size):
                    keep[j] = False
    return " ".join(w for w, k in zip(words, keep, strict=True) if k)
