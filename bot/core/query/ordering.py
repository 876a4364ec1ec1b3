"""How a list is to be ordered, as typed: "by amount", "sorted by date, oldest first",
"largest first", "按金额从高到低排序" (the phrases are data in ``vocabulary``). An order is
read before anything else and blanked, so its words are never searched for, nor taken for
a question ("by amount" does not ask "how much"). No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from bot.core.query.order_words import (
    ORDER_DIRECTIONS,
    ORDER_FILLER,
    ORDER_KEYS,
    ORDER_PHRASES,
    ORDER_PREFIXES,
    ORDER_TAIL,
)
from bot.core.query.understood import Understood

Sort = Literal["largest", "smallest", "newest", "oldest"]

SORT_LABELS: dict[str, str] = {
    "largest": "largest penalty first",
    "smallest": "smallest penalty first",
    "newest": "newest first",
    "oldest": "oldest first",
}
"""How each order is told back ("Understood: … · oldest first")."""
SORT_LABELS_ZH: dict[str, str] = {
    "largest": "按金额从大到小",
    "smallest": "按金额从小到大",
    "newest": "按时间从新到旧",
    "oldest": "按时间从旧到新",
}

_TURNED: dict[str, str] = {"largest": "smallest", "newest": "oldest"}


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces as any spacing; a phrase of
    Latin letters stands as whole words."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        body = r"\s+".join(map(re.escape, word.split()))
        parts.append(rf"\b{body}\b" if word.isascii() else body)
    return "|".join(parts)


_SEP = r"[\s,，、:：;-]*"
_TAIL = rf"(?:{_SEP}(?:{_alternatives(ORDER_TAIL)}))*"
_PHRASE = re.compile(rf"(?:{_alternatives(ORDER_PHRASES)})(?P<tail>{_TAIL})", re.IGNORECASE)
_KEYED = re.compile(
    rf"(?:{_alternatives(ORDER_PREFIXES)})\s*(?P<key>{_alternatives(ORDER_KEYS)})"
    rf"(?:{_SEP}(?P<dir>{_alternatives(ORDER_DIRECTIONS)}))?"
    rf"(?:{_SEP}(?P<phrase>{_alternatives(ORDER_PHRASES)}))?{_TAIL}",
    re.IGNORECASE,
)
_DIRECTED = re.compile(  # "金额从高到低", "amount high to low": a key, then its direction
    rf"(?P<key>{_alternatives(ORDER_KEYS)}){_SEP}(?P<dir>{_alternatives(ORDER_DIRECTIONS)}){_TAIL}",
    re.IGNORECASE,
)
_ALONE_DIRECTION = re.compile(
    rf"(?P<dir>{_alternatives(k for k in ORDER_DIRECTIONS if not k.isascii())}){_TAIL}"
)
_KEY_OF = {re.sub(r"\s+", " ", k.lower()): v for k, v in ORDER_KEYS.items()}
_PHRASE_OF = {re.sub(r"\s+", " ", k.lower()): v for k, v in ORDER_PHRASES.items()}
_DIRECTION_OF = {re.sub(r"\s+", " ", k.lower()): v for k, v in ORDER_DIRECTIONS.items()}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _sort_of(match: re.Match[str]) -> Sort:
    groups = match.groupdict()
    phrase = groups.get("phrase")
    if phrase:
        return _PHRASE_OF[_norm(phrase)]  # type: ignore[return-value]
    key = groups.get("key")
    base = _KEY_OF[_norm(key)] if key else "largest"
    direction = groups.get("dir")
    if direction and _DIRECTION_OF[_norm(direction)] == "up":
        base = _TURNED[base]
    if not key and direction:  # "从新到旧" alone: the words say which dimension
        dated = any(c in direction for c in "新旧早晚远近")
        down = _DIRECTION_OF[_norm(direction)] == "down"
        base = ("newest" if down else "oldest") if dated else ("largest" if down else "smallest")
    return base  # type: ignore[return-value]


def read_ordering(work: str, blank: str) -> tuple[Sort | None, str]:
    """The order ``work`` asks for and ``work`` with every order phrase blanked with
    ``blank`` (the same length, so spans agree). A phrase that says the whole order
    ("oldest first", "按时间顺序") wins over a key ("by date")."""
    said: Sort | None = None
    keyed: Sort | None = None
    for regex in (_PHRASE, _KEYED, _DIRECTED, _ALONE_DIRECTION):
        for match in list(regex.finditer(work)):
            if regex is _PHRASE:
                said = _PHRASE_OF[_norm(match.group(0)[: match.start("tail") - match.start()])]  # type: ignore[assignment]
            else:
                keyed = _sort_of(match)
            start, end = match.span()
            work = work[:start] + blank * (end - start) + work[end:]
    return said or keyed, work


def without_ordering(text: str) -> str:
    """``text`` with its order phrases taken out (for reading what a question asks)."""
    return read_ordering(text, " ")[1]


def understood_order(sort: str | None) -> tuple[Understood, ...]:
    """The order as "Understood" tells it back (nothing when none was asked)."""
    return (Understood("order", SORT_LABELS[sort]),) if sort else ()


CANONICAL = {"largest": "largest first", "smallest": "smallest first"} | {
    "newest": "newest first",
    "oldest": "oldest first",
}
"""Each order as a phrase ``read_ordering`` reads back (what a re-ordered request says)."""


def only_ordering(text: str) -> Sort | None:
    """The order ``text`` asks for when it asks nothing else ("sort them by date", "oldest
    first", "按金额排序"): a follow-up that re-orders the last list."""
    sort, rest = read_ordering(text, " ")
    if sort is None:
        return None
    words = re.findall(r"[A-Za-z]+|[\u3400-\u9fff]", rest.lower())
    if all(
        w in ORDER_FILLER or any(w in f for f in ORDER_FILLER if not f.isascii()) for w in words
    ):
        return sort
    return None


def reordered(request: str, sort: Sort) -> str:
    """``request`` asking for ``sort`` instead of any order it asked for."""
    return f"{without_ordering(request).strip()} {CANONICAL[sort]}"
