"""Named things (authorities, laws, sectors, topics, entities) a text mentions or a record
is tagged with, found by word-level alias lookup over the gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.core.knowledge.gazetteer import Gazetteer, normalise
from bot.core.knowledge.model import Development
from bot.core.query.per_gazetteer import PerGazetteer
from bot.core.query.vocabulary import CJK

ConceptKind = Literal["authorities", "laws", "sectors", "topics", "entities"]
CONCEPT_KINDS: tuple[ConceptKind, ...] = ("authorities", "laws", "sectors", "topics", "entities")


def dev_text(dev: Development) -> str:
    """The prose of a record that concept mentions are looked for in."""
    return " \n ".join([dev.title, dev.summary, *(s.headline for s in dev.sources)])


def dev_concepts(dev: Development, gazetteer: Gazetteer) -> frozenset[tuple[ConceptKind, str]]:
    """Every named thing a development is tagged with or mentions, as (kind, canonical)."""
    tagged: dict[ConceptKind, tuple[str, ...]] = {
        "authorities": dev.authorities,
        "laws": dev.legal_basis,
        "sectors": dev.sectors,
        "topics": dev.topics,
        "entities": dev.entities,
    }
    found = set(mentions(dev_text(dev), gazetteer))
    for kind in CONCEPT_KINDS:
        for name in tagged[kind]:
            found.add((kind, gazetteer.canonical(kind, name) or name))
    return frozenset(found)


@dataclass
class _MentionFinder:
    """Word-level alias lookup, longest alias first at each word, each kind on its own (fast
    enough to scan every record of a large store; the gazetteer's regexes are not)."""

    by_first: dict[str, list[tuple[ConceptKind, tuple[str, ...], str]]]
    cjk: list[tuple[str, ConceptKind, str]]


_ALNUM = re.compile(r"[a-z0-9]+")


def _build_mention_finder(gaz: Gazetteer) -> _MentionFinder:
    by_first: dict[str, list[tuple[ConceptKind, tuple[str, ...], str]]] = {}
    cjk: list[tuple[str, ConceptKind, str]] = []
    for kind in CONCEPT_KINDS:
        for entry in getattr(gaz.data, kind):
            for alias in (entry.name, *entry.aliases):
                folded = normalise(alias).casefold()
                if CJK.search(folded):
                    cjk.append((folded, kind, entry.name))
                    continue
                words = tuple(_ALNUM.findall(folded))
                if words:
                    by_first.setdefault(words[0], []).append((kind, words, entry.name))
    for options in by_first.values():
        options.sort(key=lambda item: len(item[1]), reverse=True)
    return _MentionFinder(by_first, cjk)


_mention_finder = PerGazetteer(_build_mention_finder)


def mentions(text: str, gazetteer: Gazetteer) -> set[tuple[ConceptKind, str]]:
    """Named things (authorities, laws, sectors, topics, entities) ``text`` mentions."""
    finder = _mention_finder(gazetteer)
    folded = normalise(text).casefold()
    words = _ALNUM.findall(folded)
    found: set[tuple[ConceptKind, str]] = set()
    busy_until: dict[str, int] = {}  # per kind: a longer alias covers words up to here
    for i, word in enumerate(words):
        options = finder.by_first.get(word)
        if not options:
            continue
        for kind, phrase, name in options:
            if busy_until.get(kind, 0) > i:
                continue
            if len(phrase) == 1 or tuple(words[i : i + len(phrase)]) == phrase:
                found.add((kind, name))
                busy_until[kind] = i + len(phrase)
    if CJK.search(folded):
        for cjk_alias, cjk_kind, cjk_name in finder.cjk:
            if cjk_alias in folded:
                found.add((cjk_kind, cjk_name))
    return found
