"""The words of a text as the search index keeps them: lower-cased, numbers without their
thousands separators, stop words dropped, Chinese as two-character words, and stemmed
alike in records and queries."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.query import STOP_WORDS
from bot.core.query.vocabulary import CJK_RUN, cjk_bigrams

TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|[a-z0-9]+")
"""Latin words and numbers in lower-cased text (a number keeps its thousands separators)."""


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English stemmer, applied alike to records and queries (fines/fined -> fin)."""
    w = word.lower()
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("'s") or w.endswith("’s"):
        w = w[:-2]
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    if w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def tokenize(text: str) -> list[str]:
    """Lower-case words and numbers (``200,000`` -> ``200000``), stop words dropped; Chinese
    as two-character words (``cjk_bigrams``)."""
    out = []
    lowered = text.lower().replace("’", "'")
    for raw in TOKEN.findall(lowered):
        token = raw.replace(",", "")
        if token not in STOP_WORDS:
            out.append(token)
    for run in CJK_RUN.findall(lowered):
        out.extend(cjk_bigrams(run))
    return out
