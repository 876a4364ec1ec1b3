"""Dedup and merge on the fixture newsletters: their 11 shared developments, reported under
other wording, headings and dates, become one record each; everything else stays apart."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.knowledge.ingest.merge import merge, unique_id
from bot.core.knowledge.ingest.parse import ParsedNewsletter
from bot.core.knowledge.model import KnowledgeFile
from tests.core.knowledge.ingest.conftest import (
    FIXTURE_FOOTNOTED_ID,
    FIXTURE_MERGED_REFS,
    FIXTURE_NEAR_MISS,
    FIXTURE_NUMBERED_ID,
    NOW,
)

EXPECTED_PAIRS = set(FIXTURE_MERGED_REFS) - {FIXTURE_NEAR_MISS}


def merged_pairs(knowledge: KnowledgeFile) -> set[tuple[str, str]]:
    pairs = set()
    for dev in knowledge.developments:
        if len(dev.sources) > 1:
            by_newsletter = {s.newsletter: s.ref for s in dev.sources}
            assert len(dev.sources) == 2 and len(by_newsletter) == 2, dev.id
            pairs.add((by_newsletter[FIXTURE_FOOTNOTED_ID], by_newsletter[FIXTURE_NUMBERED_ID]))
    return pairs


def test_both_fixtures_into_an_empty_store_merge_exactly_the_ten_pairs(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    result = merge(KnowledgeFile(), [footnoted_fixture, numbered_fixture], NOW)
    assert len(footnoted_fixture.items) + len(numbered_fixture.items) == 38
    assert len(result.knowledge.developments) == 28
    assert merged_pairs(result.knowledge) == EXPECTED_PAIRS
    assert [len(r.new) for r in result.reports] == [22, 6]
    assert [len(r.merged) for r in result.reports] == [0, 10]
    assert result.changed


def test_same_pairs_in_either_order_and_one_file_at_a_time(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    reverse = merge(KnowledgeFile(), [numbered_fixture, footnoted_fixture], NOW).knowledge
    assert merged_pairs(reverse) == EXPECTED_PAIRS
    # Later runs see only the stored records (title, summary, headlines), not the bodies.
    first = merge(KnowledgeFile(), [footnoted_fixture], NOW).knowledge
    second = merge(first, [numbered_fixture], NOW + dt.timedelta(days=30)).knowledge
    assert merged_pairs(second) == EXPECTED_PAIRS
    assert len(second.developments) == 28


def test_reports_twelve_days_apart_stay_apart_and_are_flagged_as_a_near_miss(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    knowledge = merge(KnowledgeFile(), [footnoted_fixture, numbered_fixture], NOW).knowledge
    footnoted_ref, numbered_ref = FIXTURE_NEAR_MISS
    # The footnoted fixture dates the hearing (April 28), the numbered one its outcome (10 May).
    (hearing,) = [d for d in knowledge.developments if d.sources[0].ref == footnoted_ref]
    (outcome,) = [d for d in knowledge.developments if d.sources[0].ref == numbered_ref]
    assert (hearing.date, outcome.date) == (dt.date(2022, 4, 28), dt.date(2022, 5, 10))
    assert len(hearing.sources) == len(outcome.sources) == 1
    flags = [f for f in (*hearing.flags, *outcome.flags) if f.startswith("near miss")]
    assert len(flags) == 1 and "12 days apart" in flags[0]


def test_reports_of_different_events_stay_apart(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    knowledge = merge(KnowledgeFile(), [footnoted_fixture, numbered_fixture], NOW).knowledge
    # 12 apps on May 25 and 30 apps over May: the same centre, different reports.
    cverc = [d for d in knowledge.developments if "CVERC" in d.authorities]
    assert sorted(len(d.sources) for d in cverc) == [1, 1]
    assert {d.date_precision.value for d in cverc} == {"day", "month"}
    # Two NDRC items on different plans, each merged with its own counterpart.
    ndrc = [d for d in knowledge.developments if "NDRC" in d.authorities]
    assert sorted(s.ref for d in ndrc for s in d.sources) == [
        "Enforcement Authority #3",
        "Headlines #4",
        "Regulatory Developments #3",
        "Regulatory Developments #4",
    ]
    assert all(len(d.sources) == 2 for d in ndrc)
    # The members' speeches at the same CPPCC conference score above the threshold against
    # the numbered report of the NDRC's answer, but lose it to the NDRC item (one-to-one).
    (speeches,) = [
        d for d in knowledge.developments if any(s.ref == "Headlines #7" for s in d.sources)
    ]
    assert len(speeches.sources) == 1 and speeches.authorities == ("CPPCC",)


def test_new_records_are_unreviewed_with_machine_summary(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    knowledge = merge(KnowledgeFile(), [footnoted_fixture, numbered_fixture], NOW).knowledge
    bodies = [i.body for n in (footnoted_fixture, numbered_fixture) for i in n.items]
    paragraphs = {p for b in bodies for p in b.split("\n\n")}
    for dev in knowledge.developments:
        assert not dev.reviewed and dev.added_at == NOW
        assert dev.id.startswith(dev.date.isoformat() + "-") and len(dev.id) <= 70
        assert 20 <= len(dev.summary) <= 1500
        assert dev.summary not in paragraphs, dev.id
    assert len({d.id for d in knowledge.developments}) == 28
    boundary = next(d for d in knowledge.developments if d.date.year == 2021)
    assert boundary.id == "2021-12-20-travel-agency-must-compensate-traveller-passing-his"


def test_unreviewed_record_gains_tags_of_the_second_report(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    knowledge = merge(KnowledgeFile(), [footnoted_fixture, numbered_fixture], NOW).knowledge
    (plan,) = [
        d
        for d in knowledge.developments
        if any(s.ref == "Enforcement Authority #3" for s in d.sources)
    ]
    # "big data" is only recognised in the second newsletter's wording.
    assert {"health data", "big data"} <= set(plan.topics)
    (cars,) = [
        d for d in knowledge.developments if any(s.ref == "Enforcement Cases #3" for s in d.sources)
    ]
    assert "BYD" in cars.entities and "consumer protection" in cars.topics


def test_reviewed_record_only_gains_the_source(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    first = merge(KnowledgeFile(), [footnoted_fixture], NOW).knowledge
    curated = tuple(
        d.model_copy(
            update={"reviewed": True, "topics": ("curated",), "summary": "Our own words here."}
        )
        if any(s.ref == "Courts Litigation #2" for s in d.sources)
        else d
        for d in first.developments
    )
    store = first.model_copy(update={"developments": curated})
    result = merge(store, [numbered_fixture], NOW)
    (crawler,) = [d for d in result.knowledge.developments if d.topics == ("curated",)]
    before = next(d for d in curated if d.id == crawler.id)
    assert [s.ref for s in crawler.sources] == [
        "Courts Litigation #2",
        "Enforcement Developments #3",
    ]
    assert crawler.model_dump(exclude={"sources"}) == before.model_dump(exclude={"sources"})
    assert any(m.reviewed for m in result.reports[0].merged)


def test_never_merges_two_items_of_one_newsletter(footnoted_fixture: ParsedNewsletter) -> None:
    twice = replace(
        footnoted_fixture,
        id="copy",
        sha256="0" * 64,
        items=[replace(i, newsletter="copy") for i in footnoted_fixture.items],
    )
    # The same items under another newsletter id all match one-to-one...
    knowledge = merge(KnowledgeFile(), [footnoted_fixture, twice], NOW).knowledge
    assert len(knowledge.developments) == 22
    assert all(len({s.newsletter for s in d.sources}) == 2 for d in knowledge.developments)
    # ...but within one newsletter near-identical items stay separate records.
    alone = merge(KnowledgeFile(), [footnoted_fixture], NOW).knowledge
    assert len(alone.developments) == 22


def test_known_refs_and_files_change_nothing(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    knowledge = merge(KnowledgeFile(), [footnoted_fixture, numbered_fixture], NOW).knowledge
    again = merge(knowledge, [footnoted_fixture, numbered_fixture], NOW + dt.timedelta(days=1))
    assert not again.changed
    assert again.knowledge == knowledge
    assert [r.already_ingested_as for r in again.reports] == [
        FIXTURE_FOOTNOTED_ID,
        FIXTURE_NUMBERED_ID,
    ]
    # Same newsletter id, edited file: known refs are skipped, nothing duplicated.
    edited = replace(numbered_fixture, sha256="f" * 64)
    result = merge(knowledge, [edited], NOW)
    assert not result.changed and len(result.reports[0].known) == 16
    assert "already in the store from a different file" in str(result.reports[0].warnings[0])


def test_id_collisions_get_a_suffix(footnoted_fixture: ParsedNewsletter) -> None:
    first = footnoted_fixture.items[0]
    base = unique_id(first, set())
    assert base == "2022-05-30-minors-criminal-records-sealed-under-joint-measures"
    assert unique_id(first, {base}) == f"{base}-2"
    assert unique_id(first, {base, f"{base}-2"}) == f"{base}-3"
