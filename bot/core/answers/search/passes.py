"""The passes over the documents that fill the "text" and "concepts" facets of a
``SearchIndex`` (the "filters" one is ``SearchIndex._add_filters``).

- text: the words of each field (``tokenize``, ``stem``): a stem weighs what the heaviest
  field it occurs in weighs (``FIELD_WEIGHTS``; a field of names is the names joined by
  spaces, an authority or a law with its full name, a region with the enclosing ones);
  the spelling of a stem is the first word seen with it;
- concepts: every named thing a document mentions or is tagged with weighs 3 when its
  title names it, 2 when it is tagged (as written), 1 otherwise.

A 100k-development store has ~5M words and ~1M named things, most of them seen before: a
pass stems each distinct word once, reads each distinct name once, canonicalises each
tagged name once, reads a title's words once for both its uses, and skips the Chinese
passes for ASCII text. What it builds is what reading each document on its own by the
rules above builds, in the same order (``tests/core/answers/search/test_passes.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from bot.core.answers.search.words import TOKEN, stem
from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Development
from bot.core.query import STOP_WORDS, ConceptKind
from bot.core.query.mentions import dev_tags, dev_text, mention_finder
from bot.core.query.vocabulary import CJK_RUN, cjk_bigrams

FIELD_WEIGHTS: dict[str, float] = {
    "title": 3.0,
    "entities": 2.5,
    "regions": 2.0,
    "authorities": 2.0,
    "tags": 2.0,  # sectors, topics, laws
    "headlines": 1.5,  # how each newsletter headlined it
    "summary": 1.0,
}
CONCEPT_LEVEL = {"title": 3.0, "tagged": 2.0, "mentioned": 1.0}

Postings = dict[str, Mapping[float, float]]
Stemmed = tuple[tuple[str, str], ...]  # (stem, spelling) of each word, in order
_UNSEEN = ("", "")


class TextPass:
    """Indexes documents' words into ``postings`` (stem -> {key: weight}) and the first
    spelling of each stem into ``spellings``. A field of names is read name by name (no
    word spans two names joined by a space; ``tokenize`` gives the Latin words of them all,
    then the Chinese ones)."""

    def __init__(self, gaz: Gazetteer, postings: Postings, spellings: dict[str, str]) -> None:
        self.gaz = gaz
        self.postings = cast(dict[str, dict[float, float]], postings)  # filled here
        self.spellings = spellings
        self._known: dict[str, tuple[str, str] | None] = {}  # word -> (stem, spelling)
        self._names: dict[str, dict[str, tuple[Stemmed, Stemmed]]] = {k: {} for k in _NAMES}
        self._regions: dict[tuple[str, ...], list[str]] = {}  # with the enclosing ones

    def add(self, key: float, dev: Development) -> None:
        best: dict[str, float] = {}  # stem -> weight
        self._read(best, dev.title, _WEIGHT["title"])
        self._names_of(best, [("entities", dev.entities)], _WEIGHT["entities"])
        regions = self._regions.get(dev.regions)
        if regions is None:
            regions = self._regions[dev.regions] = self.gaz.region_with_ancestors(dev.regions)
        self._names_of(best, [("regions", regions)], _WEIGHT["regions"])
        self._names_of(best, [("authorities", dev.authorities)], _WEIGHT["authorities"])
        tags = [("sectors", dev.sectors), ("topics", dev.topics), ("laws", dev.legal_basis)]
        self._names_of(best, tags, _WEIGHT["tags"])
        self._read(best, " ".join(s.headline for s in dev.sources), _WEIGHT["headlines"])
        self._read(best, dev.summary, _WEIGHT["summary"])
        postings = self.postings
        for s, weight in best.items():
            posting = postings.get(s)
            if posting is None:
                posting = postings[s] = {}
            posting[key] = weight

    def _read(self, best: dict[str, float], text: str, weight: float) -> None:
        latin, chinese = self._words(text)
        self._take(best, latin, weight)
        if chinese:
            self._take(best, chinese, weight)

    def _words(self, text: str) -> tuple[Stemmed, Stemmed]:
        """The (stem, spelling) of each word of ``text`` (``tokenize``), each word as found
        once: Latin words, Chinese words."""
        lowered = text.lower()
        known = self._known
        latin = []
        for word in dict.fromkeys(TOKEN.findall(lowered)):
            found = known.get(word, _UNSEEN)
            if found is _UNSEEN:
                token = word.replace(",", "")
                found = known[word] = None if token in STOP_WORDS else (stem(token), token)
            if found is not None:
                latin.append(found)
        if lowered.isascii():
            return tuple(latin), ()
        chinese = ((stem(w), w) for run in CJK_RUN.findall(lowered) for w in cjk_bigrams(run))
        return tuple(latin), tuple(chinese)

    def _names_of(
        self, best: dict[str, float], kinds: Sequence[tuple[str, Sequence[str]]], weight: float
    ) -> None:
        chinese: list[Stemmed] = []
        for kind, names in kinds:
            known = self._names[kind]
            for name in names:
                words = known.get(name)
                if words is None:
                    words = known[name] = self._words(self._spelt_out(kind, name))
                self._take(best, words[0], weight)
                if words[1]:
                    chinese.append(words[1])
        for stemmed in chinese:
            self._take(best, stemmed, weight)

    def _spelt_out(self, kind: str, name: str) -> str:
        """A name as its field holds it (an authority or a law with its full name)."""
        gaz = self.gaz
        if kind == "authorities" and (entry := gaz.authorities_by_name.get(name)):
            return f"{name} {entry.full_name}"
        if kind == "laws" and (law := gaz.laws_by_name.get(name)):
            return f"{name} {law.full_name}"
        return name

    def _take(self, best: dict[str, float], stemmed: Stemmed, weight: float) -> None:
        """Each stem weighs its heaviest field; its spelling is the first one seen."""
        spellings = self.spellings
        for s, spelling in stemmed:
            old = best.get(s)
            if old is None:
                best[s] = weight
                if s not in spellings:
                    spellings[s] = spelling
            elif weight > old:
                best[s] = weight


_WEIGHT = FIELD_WEIGHTS
_NAMES = ("entities", "regions", "authorities", "sectors", "topics", "laws")


class ConceptPass:
    """Indexes documents' named things into ``by_concept`` ((kind, name) -> {key: level})."""

    def __init__(
        self, gaz: Gazetteer, by_concept: dict[tuple[ConceptKind, str], Mapping[float, float]]
    ) -> None:
        self.gaz = gaz
        self.by_concept = cast(dict[tuple[ConceptKind, str], dict[float, float]], by_concept)
        self._finder = mention_finder(gaz)
        self._canonical: dict[tuple[ConceptKind, str], tuple[ConceptKind, str]] = {}

    def add(self, key: float, dev: Development) -> None:
        in_title, found = self._finder.find_with_title(dev.title, dev_text(dev))
        tagged = set(dev_tags(dev))
        canonical = self._canonical
        for tag in tagged:
            concept = canonical.get(tag)
            if concept is None:
                kind, name = tag
                concept = canonical[tag] = (kind, self.gaz.canonical(kind, name) or name)
            found.add(concept)
        by_concept = self.by_concept
        for concept in found:
            if concept in in_title:
                level = CONCEPT_LEVEL["title"]
            elif concept in tagged:
                level = CONCEPT_LEVEL["tagged"]
            else:
                level = CONCEPT_LEVEL["mentioned"]
            posting = by_concept.get(concept)
            if posting is None:
                posting = by_concept[concept] = {}
            posting[key] = level


def index_all(docs: Sequence[Development], one_pass: TextPass | ConceptPass) -> None:
    """Every document through ``one_pass``, keyed by its position."""
    add = one_pass.add
    for i, dev in enumerate(docs):
        add(i, dev)
