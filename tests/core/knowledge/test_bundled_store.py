"""The bundled, reviewed knowledge store agrees with the two seed newsletters.

The seeds are read independently here (a small reading of their layout, not the ingestion
parser), so a record that drifts from what the newsletters print makes these tests fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from bot.core.knowledge.model import (
    BearerType,
    Category,
    DatePrecision,
    Development,
    KnowledgeFile,
    PenaltyKind,
    Status,
)
from bot.core.knowledge.store import read_knowledge
from tests.conftest import BUNDLED_STORE, SEED_FOOTNOTED, SEED_MERGED_REFS, SEED_NUMBERED

FOOTNOTED_SECTIONS = ("Enforcement Authority", "Enforcement Cases", "Courts Litigation")
NUMBERED_SECTIONS = ("Regulatory Developments", "Enforcement Developments", "Industry Developments")


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _paragraphs(path: Path) -> list[str]:
    return [
        _collapse(p) for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()
    ]


def footnoted_items(path: Path) -> dict[str, tuple[str, str]]:
    """ref -> (headline, url) for the footnoted layout (headline paragraph, body ending in N)."""
    paragraphs = _paragraphs(path)
    links = {int(m[1]): m[2] for p in paragraphs if (m := re.fullmatch(r"(\d+) (https?://\S+)", p))}
    items: dict[str, tuple[str, str]] = {}
    section, position = "Headlines", 0
    for previous, paragraph in zip(paragraphs, paragraphs[1:], strict=False):
        if paragraph in FOOTNOTED_SECTIONS:
            section, position = paragraph, 0
            continue
        note = re.search(r"(?<![\d,])(\d{1,2})$", paragraph)
        if note and not paragraph.startswith("http") and not re.match(r"\d+ http", paragraph):
            position += 1
            items[f"{section} #{position}"] = (previous, links[int(note[1])])
    return items


def numbered_items(path: Path) -> dict[str, str]:
    """ref -> headline for the numbered layout."""
    items: dict[str, str] = {}
    section: str | None = None
    for paragraph in _paragraphs(path):
        if paragraph in NUMBERED_SECTIONS:
            section = paragraph
        elif section and (m := re.fullmatch(r"(\d+)\. (.+)", paragraph)) and len(m[2]) < 300:
            items[f"{section} #{m[1]}"] = m[2]
    return items


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeFile:
    return read_knowledge(BUNDLED_STORE)


@pytest.fixture(scope="module")
def by_id(knowledge: KnowledgeFile) -> dict[str, Development]:
    return {d.id: d for d in knowledge.developments}


def _one(knowledge: KnowledgeFile, newsletter: str, ref: str) -> Development:
    found = [
        d
        for d in knowledge.developments
        if any(s.newsletter == newsletter and s.ref == ref for s in d.sources)
    ]
    assert len(found) == 1, f"{newsletter} {ref}: {len(found)} developments"
    return found[0]


def test_counts_of_developments_merges_and_links(knowledge: KnowledgeFile) -> None:
    devs = knowledge.developments
    assert len(devs) == 38
    assert sum(len(d.sources) == 2 for d in devs) == 11
    assert sum(len(d.sources) for d in devs) == 49
    assert sum(len(d.links) for d in devs) == 24
    assert all(d.reviewed for d in devs)


def test_every_seed_item_is_cited_exactly_once_with_its_printed_headline_and_link(
    seeds: tuple[Path, Path], knowledge: KnowledgeFile
) -> None:
    footnoted, numbered = seeds
    expected: dict[tuple[str, str], tuple[str, str | None]] = {
        (footnoted.stem, ref): (headline, url)
        for ref, (headline, url) in footnoted_items(footnoted).items()
    }
    expected |= {
        (numbered.stem, ref): (headline, None) for ref, headline in numbered_items(numbered).items()
    }
    assert len(expected) == 49
    cited = Counter((s.newsletter, s.ref) for d in knowledge.developments for s in d.sources)
    assert set(cited) == set(expected)
    assert max(cited.values()) == 1
    for dev in knowledge.developments:
        for source in dev.sources:
            assert (source.headline, source.url) == expected[(source.newsletter, source.ref)]


SEED_TITLES = {
    "000_e7b1359a47fae4a1": "China Data Protection Headlines, May 2022",
    "002_02c25c3a61ce869d": "China Cybersecurity and Data Protection Newsletter, May 2022",
}


def test_newsletters_match_the_seed_files(
    seeds: tuple[Path, Path], knowledge: KnowledgeFile
) -> None:
    assert {n.id for n in knowledge.newsletters} == {p.stem for p in seeds}
    for path in seeds:
        entry = next(n for n in knowledge.newsletters if n.id == path.stem)
        assert entry.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry.file_name == path.name
        assert entry.issue_month == "2022-05"
        # cited by a title a reader recognises, not the file's name
        assert entry.title == SEED_TITLES[path.stem] and path.stem not in entry.title


def test_the_eleven_overlapping_reports_are_merged(knowledge: KnowledgeFile) -> None:
    for ref_footnoted, ref_numbered in SEED_MERGED_REFS:
        merged = _one(knowledge, SEED_FOOTNOTED.stem, ref_footnoted)
        assert merged is _one(knowledge, SEED_NUMBERED.stem, ref_numbered)
    separate = _one(knowledge, SEED_FOOTNOTED.stem, "Headlines #5")
    assert separate is not _one(knowledge, SEED_FOOTNOTED.stem, "Headlines #4")


def test_every_development_is_dated_sourced_and_citable(knowledge: KnowledgeFile) -> None:
    ingested = {n.id for n in knowledge.newsletters}
    for dev in knowledge.developments:
        assert dev.id.startswith(dev.date.isoformat()), dev.id
        assert dev.date.strftime("%Y-%m") == "2022-05", dev.id
        assert dev.sources
        assert dev.links or all(s.newsletter in ingested for s in dev.sources), dev.id
        assert all(s.reported_date is not None for s in dev.sources), dev.id
        assert 20 <= len(dev.summary) <= 600, dev.id
        assert dev.regions, dev.id


def test_related_links_point_both_ways(by_id: dict[str, Development]) -> None:
    for dev in by_id.values():
        for other in dev.related:
            assert dev.id in by_id[other].related, (dev.id, other)
    monthly = by_id["2022-05-01-cverc-30-apps-privacy-noncompliance"]
    assert monthly.date_precision is DatePrecision.MONTH
    assert set(monthly.related) == {
        "2022-05-25-cverc-12-apps-excessive-collection",
        "2022-05-12-cverc-18-apps-excessive-collection",
    }


def test_yuzhou_face_recognition_fine(by_id: dict[str, Development]) -> None:
    dev = by_id["2022-05-27-yuzhou-face-recognition-fine"]
    assert dev.category is Category.ENFORCEMENT
    assert dev.date == dt.date(2022, 5, 27)
    assert set(dev.regions) == {"Henan", "Yuzhou"}
    assert [(p.amount, p.currency, p.kind) for p in dev.penalties] == [
        (Decimal("200000"), "CNY", PenaltyKind.FINE)
    ]
    assert dev.links == ["https://m.thepaper.cn/newsDetail_forward_18299237"]


def test_shaoxing_bank_fine_and_responsible_persons(knowledge: KnowledgeFile) -> None:
    dev = _one(knowledge, SEED_NUMBERED.stem, "Enforcement Developments #11")
    bank, staff = sorted(dev.penalties, key=lambda p: p.amount, reverse=True)
    assert (bank.amount, bank.bearer, bank.bearer_type) == (
        Decimal("5500000"),
        "Shaoxing Bank",
        BearerType.ENTITY,
    )
    assert (staff.amount, staff.amount_max, staff.bearer_type) == (
        Decimal("10000"),
        Decimal("70000"),
        BearerType.INDIVIDUAL,
    )
    assert "Shaoxing Bank" in dev.entities
    assert dev.total_penalty == Decimal("5570000")


def test_heilongjiang_regulations_in_force_from_july(knowledge: KnowledgeFile) -> None:
    dev = _one(knowledge, SEED_FOOTNOTED.stem, "Headlines #6")
    assert dev.status is Status.ADOPTED
    assert dev.effective_date == dt.date(2022, 7, 1)
    assert dev.regions == ("Heilongjiang",)


def test_judgement_calls_on_dates_and_categories(knowledge: KnowledgeFile) -> None:
    non_prosecution = _one(knowledge, SEED_FOOTNOTED.stem, "Courts Litigation #4")
    assert non_prosecution.date == dt.date(2022, 5, 10)
    assert non_prosecution.category is Category.COURT
    crawler = _one(knowledge, SEED_NUMBERED.stem, "Enforcement Developments #4")
    assert crawler.category is Category.COURT
    assert [(p.amount, p.kind, p.bearer) for p in crawler.penalties] == [
        (Decimal("30000"), PenaltyKind.CRIMINAL_FINE, "Ding")
    ]
    court = _one(knowledge, SEED_NUMBERED.stem, "Enforcement Developments #6")
    assert court.category is Category.COURT
    white_paper = _one(knowledge, SEED_FOOTNOTED.stem, "Enforcement Authority #1")
    assert white_paper.category is Category.INDUSTRY


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.replace("\u2019", "'").lower())


def test_summaries_are_in_our_own_words(seeds: tuple[Path, Path], knowledge: KnowledgeFile) -> None:
    run = 12
    seed_runs: set[tuple[str, ...]] = set()
    for path in seeds:
        words = _words(path.read_text(encoding="utf-8"))
        seed_runs |= {tuple(words[i : i + run]) for i in range(len(words) - run + 1)}
    for dev in knowledge.developments:
        words = _words(dev.summary)
        copied = [
            " ".join(words[i : i + run])
            for i in range(len(words) - run + 1)
            if tuple(words[i : i + run]) in seed_runs
        ]
        assert not copied, (dev.id, copied[:1])
