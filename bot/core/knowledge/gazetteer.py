"""The gazetteer: canonical names of regions, authorities, laws, sectors, topics and entities,
with their aliases (Chinese names and known misspellings), kept as data in
``knowledge/gazetteer.json``.

Both the ingestion (tagging newsletter text) and the query parser (reading what a user
typed) recognise names through this one module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from bot.core.knowledge.model import Category
from bot.core.knowledge.store import DEFAULT_KNOWLEDGE_DIR

Kind = Literal["regions", "authorities", "laws", "sectors", "topics", "entities"]
KINDS: tuple[Kind, ...] = ("regions", "authorities", "laws", "sectors", "topics", "entities")

DEFAULT_GAZETTEER_PATH = DEFAULT_KNOWLEDGE_DIR / "gazetteer.json"

_CJK = re.compile(r"[\u3400-\u9fff]")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()


class RegionEntry(_Entry):
    kind: Literal["province", "municipality", "autonomous_region", "sar", "city", "district"]
    parent: str | None = None


class AuthorityEntry(_Entry):
    full_name: str


class LawEntry(_Entry):
    full_name: str


class AuthorityGroup(_Entry):
    """A kind of authority a question may name ("financial regulators", "courts"): the
    authorities it takes in, and ``scope`` "national" or "local" when only developments of
    that reach count ("national regulators")."""

    authorities: tuple[str, ...] = ()
    scope: Literal["national", "local"] | None = None


class DocumentType(_Entry):
    """A kind of document ("five-year plans", "white papers"): ``phrases`` any of which in
    a development's title or summary makes it one."""

    phrases: tuple[str, ...]
    category: Category | None = None
    """The category such documents belong to ("judgments": courts), when only one."""


class GazetteerFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    about: str = Field(default="", alias="_about")
    regions: tuple[RegionEntry, ...]
    authorities: tuple[AuthorityEntry, ...]
    laws: tuple[LawEntry, ...]
    sectors: tuple[_Entry, ...]
    topics: tuple[_Entry, ...]
    entities: tuple[_Entry, ...]
    sections: dict[str, Category]
    default_section_category: Category
    commentary_headings: tuple[str, ...]
    authority_groups: tuple[AuthorityGroup, ...] = ()
    document_types: tuple[DocumentType, ...] = ()
    synonyms: dict[str, str] = Field(default_factory=dict)
    """A word people use -> the word the newsletters use ("scraping" -> "crawler")."""


def normalise(text: str) -> str:
    """Fold typographic quotes and dashes and collapse spaces, so aliases match."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text)


_Trie = dict[str, "_Trie"]


def trie_pattern(aliases: Iterable[str]) -> str:
    """One regex for many literal aliases (matched ignoring case), built as a trie: the
    engine follows one branch per character instead of trying every alias in turn, and at
    each node tries the longer aliases first, as a longest-first alternation would."""
    trie: _Trie = {}
    for alias in aliases:
        node = trie
        for ch in normalise(alias).lower():
            node = node.setdefault(ch, {})
        node[""] = {}  # an alias ends here
    return _node_pattern(trie)


def _node_pattern(node: _Trie) -> str:
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _node_pattern(child)
        for ch, child in sorted(node.items())
        if ch
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@dataclass
class _Matcher:
    regex: re.Pattern[str] | None
    canonical: dict[str, str]  # folded alias -> canonical name

    @classmethod
    def build(cls, entries: Iterable[_Entry]) -> _Matcher:
        canonical: dict[str, str] = {}
        for entry in entries:
            for alias in (entry.name, *entry.aliases):
                canonical.setdefault(normalise(alias).casefold(), entry.name)
        if not canonical:
            return cls(None, canonical)
        # Latin aliases are whole words; aliases with Chinese characters need no boundary.
        latin = [a for a in canonical if not _CJK.search(a)]
        chinese = [a for a in canonical if _CJK.search(a)]
        parts = [rf"(?<![A-Za-z0-9])(?:{trie_pattern(latin)})(?![A-Za-z0-9])"] if latin else []
        if chinese:
            parts.append(trie_pattern(chinese))
        regex = re.compile("|".join(parts), re.IGNORECASE)
        return cls(regex, canonical)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of each mention in ``text`` (once normalised)."""
        if self.regex is None:
            return []
        found: list[tuple[int, int, str]] = []
        for match in self.regex.finditer(normalise(text)):
            name = self.canonical.get(re.sub(r"\s+", " ", match.group(0)).casefold())
            if name:
                found.append((match.start(), match.end(), name))
        return found

    def find(self, text: str) -> list[str]:
        if self.regex is None:
            return []
        found: dict[str, None] = {}
        for match in self.regex.finditer(normalise(text)):
            key = re.sub(r"\s+", " ", match.group(0)).casefold()
            name = self.canonical.get(key)
            if name:
                found.setdefault(name, None)
        return list(found)


