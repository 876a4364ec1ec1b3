"""Facts that live in a record's text, not in its fields: the sentences of a summary that
answer a question (who spoke, which carmaker did worst, what a court decided, how many
companies were surveyed), found by the question's own words and their everyday
equivalents (``QUESTION_SYNONYMS``), quoted as they are. No I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.core.answers.citations import sentences
from bot.core.knowledge.model import Development
from bot.core.query.vocabulary import STOP_WORDS

QUESTION_SYNONYMS: dict[str, tuple[str, ...]] = {
    "spoke": ("told", "said", "speech", "remarks", "addressed", "spokesman", "spokesperson"),
    "speak": ("told", "said", "speech", "remarks", "addressed"),
    "said": ("told", "stated", "announced"),
    "addressed": ("told", "said", "speech", "remarks", "spoke"),
    "talked": ("told", "said", "speech", "remarks", "spoke"),
    "attended": ("participants", "attended", "held", "told"),
    "decide": ("decided", "sentenced", "convicted", "ruled", "ordered", "acquitted", "held"),
    "decided": ("sentenced", "convicted", "ruled", "ordered", "held"),
    "decision": ("sentenced", "convicted", "ruled", "ordered", "decided"),
    "outcome": ("sentenced", "convicted", "ruled", "ordered", "decided"),
    "verdict": ("sentenced", "convicted", "ruled"),
    "punishment": ("sentenced", "imprisonment", "fined"),
    "sentence": ("sentenced", "imprisonment", "probation"),
    "escaped": ("not", "dropped", "non"),
    "avoided": ("not", "dropped", "non"),
    "carmaker": ("carmakers", "makers", "motor", "automaker"),
    "carmakers": ("makers", "motor", "automakers"),
    "worst": ("highest", "most", "above"),
    "best": ("lowest", "least"),
    "companies": ("carmakers", "makers", "firms", "enterprises", "businesses", "operators"),
    "company": ("firm", "enterprise", "business", "operator", "co"),
    "apps": ("applications", "app"),
    "profit": ("gains", "income", "proceeds", "earned"),
    "profits": ("gains", "income", "proceeds", "earned"),
    "earn": ("gains", "income", "earned", "proceeds"),
    "make": ("gains", "earned", "income"),
    "applies": ("apply", "covers", "applicable", "scope"),
    "apply": ("applies", "covers", "applicable", "scope"),
    "requirements": ("must", "should", "require", "obligations"),
    "deadline": ("until", "before", "deadline", "comments"),
    "lists": ("list", "one"),
    "tasks": ("task", "priorities", "measures"),
}
"""Everyday words in questions and the words newsletters use for the same thing (as data:
one place to add more)."""

_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    return word.lower()[:5]


def wanted_stems(words: Iterable[str]) -> set[str]:
    """The stems a sentence may answer with: each content word and its equivalents."""
    out: set[str] = set()
    for word in words:
        low = word.lower()
        if len(low) < 2 or low in STOP_WORDS:
            continue
        out.add(_stem(low))
        out.update(_stem(s) for s in QUESTION_SYNONYMS.get(low, ()))
    return out


def ranked_sentences(dev: Development, words: Iterable[str]) -> list[tuple[int, int, str]]:
    """(score, position, sentence) of every summary sentence sharing a stem with
    ``words``, best first (a tie goes to the earlier sentence)."""
    wanted = wanted_stems(words)
    scored = []
    for position, sentence in enumerate(sentences(dev.summary)):
        found = {_stem(w) for w in _WORD.findall(sentence.lower())}
        score = len(wanted & found)
        if score:
            scored.append((score, position, sentence))
    return sorted(scored, key=lambda item: (-item[0], item[1]))


def answering_sentences(dev: Development, words: Sequence[str], *, most: int = 2) -> list[str]:
    """Up to ``most`` sentences that answer ``words``, in the order of the text: the best
    one, and the next when it scores as well or says what the best one leaves out (a
    second sentence about the same matter)."""
    ranked = ranked_sentences(dev, words)
    if not ranked:
        return []
    best = ranked[0]
    chosen = [best]
    for item in ranked[1:most]:
        if item[0] >= max(1, best[0] - 1):
            chosen.append(item)
    return [s for _, _, s in sorted(chosen, key=lambda item: item[1])]


def content_words(text: str, skip: Iterable[str] = ()) -> list[str]:
    """The words of a question worth looking for in a text (not stop words, not ``skip``)."""
    skipped = {s.lower() for s in skip}
    return [
        w
        for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text)
        if w.lower() not in STOP_WORDS and w.lower() not in skipped
    ]
