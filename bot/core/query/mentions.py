"""Named things (authorities, laws, sectors, topics, entities) a text mentions or a record
is tagged with, found by word-level alias lookup over the gazetteer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress
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


def dev_tags(dev: Development) -> Iterator[tuple[ConceptKind, str]]:
    """The named things a development is tagged with, as (kind, name as written)."""
    for name in dev.authorities:
        yield "authorities", name
    for name in dev.legal_basis:
        yield "laws", name
    for name in dev.sectors:
        yield "sectors", name
    for name in dev.topics:
        yield "topics", name
    for name in dev.entities:
        yield "entities", name


def dev_concepts(dev: Development, gazetteer: Gazetteer) -> frozenset[tuple[ConceptKind, str]]:
    """Every named thing a development is tagged with or mentions, as (kind, canonical)."""
    found = set(mentions(dev_text(dev), gazetteer))
    for kind, name in dev_tags(dev):
        found.add((kind, gazetteer.canonical(kind, name) or name))
    return frozenset(found)


Concept = tuple[ConceptKind, str]
_Phrases = dict[tuple[str, ...], str]  # an alias's words -> the canonical name
_Longer = tuple[tuple[ConceptKind, tuple[tuple[int, _Phrases], ...]], ...]
# per first word: the one-word aliases' concepts, and by their second word the longer
# aliases of each kind, by number of words (most first)
_Options = tuple[tuple[tuple[ConceptKind, Concept], ...], dict[str, _Longer]]


@dataclass
class MentionFinder:
    """Word-level alias lookup, longest alias first at each word, each kind on its own (fast
    enough to scan every record of a large store; the gazetteer's regexes are not)."""

    by_first: dict[str, _Options]  # by an alias's first word
    cjk: list[tuple[str, ConceptKind, str]]

    def find(self, text: str) -> set[Concept]:
        """Named things ``text`` mentions, as (kind, canonical)."""
        folded = _folded(text)
        found = self._scan(_ALNUM.findall(folded), 0)[0]
        self._add_chinese(found, text, folded)
        return found

    def find_with_title(self, title: str, text: str) -> tuple[set[Concept], set[Concept]]:
        """What ``title`` mentions and what ``text`` mentions, when ``text`` begins with
        ``title`` and a space (``dev_text``): the title's words are read once."""
        cut = len(title)
        if not (text.isascii() and text.startswith(title) and text[cut : cut + 1].isspace()):
            return self.find(title), self.find(text)
        folded = text.lower()
        head = _ALNUM.findall(folded, 0, cut)
        found, in_head = self._scan(head + _ALNUM.findall(folded, cut), len(head))
        return (self._scan(head, 0)[0] if in_head is None else in_head), found

    def _scan(self, words: list[str], head: int) -> tuple[set[Concept], set[Concept] | None]:
        """What ``words`` mention, and what their first ``head`` words mention on their own
        (``None`` when an alias runs across that boundary: read them on their own)."""
        found: set[Concept] = set()
        in_head: set[Concept] | None = set()
        by_first = self.by_first
        busy_until: dict[str, int] = {}  # per kind: a longer alias covers words up to here
        last = len(words) - 1
        # only the words that begin an alias, found in C (most words begin none)
        for i in compress(range(len(words)), map(by_first.__contains__, words)):
            singles, by_second = by_first[words[i]]
            longer = by_second.get(words[i + 1]) if i < last else None
            for kind, by_length in longer or ():
                if busy_until.get(kind, 0) > i:
                    continue
                for length, phrases in by_length:
                    name = phrases.get(tuple(words[i : i + length]))
                    if name is not None:
                        found.add((kind, name))
                        busy_until[kind] = i + length
                        if i < head and in_head is not None:
                            if i + length > head:
                                in_head = None
                            else:
                                in_head.add((kind, name))
                        break
            for kind, concept in singles:
                if busy_until.get(kind, 0) <= i:  # and covers no word after this one
                    found.add(concept)
                    if i < head and in_head is not None:
                        in_head.add(concept)
        return found, in_head

    def _add_chinese(self, found: set[Concept], text: str, folded: str) -> None:
        if not text.isascii() and CJK.search(folded):
            folded = normalise(text).casefold()
            for cjk_alias, cjk_kind, cjk_name in self.cjk:
                if cjk_alias in folded:
                    found.add((cjk_kind, cjk_name))


_ALNUM = re.compile(r"[a-z0-9]+")


def _folded(text: str) -> str:
    """``text`` case-folded; its words (``_ALNUM``) are those of ``normalise(text)``
    case-folded, which folds only non-ASCII characters (none a letter or digit) and spacing."""
    return text.lower() if text.isascii() else text.casefold()


def _build_mention_finder(gaz: Gazetteer) -> MentionFinder:
    table: dict[str, dict[ConceptKind, dict[int, _Phrases]]] = {}
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
                    by_length = table.setdefault(words[0], {}).setdefault(kind, {})
                    # the first entry with these words names them
                    by_length.setdefault(len(words), {}).setdefault(words, entry.name)
    by_first: dict[str, _Options] = {}
    for word, kinds in table.items():
        singles = []
        longer: dict[str, dict[ConceptKind, dict[int, _Phrases]]] = {}
        for kind, by_length in kinds.items():
            for length, phrases in by_length.items():
                for words, name in phrases.items():
                    if length == 1:
                        singles.append((kind, (kind, name)))
                        continue
                    seconds = longer.setdefault(words[1], {}).setdefault(kind, {})
                    seconds.setdefault(length, {})[words] = name
        by_second = {
            second: tuple(
                (kind, tuple(sorted(by_length.items(), key=lambda item: -item[0])))
                for kind, by_length in kinds_.items()
            )
            for second, kinds_ in longer.items()
        }
        by_first[word] = (tuple(singles), by_second)
    return MentionFinder(by_first, cjk)


mention_finder = PerGazetteer(_build_mention_finder)


def mentions(text: str, gazetteer: Gazetteer) -> set[Concept]:
    """Named things (authorities, laws, sectors, topics, entities) ``text`` mentions."""
    return mention_finder(gazetteer).find(text)
