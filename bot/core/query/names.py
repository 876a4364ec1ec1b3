"""Recognising names in a question: one phrase table per gazetteer (aliases and filter
keywords, longest first), and typo-tolerant lookups of Latin names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.knowledge.gazetteer import Gazetteer, Kind, normalise
from bot.core.query.mentions import CONCEPT_KINDS
from bot.core.query.per_gazetteer import PerGazetteer
from bot.core.query.vocabulary import CJK, KEYWORDS

# --- recognising names ------------------------------------------------------------------

Target = tuple[str, str]  # (kind, canonical) where kind is a gazetteer Kind or "keyword"


@dataclass
class _PhraseTable:
    regex: re.Pattern[str] | None
    targets: dict[str, list[Target]]  # folded phrase -> what it names
    latin_single: dict[str, list[Target]]  # folded one-word Latin names, for typos
    latin_multi: dict[str, list[Target]]  # folded multi-word Latin names, for typos


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", normalise(text)).strip().casefold()


def _build_phrase_table(gaz: Gazetteer) -> _PhraseTable:
    targets: dict[str, list[Target]] = {}
    kinds: tuple[Kind, ...] = ("regions", *CONCEPT_KINDS)
    for kind in kinds:
        for entry in getattr(gaz.data, kind):
            for alias in (entry.name, *entry.aliases):
                key = fold(alias)
                if len(key) < 2 and not CJK.search(key):
                    continue
                bucket = targets.setdefault(key, [])
                if (kind, entry.name) not in bucket:
                    bucket.append((kind, entry.name))
    for word in KEYWORDS:
        targets[fold(word)] = [("keyword", word)]  # a filter word beats a name
    patterns = []
    for key in sorted(targets, key=len, reverse=True):
        escaped = re.escape(key).replace(r"\ ", r"\s+")
        patterns.append(escaped if CJK.search(key) else rf"(?<![\w]){escaped}(?![\w])")
    regex = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None
    latin = {k: v for k, v in targets.items() if not CJK.search(k) and v[0][0] != "keyword"}
    single = {k: v for k, v in latin.items() if " " not in k and len(k) >= 5}
    multi = {k: v for k, v in latin.items() if " " in k}
    return _PhraseTable(regex, targets, single, multi)


phrase_table = PerGazetteer(_build_phrase_table)


def closest(text: str, choices: dict[str, list[Target]], cutoff: float) -> str | None:
    from rapidfuzz import fuzz, process

    if not choices:
        return None
    best = process.extractOne(text, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return best[0] if best else None


def word_by_word(phrase: str, name: str, cutoff: float = 75.0) -> bool:
    """Each typed word resembles the name's word in the same place ("shaoxin bank" is
    Shaoxing Bank; "cybersecurity plan" is not the Cybersecurity Law)."""
    from rapidfuzz import fuzz

    typed, named = phrase.split(), name.split()
    return len(typed) == len(named) and all(
        fuzz.ratio(a, b) >= cutoff for a, b in zip(typed, named, strict=True)
    )


def acronym(word: str, choices: dict[str, list[Target]]) -> str | None:
    """An acronym one letter away from a known one of the same length ("cbirk": cbirc)."""
    near = [
        name
        for name in choices
        if len(name) == len(word) and sum(a != b for a, b in zip(name, word, strict=True)) == 1
    ]
    return near[0] if len(near) == 1 else None
