"""Dedup and merge: the seeds' 11 shared developments, idempotency, curated records."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.knowledge.ingest.merge import merge, unique_id
from bot.core.knowledge.ingest.parse import ParsedNewsletter
from bot.core.knowledge.model import KnowledgeFile
from tests.conftest import SEED_MERGED_REFS, SEED_NEAR_MISS
from tests.core.knowledge.ingest.conftest import FOOTNOTED_ID, NOW, NUMBERED_ID

EXPECTED_PAIRS = set(SEED_MERGED_REFS) - {SEED_NEAR_MISS}


def merged_pairs(knowledge: KnowledgeFile) -> set[tuple[str, str]]:
    pairs = set()
    for dev in knowledge.developments:
        if len(dev.sources) > 1:
            by_newsletter = {s.newsletter: s.ref for s in dev.sources}
            assert len(dev.sources) == 2 and len(by_newsletter) == 2, dev.id
            pairs.add((by_newsletter[FOOTNOTED_ID], by_newsletter[NUMBERED_ID]))
    return pairs


def test_both_seeds_into_an_empty_store_merge_exactly_the_ten_pairs(
    footnoted: ParsedNewsletter, numbered: ParsedNewsletter
) -> None:
    result = merge(KnowledgeFile(), [footnoted, numbered], NOW)
    assert len(footnoted.items) + len(numbered.items) == 49
    assert len(result.knowledge.developments) == 39
    assert merged_pairs(result.knowledge) == EXPECTED_PAIRS
    assert [len(r.new) for r in result.reports] == [24, 15]
    assert [len(r.merged) for r in result.reports] == [0, 10]


def test_same_pairs_in_either_order_and_one_file_at_a_time(
    footnoted: ParsedNewsletter, numbered: ParsedNewsletter
) -> None:
    reverse = merge(KnowledgeFile(), [numbered, footnoted], NOW).knowledge
    assert merged_pairs(reverse) == EXPECTED_PAIRS
    # Later runs see only the stored records (title, summary, headlines), not the bodies.
    first = merge(KnowledgeFile(), [footnoted], NOW).knowledge
    second = merge(first, [numbered], NOW + dt.timedelta(days=30)).knowledge
    assert merged_pairs(second) == EXPECTED_PAIRS
    assert len(second.developments) == 39


def test_the_hearing_and_its_outcome_twelve_days_later_stay_apart_as_a_near_miss(
    footnoted: ParsedNewsletter, numbered: ParsedNewsletter
) -> None:
    knowledge = merge(KnowledgeFile(), [footnoted, numbered], NOW).knowledge
    footnoted_ref, numbered_ref = SEED_NEAR_MISS
    (hearing,) = [d for d in knowledge.developments if d.sources[0].ref == footnoted_ref]
    (outcome,) = [d for d in knowledge.developments if d.sources[0].ref == numbered_ref]
    assert hearing.id == "2022-04-28-public-hearing-held-first-non-prosecution-case"
    assert (hearing.date, outcome.date) == (dt.date(2022, 4, 28), dt.date(2022, 5, 10))
    flags = [f for f in (*hearing.flags, *outcome.flags) if f.startswith("near miss")]
    assert len(flags) == 1 and "12 days apart" in flags[0]


def test_cverc_reports_stay_apart(footnoted: ParsedNewsletter, numbered: ParsedNewsletter) -> None:
    knowledge = merge(KnowledgeFile(), [footnoted, numbered], NOW).knowledge
    cverc = [d for d in knowledge.developments if "CVERC" in d.authorities]
    assert sorted(len(d.sources) for d in cverc) == [1, 1, 1]
    assert {d.date_precision.value for d in cverc} == {"day", "month"}


def test_new_records_are_unreviewed_with_machine_summary(
    footnoted: ParsedNewsletter, numbered: ParsedNewsletter
) -> None:
    knowledge = merge(KnowledgeFile(), [footnoted, numbered], NOW).knowledge
    bodies = [i.body for n in (footnoted, numbered) for i in n.items]
    paragraphs = {p for b in bodies for p in b.split("\n\n")}
    for dev in knowledge.developments:
        assert not dev.reviewed and dev.added_at == NOW
        assert dev.id.startswith(dev.date.isoformat() + "-") and len(dev.id) <= 70
        assert 20 <= len(dev.summary) <= 1500
        assert dev.summary not in paragraphs, dev.id
    assert len({d.id for d in knowledge.developments}) == 39


def test_unreviewed_record_gains_tags_of_the_second_report(
    footnoted: ParsedNewsletter, numbered: ParsedNewsletter
) -> None:
    knowledge = merge(KnowledgeFile(), [footnoted, numbered], NOW).knowledge
    (nev,) = [
        d for d in knowledge.developments if any(s.ref == "Enforcement Cases #3" for s in d.sources)
    ]
    # "consumer protection" is only recognised in the second newsletter's wording.
    assert "consumer protection" in nev.topics and "BYD" in nev.entities


def test_reviewed_record_only_gains_the_source(
    footnoted: ParsedNewsletter, numbered: ParsedNewsletter
) -> None:
    first = merge(KnowledgeFile(), [footnoted], NOW).knowledge
    curated = tuple(
        d.model_copy(
            update={"reviewed": True, "topics": ("curated",), "summary": "Our own words here."}
        )
        if any(s.ref == "Courts Litigation #3" for s in d.sources)
        else d
        for d in first.developments
    )
    store = first.model_copy(update={"developments": curated})
    result = merge(store, [numbered], NOW)
    (crawler,) = [d for d in result.knowledge.developments if d.topics == ("curated",)]
    before = next(d for d in curated if d.id == crawler.id)
    assert [s.ref for s in crawler.sources] == [
        "Courts Litigation #3",
        "Enforcement Developments #4",
    ]
    assert crawler.model_dump(exclude={"sources"}) == before.model_dump(exclude={"sources"})
    assert any(m.reviewed for m in result.reports[0].merged)


def test_never_merges_two_items_of_one_newsletter(footnoted: ParsedNewsletter) -> None:
    twice = replace(
        footnoted,
        id="copy",
        sha256="0" * 64,
        items=[replace(i, newsletter="copy") for i in footnoted.items],
    )
    # The same items under another newsletter id all match one-to-one...
    knowledge = merge(KnowledgeFile(), [footnoted, twice], NOW).knowledge
    assert len(knowledge.developments) == 24
    assert all(len({s.newsletter for s in d.sources}) == 2 for d in knowledge.developments)
    # ...but within one newsletter near-identical items stay separate records.
    alone = merge(KnowledgeFile(), [footnoted], NOW).knowledge
    assert len(alone.developments) == 24


def test_known_refs_and_files_change_nothing(
    footnoted: ParsedNewsletter, numbered: ParsedNewsletter
) -> None:
    knowledge = merge(KnowledgeFile(), [footnoted, numbered], NOW).knowledge
    again = merge(knowledge, [footnoted, numbered], NOW + dt.timedelta(days=1))
    assert not again.changed
    assert again.knowledge == knowledge
    assert [r.already_ingested_as for r in again.reports] == [FOOTNOTED_ID, NUMBERED_ID]
    # Same newsletter id, edited file: known refs are skipped, nothing duplicated.
    edited = replace(numbered, sha256="f" * 64)
    result = merge(knowledge, [edited], NOW)
    assert not result.changed and len(result.reports[0].known) == 25
    assert "already in the store from a different file" in str(result.reports[0].warnings[0])


def test_id_collisions_get_a_suffix(footnoted: ParsedNewsletter) -> None:
    first = footnoted.items[0]
    base = unique_id(first, set())
    assert base == "2022-05-30-four-departments-jointly-issue-implementation-measures"
    assert unique_id(first, {base}) == f"{base}-2"
    assert unique_id(first, {base, f"{base}-2"}) == f"{base}-3"
