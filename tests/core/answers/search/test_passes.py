"""The passes that fill the "text" and "concepts" facets of a search index (built for speed
at 100k developments: words stemmed once, names read once, the title read once) build
exactly what a straightforward reading of each document builds: tokenise and stem every
field's text, weigh each stem by its heaviest field, keep the first spelling of each stem;
look for every alias of the gazetteer word by word, longest first, in the title and in the
whole text. The corpus is random: real records recombined with aliases (split across the
title and the summary too), Chinese, typographic quotes, numbers with separators."""

from __future__ import annotations

import random
import re

import pytest

from bot.core.answers.search import SearchIndex, passes
from bot.core.answers.search.passes import FIELD_WEIGHTS
from bot.core.answers.search.words import stem, tokenize
from bot.core.knowledge.gazetteer import Gazetteer, default_gazetteer, normalise
from bot.core.knowledge.model import Development
from bot.core.knowledge.store import Store, default_store_path, read_knowledge
from bot.core.query import CONCEPT_KINDS, mentions
from bot.core.query.mentions import dev_text

# --- the straightforward reading ----------------------------------------------------------


def reference_text(docs: tuple[Development, ...], gaz: Gazetteer) -> tuple[dict, dict]:
    postings: dict[str, dict[int, float]] = {}
    spellings: dict[str, str] = {}
    for i, dev in enumerate(docs):
        authorities = [
            f"{a} {entry.full_name}" if (entry := gaz.authorities_by_name.get(a)) else a
            for a in dev.authorities
        ]
        laws = [
            f"{x} {law.full_name}" if (law := gaz.laws_by_name.get(x)) else x
            for x in dev.legal_basis
        ]
        fields = {
            "title": dev.title,
            "entities": " ".join(dev.entities),
            "regions": " ".join(gaz.region_with_ancestors(dev.regions)),
            "authorities": " ".join(authorities),
            "tags": " ".join([*dev.sectors, *dev.topics, *laws]),
            "headlines": " ".join(s.headline for s in dev.sources),
            "summary": dev.summary,
        }
        best: dict[str, float] = {}
        for name, text in fields.items():
            for token in tokenize(text):
                s = stem(token)
                spellings.setdefault(s, token)
                if FIELD_WEIGHTS[name] > best.get(s, 0.0):
                    best[s] = FIELD_WEIGHTS[name]
        for s, weight in best.items():
            postings.setdefault(s, {})[i] = weight
    return postings, spellings


def reference_mentions(text: str, gaz: Gazetteer) -> set[tuple[str, str]]:
    options: dict[str, list[tuple[str, tuple[str, ...], str]]] = {}
    chinese = []
    for kind in CONCEPT_KINDS:
        for entry in getattr(gaz.data, kind):
            for alias in (entry.name, *entry.aliases):
                folded = normalise(alias).casefold()
                if re.search(r"[\u3400-\u9fff]", folded):
                    chinese.append((folded, kind, entry.name))
                elif words := tuple(re.findall(r"[a-z0-9]+", folded)):
                    options.setdefault(words[0], []).append((kind, words, entry.name))
    for choices in options.values():
        choices.sort(key=lambda choice: len(choice[1]), reverse=True)
    folded = normalise(text).casefold()
    words = re.findall(r"[a-z0-9]+", folded)
    found = set()
    busy_until: dict[str, int] = {}
    for i, word in enumerate(words):
        for kind, phrase, name in options.get(word, []):
            if busy_until.get(kind, 0) <= i and tuple(words[i : i + len(phrase)]) == phrase:
                found.add((kind, name))
                busy_until[kind] = i + len(phrase)
    found |= {(kind, name) for alias, kind, name in chinese if alias in folded}
    return found


def reference_concepts(docs: tuple[Development, ...], gaz: Gazetteer) -> dict:
    by_concept: dict[tuple[str, str], dict[int, float]] = {}
    for i, dev in enumerate(docs):
        in_title = reference_mentions(dev.title, gaz)
        tagged = {
            *(("authorities", a) for a in dev.authorities),
            *(("laws", x) for x in dev.legal_basis),
            *(("sectors", x) for x in dev.sectors),
            *(("topics", x) for x in dev.topics),
            *(("entities", x) for x in dev.entities),
        }
        found = reference_mentions(dev_text(dev), gaz)
        found |= {(kind, gaz.canonical(kind, name) or name) for kind, name in tagged}  # type: ignore[arg-type]
        for concept in found:
            level = 3.0 if concept in in_title else 2.0 if concept in tagged else 1.0
            by_concept.setdefault(concept, {})[i] = level
    return by_concept


# --- a random corpus ------------------------------------------------------------------------


def _aliases(gaz: Gazetteer) -> list[str]:
    return [
        alias
        for kind in ("regions", *CONCEPT_KINDS)
        for entry in getattr(gaz.data, kind)
        for alias in (entry.name, *entry.aliases)
    ]


