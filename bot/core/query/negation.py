"""Exclusions: "fines outside Henan", "drafts except CBIRC", "enforcement with no fine",
"除了河南以外的罚款", "不包括北京".

``split_exclusions`` cuts each excluded phrase out of the question; the parser reads the
phrase on its own, and records matching it are left out. A phrase after "not", "no",
"without" counts only when it names a filter (a place, authority, category, penalty...),
so "collected without consent" stays an ordinary search, and so does one that names only
topics after a verb of handling data ("exporting data without a security assessment": what
was done wrong, not records to leave out); after an explicit "except",
"excluding", "other than" or "outside", plain words are excluded as words too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.core.query.filters import Filters
from bot.core.query.vocabulary import HANDLING_VERBS

_EXPLICIT = (
    r"except(?:\s+for)?|excluding|exclude|outside(?:\s+of)?|other\s+than|apart\s+from|"
    r"aside\s+from|but\s+not|not\s+about|not\s+involving|not\s+concerning"
)
_SOFT = r"not\s+in|not\s+from|not\s+by|not|without(?:\s+(?:a|an|any))?|with\s+no|no|non-"
_CUE = re.compile(
    rf"(?<![\w-])(?P<cue>{_EXPLICIT}|{_SOFT})(?![\w])"
    r"(?:\s+(?:those|the\s+ones|ones|anything|any)(?:\s+(?:from|by|of|issued\s+by|in))?)?"
    r"(?:\s+(?:been\s+)?(?:[a-z]+(?:ed|en)|made|brought|done|given|set|put)"
    r"(?:\s+(?:down|out|up|off))?\s+(?:by|in|from|against|on)(?=\s))?\s*",
    re.IGNORECASE,
)
_BOUNDARY = re.compile(
    r"[,;.?!，。？；]|\s+(?:in|since|from|during|before|after|between|until|by|with|that|"
    r"which|who|where|but|when|how)\b",
    re.IGNORECASE,
)
_CJK_PATTERNS = (
    re.compile(r"除了?(?P<x>[^，,。？?的]{1,20}?)(?:以外|之外|外)(?:的)?"),
    re.compile(r"除了(?P<x>[^，,。？?的]{1,20})(?:的)?"),
    re.compile(r"不(?:包括|包含|含)(?P<x>[^，,。？?的]{1,20})(?:的)?"),
    re.compile(r"(?P<x>[\u3400-\u9fff]{2,8}?)(?:以外|之外)(?:的)?"),
    re.compile(r"(?P<x>[\u3400-\u9fff]{2,8}?)除外"),
)


@dataclass(frozen=True)
class Excluded:
    """One excluded phrase; ``explicit``: said with "except"/"excluding"-like words, so
    plain words in it are excluded too."""

    text: str
    explicit: bool
    conduct: bool = False
    """After a soft cue in the same clause as a verb of handling data ("collecting faces
    without consent"): it may describe the conduct rather than exclude."""


def split_exclusions(text: str) -> tuple[str, tuple[Excluded, ...]]:
    """``text`` without its excluded phrases, and those phrases."""
    found: list[Excluded] = []
    work = text
    for pattern in _CJK_PATTERNS:
        while (match := pattern.search(work)) is not None:
            found.append(Excluded(match.group("x").strip(), explicit=True))
            work = work[: match.start()] + " " + work[match.end() :]
    pos = 0
    while (cue := _CUE.search(work, pos)) is not None:
        end = cue.end()
        stop = _BOUNDARY.search(work, end)
        span_end = stop.start() if stop else len(work)
        phrase = work[end:span_end].strip()
        if not phrase:
            pos = end
            continue
        explicit = re.fullmatch(_EXPLICIT, cue.group("cue").strip(), re.IGNORECASE) is not None
        found.append(Excluded(phrase, explicit, not explicit and _after_handling(work, cue)))
        work = work[: cue.start()] + " " + work[span_end:]
        pos = cue.start() + 1
    return re.sub(r"\s+", " ", work).strip(), tuple(found)


def _after_handling(work: str, cue: re.Match[str]) -> bool:
    """Whether a verb of handling data comes before ``cue`` in its clause (a few words)."""
    before = re.split(r"[,;.?!，。？；]", work[: cue.start()])[-1]
    return any(word in HANDLING_VERBS for word in before.lower().split()[-CONDUCT_REACH:])


CONDUCT_REACH = 4
"""How many words before "without" a verb of handling data may be ("exporting personal
data of users without ...")."""


def names_conduct(filters: Filters) -> bool:
    """Whether a phrase after a soft cue ("without", "no") names only topics, so describes
    the conduct asked about rather than records to leave out."""
    topics_only = all(kind == "topics" for c in filters.concepts for kind, _ in c.names)
    return bool(filters.concepts) and topics_only and replace(filters, concepts=()).is_empty
