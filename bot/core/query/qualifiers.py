"""Qualifiers kept as data in the gazetteer: groups of authorities ("financial regulators",
"national regulators", "people's congresses"), kinds of document ("five-year plans",
"white papers", "Q&As") and the everyday words for the newsletters' words ("scraping" for
"crawler", "EV" for "new energy vehicle"). No I/O."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from bot.core.knowledge.gazetteer import AuthorityGroup, Gazetteer, trie_pattern
from bot.core.query.filters import Concept, DocumentKind, Filters

T = TypeVar("T")


@dataclass(frozen=True)
class Qualifier:
    span: tuple[int, int]
    group: AuthorityGroup | None = None
    document: DocumentKind | None = None

    def concept(self) -> Concept | None:
        if self.group is None:
            return None
        names = tuple(("authorities", a) for a in self.group.authorities)
        return Concept(names, group=self.group.name)  # type: ignore[arg-type]


def _bounded(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])", re.IGNORECASE)


_CACHE: dict[tuple[int, str], tuple[object, object]] = {}


def _cached(gaz: Gazetteer, what: str, build: Callable[[Gazetteer], T]) -> T:
    """``build(gaz)``, built once per gazetteer."""
    key = (id(gaz.data), what)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is gaz.data:
        return hit[1]  # type: ignore[return-value]
    value = build(gaz)
    _CACHE[key] = (gaz.data, value)
    return value


def _tables(gaz: Gazetteer) -> tuple[re.Pattern[str] | None, dict[str, object]]:
    return _cached(gaz, "qualifiers", _build_tables)


def _build_tables(gaz: Gazetteer) -> tuple[re.Pattern[str] | None, dict[str, object]]:
    targets: dict[str, object] = {}
    for group in gaz.data.authority_groups:
        for alias in (group.name, *group.aliases):
            targets[alias.lower()] = group
    for kind in gaz.data.document_types:
        document = DocumentKind(kind.name, kind.phrases, kind.category)
        for alias in (kind.name, *kind.aliases):
            targets[alias.lower()] = document
    if not targets:
        return None, targets
    return _bounded(trie_pattern(targets)), targets


def find_qualifiers(text: str, gaz: Gazetteer) -> list[Qualifier]:
    regex, targets = _tables(gaz)
    if regex is None:
        return []
    out = []
    for match in regex.finditer(text):
        target = targets.get(re.sub(r"\s+", " ", match.group(0).lower()))
        if isinstance(target, AuthorityGroup):
            out.append(Qualifier(match.span(), group=target))
        elif isinstance(target, DocumentKind):
            out.append(Qualifier(match.span(), document=target))
    return out


def _synonym_regex(gaz: Gazetteer) -> re.Pattern[str] | None:
    return _cached(gaz, "synonyms", _build_synonyms)


def _build_synonyms(gaz: Gazetteer) -> re.Pattern[str] | None:
    words = gaz.data.synonyms
    if not words:
        return None
    return _bounded(trie_pattern(words))


def with_synonyms(text: str, gaz: Gazetteer) -> str:
    """``text`` with each everyday word replaced by the newsletters' word for it."""
    regex = _synonym_regex(gaz)
    if regex is None:
        return text
    lowered = {k.lower(): v for k, v in gaz.data.synonyms.items()}

    def swap(match: re.Match[str]) -> str:
        return lowered.get(re.sub(r"\s+", " ", match.group(0).lower()), match.group(0))

    return regex.sub(swap, text)


_OR = re.compile(r"\bor\b|\beither\b|或|还是|或者", re.IGNORECASE)


def either_of(text: str, concepts: list[Concept]) -> list[Concept]:
    """ "CBIRC or PBOC", "绍兴银行或禹州": names of one kind joined by "or" are
    alternatives (one concept), not all required."""
    if not _OR.search(text) or len(concepts) < 2:
        return concepts
    by_kind: dict[str, list[Concept]] = {}
    for concept in concepts:
        by_kind.setdefault(concept.names[0][0], []).append(concept)
    return [
        group[0]
        if len(group) == 1
        else Concept(
            tuple(dict.fromkeys(n for c in group for n in c.names)),
            group=" or ".join(c.value for c in group),
        )
        for group in by_kind.values()
    ]


def within_scope(filters: Filters, scopes: set[str]) -> Filters:
    """ "national regulators": nationwide developments only; "local": none of those."""
    if scopes == {"national"}:
        return replace(filters, regions=(*filters.regions, "national"))
    if scopes == {"local"}:
        return replace(filters, exclude=(*filters.exclude, Filters(regions=("national",))))
    return filters