def _words(rng: random.Random, pool: list[str], aliases: list[str], n: int) -> str:
    extras = ["RMB 1,200,000.50", "3,000", "“quoted” — dash’s", "the of and", "个人信息保护", "  "]
    parts = [rng.choice(pool) if rng.random() < 0.5 else rng.choice(aliases) for _ in range(n)]
    parts += rng.sample(extras, rng.randint(0, 2))
    rng.shuffle(parts)
    return " ".join(parts)


def random_corpus(rng: random.Random, size: int) -> tuple[Development, ...]:
    gaz = default_gazetteer()
    real = read_knowledge(default_store_path()).developments
    aliases = _aliases(gaz)
    pool = [w for dev in real for w in dev_text(dev).split()]
    names = {
        kind: [e.name for e in getattr(gaz.data, kind)] for kind in ("regions", *CONCEPT_KINDS)
    }
    docs = []
    for n in range(size):
        base = rng.choice(real)
        long_alias = rng.choice([a for a in aliases if len(a.split()) > 2]).split()
        cut = rng.randint(1, len(long_alias) - 1)
        title = _words(rng, pool, aliases, rng.randint(1, 8))
        summary = _words(rng, pool, aliases, rng.randint(5, 40))
        if rng.random() < 0.4:  # an alias running from the title into the summary
            title = f"{title} {' '.join(long_alias[:cut])}"
            summary = f"{' '.join(long_alias[cut:])} {summary}"

        def some(kind: str, most: int) -> tuple[str, ...]:
            chosen = rng.sample(names[kind], rng.randint(0, most))
            return tuple(rng.choice(aliases) if rng.random() < 0.2 else x for x in chosen)

        sources = tuple(
            s.model_copy(
                update={"ref": f"random {n}.{k}", "headline": _words(rng, pool, aliases, 6)}
            )
            for k, s in enumerate((base.sources * 3)[: rng.randint(1, 3)])
        )
        docs.append(
            base.model_copy(
                update={
                    "id": f"{base.date.isoformat()}-random-{n}",
                    "title": title[:300],
                    "summary": summary[:1500].ljust(20, "x"),
                    "authorities": some("authorities", 3),
                    "legal_basis": some("laws", 2),
                    "sectors": some("sectors", 2),
                    "topics": some("topics", 3),
                    "entities": some("entities", 2),
                    "regions": some("regions", 2) or ("national",),
                    "sources": sources,
                }
            )
        )
    return tuple(docs)


# --- the comparisons ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_text_facet_is_what_reading_each_document_builds(seed: int) -> None:
    docs = random_corpus(random.Random(seed), 300)
    gaz = default_gazetteer()
    index = SearchIndex.build(Store.from_knowledge(_knowledge(docs)), gaz)
    postings, spellings = reference_text(index.docs, gaz)
    assert {s: dict(p) for s, p in index.postings.items()} == postings
    assert list(index.postings) == list(postings)  # the same order too
    assert all(list(index.postings[s]) == list(p) for s, p in postings.items())
    assert index.surface == spellings


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_concepts_facet_is_what_reading_each_document_builds(seed: int) -> None:
    docs = random_corpus(random.Random(seed), 300)
    gaz = default_gazetteer()
    index = SearchIndex.build(Store.from_knowledge(_knowledge(docs)), gaz)
    by_concept = {c: dict(p) for c, p in index.by_concept.items()}
    assert by_concept == reference_concepts(index.docs, gaz)
    assert any(len(p) > 1 for p in by_concept.values())  # the corpus does name things


def test_mentions_are_found_as_a_word_by_word_reading_finds_them() -> None:
    rng = random.Random(5)
    gaz = default_gazetteer()
    docs = random_corpus(rng, 200)
    texts = [t for dev in docs for t in (dev.title, dev_text(dev))]
    assert all(mentions(text, gaz) == reference_mentions(text, gaz) for text in texts)


def test_an_alias_running_from_the_title_into_the_summary_is_not_the_titles() -> None:
    gaz = default_gazetteer()
    base = read_knowledge(default_store_path()).developments[0]
    dev = base.model_copy(
        update={
            "title": "Regulator publishes guidance on personal information privacy",
            "summary": "policy reviews and protection law audits; apps must show a privacy notice.",
            "topics": (),
            "legal_basis": (),
        }
    )
    index = SearchIndex.build(Store.from_knowledge(_knowledge((dev,))), gaz)
    # "privacy policy" runs across: the title on its own names "privacy", named again later
    assert index.by_concept[("topics", "privacy policy")] == {0: 1.0}
    assert index.by_concept[("topics", "privacy")] == {0: 3.0}
    assert index.by_concept[("topics", "personal information")] == {0: 3.0}


def _knowledge(docs: tuple[Development, ...]):  # type: ignore[no-untyped-def]
    real = read_knowledge(default_store_path())
    return real.model_copy(update={"developments": docs})


def test_the_text_facet_is_the_same_when_the_pass_remembers_few_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(passes, "_PIECES_KEPT", 10)
    docs = random_corpus(random.Random(4), 150)
    gaz = default_gazetteer()
    index = SearchIndex.build(Store.from_knowledge(_knowledge(docs)), gaz)
    postings, spellings = reference_text(index.docs, gaz)
    assert {s: dict(p) for s, p in index.postings.items()} == postings
    assert index.surface == spellings