@dataclass
class Gazetteer:
    data: GazetteerFile
    _matchers: dict[str, _Matcher] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for kind in KINDS:
            self._matchers[kind] = _Matcher.build(getattr(self.data, kind))
        self.regions_by_name = {r.name: r for r in self.data.regions}
        self.authorities_by_name = {a.name: a for a in self.data.authorities}
        self.laws_by_name = {law.name: law for law in self.data.laws}
        self._sections: dict[str, Category] = {}
        for name, category in self.data.sections.items():
            self._sections.setdefault(normalise(name).strip().casefold(), category)
        self._commentary = {normalise(h).strip().casefold() for h in self.data.commentary_headings}
        # Latin spellings for typo-tolerant lookups (Chinese needs exact matches).
        self._latin_regions = {
            normalise(a).casefold(): r.name
            for r in self.data.regions
            for a in (r.name, *r.aliases)
            if not _CJK.search(a)
        }

    # --- recognition in free text -------------------------------------------------

    def find(self, kind: Kind, text: str) -> list[str]:
        """Canonical names of ``kind`` mentioned in ``text``, in order of first mention.

        At any position the longest alias wins ("National People's Congress" is NPC, not a
        local "People's Congress")."""
        return self._matchers[kind].find(text)

    def find_spans(self, kind: Kind, text: str) -> list[tuple[int, int, str]]:
        """Where each name of ``kind`` is mentioned in ``normalise(text)``: (start, end, name)."""
        return self._matchers[kind].spans(text)

    def canonical(self, kind: Kind, name: str) -> str | None:
        """The canonical name for an exact name or alias, or ``None``."""
        return self._matchers[kind].canonical.get(normalise(name).strip().casefold())

    def names(self, kind: Kind) -> list[str]:
        return [entry.name for entry in getattr(self.data, kind)]

    # --- regions ---------------------------------------------------------------------

    def fuzzy_region(self, token: str, cutoff: float = 85.0) -> str | None:
        """A region for a misspelt Latin token (``hennan`` -> Henan), or ``None``.

        Exact names and aliases win; tokens shorter than four letters are never guessed."""
        folded = normalise(token).strip().casefold()
        exact = self.canonical("regions", folded)
        if exact or len(folded) < 4 or _CJK.search(folded):
            return exact
        best = process.extractOne(
            folded, list(self._latin_regions), scorer=fuzz.ratio, score_cutoff=cutoff
        )
        return self._latin_regions[best[0]] if best else None

    def region_ancestors(self, name: str) -> list[str]:
        """Enclosing regions, nearest first: Yuzhou -> [Henan]."""
        chain: list[str] = []
        entry = self.regions_by_name.get(name)
        while entry is not None and entry.parent and entry.parent not in chain:
            chain.append(entry.parent)
            entry = self.regions_by_name.get(entry.parent)
        return chain

    def region_with_ancestors(self, names: Iterable[str]) -> list[str]:
        """The given regions plus every enclosing region, without repeats."""
        out: dict[str, None] = {}
        for name in names:
            out.setdefault(name, None)
            for parent in self.region_ancestors(name):
                out.setdefault(parent, None)
        return list(out)

    # --- newsletter sections -----------------------------------------------------------

    def section_category(self, heading: str) -> Category | None:
        return self._sections.get(normalise(heading).strip().casefold())

    def is_commentary_heading(self, heading: str) -> bool:
        return normalise(heading).strip().casefold() in self._commentary


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    path = path or DEFAULT_GAZETTEER_PATH
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Gazetteer(GazetteerFile.model_validate(raw))


@cache
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once per process."""
    return load_gazetteer()
