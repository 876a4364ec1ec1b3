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

from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from typing import cast

from bot.core.answers.search.words import TOKEN, stem, tokenize
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
_LEVELS = (CONCEPT_LEVEL["title"], CONCEPT_LEVEL["tagged"], CONCEPT_LEVEL["mentioned"])

Postings = dict[str, Mapping[float, float]]
Stems = tuple[tuple[str, ...], tuple[str, ...]]  # of a text's Latin words, Chinese words


class TextPass:
    """Indexes documents' words into ``postings`` (stem -> {key: weight}) and the first
    spelling of each stem into ``spellings``. A field of names is read name by name (no
    word spans two names joined by a space; ``tokenize`` gives the Latin words of them all,
    then the Chinese ones)."""

    def __init__(self, gaz: Gazetteer, postings: Postings, spellings: dict[str, str]) -> None:
        self.gaz = gaz
        self.postings = cast(dict[str, dict[float, float]], postings)  # filled here
        self.spellings = spellings
        self._stem_of: dict[str, str] = {}  # a Latin word as found -> its stem, or _STOP
        self._pieces: dict[str, tuple[str, ...]] = {}  # text between spaces -> its stems
        self._names: dict[str, dict[str, Stems]] = {kind: {} for kind in _NAMES}
        self._fields: dict[tuple[str, tuple[str, ...]], Stems] = {}

    def add(self, key: float, dev: Development) -> None:
        best: dict[str, float] = {}  # stem -> weight
        self._read(best, dev.title, _WEIGHT["title"])
        for field, names in (
            ("entities", dev.entities),
            ("regions", dev.regions),
            ("authorities", dev.authorities),
        ):
            stems = self._fields.get((field, names))
            if stems is None:  # once per set of names (a record names few)
                within = self.gaz.region_with_ancestors(names) if field == "regions" else names
                stems = self._fields[(field, names)] = self._names_of([(field, within)])
            _take(best, stems, _WEIGHT[field])
        tags = [("sectors", dev.sectors), ("topics", dev.topics), ("laws", dev.legal_basis)]
        _take(best, self._names_of(tags), _WEIGHT["tags"])
        self._read(best, " ".join(s.headline for s in dev.sources), _WEIGHT["headlines"])
        self._read(best, dev.summary, _WEIGHT["summary"])
        best.pop(_STOP, None)
        if not self.spellings.keys() >= best.keys():  # a stem seen for the first time
            for text in self._texts(dev):
                for token in tokenize(text):
                    self.spellings.setdefault(stem(token), token)
        postings = self.postings
        for s, weight in best.items():
            posting = postings.get(s)
            if posting is None:
                posting = postings[s] = {}
            posting[key] = weight

    def _read(self, best: dict[str, float], text: str, weight: float) -> None:
        """The words of ``text`` weigh ``weight`` unless a heavier field has them."""
        lowered = text.lower()
        # no word spans a space: each distinct piece between spaces is read once per pass
        pieces = lowered.split()
        known = self._pieces
        stems = list(map(known.get, pieces))
        if None in stems:
            stems = [
                self._piece(piece) if found is None else found
                for piece, found in zip(pieces, stems, strict=True)
            ]
        for s in chain.from_iterable(cast(list[tuple[str, ...]], stems)):  # ``_take``, inlined
            if weight > best.setdefault(s, weight):
                best[s] = weight
        if not lowered.isascii():
            _take(best, (_chinese(lowered),), weight)

    def _piece(self, piece: str) -> tuple[str, ...]:
        stems = tuple(map(self._stem_of_word, TOKEN.findall(piece)))
        if len(self._pieces) < _PIECES_KEPT:
            self._pieces[piece] = stems
        return stems

    def _stem_of_word(self, word: str) -> str:
        s = self._stem_of.get(word)
        if s is None:
            s = self._stem_of[word] = _stem_of(word)
        return s

    def _stems(self, text: str) -> Stems:
        """The stems of the words of ``text`` (``tokenize``): Latin ones, Chinese ones."""
        lowered = text.lower()
        stem_of = self._stem_of
        latin = []
        for word in TOKEN.findall(lowered):
            s = stem_of.get(word)
            if s is None:
                s = stem_of[word] = _stem_of(word)
            latin.append(s)
        return tuple(latin), (() if lowered.isascii() else _chinese(lowered))

    def _names_of(self, kinds: Sequence[tuple[str, Sequence[str]]]) -> Stems:
        """The stems of names joined by spaces: the Latin ones of all, then the Chinese."""
        latin: list[str] = []
        chinese: list[str] = []
        for kind, names in kinds:
            known = self._names[kind]
            for name in names:
                stems = known.get(name)
                if stems is None:
                    stems = known[name] = self._stems(self._spelt_out(kind, name))
                latin += stems[0]
                chinese += stems[1]
        return tuple(latin), tuple(chinese)

    def _spelt_out(self, kind: str, name: str) -> str:
        """A name as its field holds it (an authority or a law with its full name)."""
        gaz = self.gaz
        if kind == "authorities" and (entry := gaz.authorities_by_name.get(name)):
            return f"{name} {entry.full_name}"
        if kind == "laws" and (law := gaz.laws_by_name.get(name)):
            return f"{name} {law.full_name}"
        return name

    def _texts(self, dev: Development) -> list[str]:
        """The text of each field, in ``FIELD_WEIGHTS`` order (names joined by spaces)."""
        regions = self.gaz.region_with_ancestors(dev.regions)
        laws = [self._spelt_out("laws", x) for x in dev.legal_basis]
        return [
            dev.title,
            " ".join(dev.entities),
            " ".join(regions),
            " ".join(self._spelt_out("authorities", x) for x in dev.authorities),
            " ".join([*dev.sectors, *dev.topics, *laws]),
            " ".join(s.headline for s in dev.sources),
            dev.summary,
        ]


def _take(best: dict[str, float], stems: Iterable[Sequence[str]], weight: float) -> None:
    """Each stem weighs the heaviest field it is in."""
    for some in stems:
        for s in some:
            if weight > best.setdefault(s, weight):
                best[s] = weight


_WEIGHT = FIELD_WEIGHTS
_NAMES = ("entities", "regions", "authorities", "sectors", "topics", "laws")
_STOP = ""  # the stem of a stop word here (no word's stem is empty)
_PIECES_KEPT = 100_000  # pieces of text remembered by a pass (a few MB while it runs)


def _stem_of(word: str) -> str:
    """A Latin word as found (``TOKEN``) as ``tokenize`` and ``stem`` read it."""
    token = word.replace(",", "")
    return _STOP if token in STOP_WORDS else stem(token)


def _chinese(lowered: str) -> tuple[str, ...]:
    return tuple(stem(w) for run in CJK_RUN.findall(lowered) for w in cjk_bigrams(run))


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
        in_title_level, tagged_level, mentioned_level = _LEVELS
        for concept in found:
            level = (
                in_title_level
                if concept in in_title
                else tagged_level
                if concept in tagged
                else mentioned_level
            )
            posting = by_concept.get(concept)
            if posting is None:
                posting = by_concept[concept] = {}
            posting[key] = level


def index_all(docs: Sequence[Development], one_pass: TextPass | ConceptPass) -> None:
    """Every document through ``one_pass``, keyed by its position."""
    add = one_pass.add
    for i, dev in enumerate(docs):
        add(i, dev)
