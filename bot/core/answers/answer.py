"""What the answer engine returns: a structured answer that renderers turn into Block Kit
or plain text. Types only; no Slack imports.

User text travels in ``query`` and ``not_understood`` exactly as typed. Renderers must
escape it; nothing else in an ``Answer`` carries user text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.knowledge.model import Development
from bot.core.periods.digest import Digest
from bot.core.query.understood import Understood

__all__ = [
    "APOLOGY",
    "APOLOGY_HEADLINE",
    "APOLOGY_MESSAGE",
    "Answer",
    "AnswerKind",
    "Citation",
    "DirectAnswer",
    "Understood",
    "apology",
]


class AnswerKind(StrEnum):
    RESULTS = "results"  # a ranked page of developments
    DETAIL = "detail"  # one development in full (``show ID``, the Details button)
    NO_MATCH = "no_match"  # nothing matched: say so, with what was understood and suggestions
    HELP = "help"
    STATS = "stats"
    DIGEST = "digest"
    NOTICE = "notice"  # a plain message (subscriptions not available yet, etc.)
    ERROR = "error"  # malformed input: say what was wrong and how to ask


@dataclass(frozen=True)
class Citation:
    """Where a fact comes from: the development, and the newsletter that reported it (its
    own title and issue), with the link when there is one; ``quote`` is the sentence of the
    record that holds the fact when the fact is only in the text."""

    development_id: str
    development_title: str
    newsletter: str
    issue: str  # "May 2022"
    reported: dt.date | None = None
    url: str | None = None
    quote: str | None = None

    @property
    def where(self) -> str:
        """``Newsletter title, May 2022``; the title alone when it names its issue already."""
        return (
            self.newsletter if self.issue in self.newsletter else f"{self.newsletter}, {self.issue}"
        )


@dataclass(frozen=True)
class DirectAnswer:
    """The fact asked for, in one or two sentences built from the store, each part cited.

    ``figures`` holds the numbers behind it (a count, totals per currency) for ``--json``;
    ``notes`` say how the question was read (words ignored, a typo corrected, dates read as
    dates in the text). Notes may quote the user's words: renderers escape them."""

    ask: str
    text: str
    citations: tuple[Citation, ...] = ()
    figures: dict[str, object] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    kind: AnswerKind
    query: str
    headline: str
    results: tuple[Development, ...] = ()
    scores: tuple[float, ...] = ()  # relevance of each result, same order (searches only)
    total: int = 0
    offset: int = 0
    next_offset: int | None = None
    understood: tuple[Understood, ...] = ()
    not_understood: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    message: str | None = None
    stats: dict[str, object] = field(default_factory=dict)
    digest: Digest | None = None
    direct: DirectAnswer | None = None  # questions: the fact first, then ``results``
    language: str = "en"  # "zh": headline and direct answer in Chinese
    request: str | None = None  # the request as resolved from a conversation's follow-up
    newsletters: dict[str, str] = field(default_factory=dict)
    """Newsletter id -> its own title and issue, for citing sources that have no link."""


APOLOGY_HEADLINE = "Something went wrong on our side."
APOLOGY_MESSAGE = "The problem has been logged. Please try again in a moment."
APOLOGY = f"{APOLOGY_HEADLINE} {APOLOGY_MESSAGE}"
"""The one apology for a failure of ours, wherever it happens (engine, router, Slack)."""


def apology(query: str) -> Answer:
    """The answer to a request that failed on our side (``query`` is kept, cut short)."""
    return Answer(
        kind=AnswerKind.ERROR, query=query[:300], headline=APOLOGY_HEADLINE, message=APOLOGY_MESSAGE
    )
