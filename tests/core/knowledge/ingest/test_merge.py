"""Dedup and merge, on the seed newsletters and on the fixture newsletters written in their
layouts (``pair``): of the 11 developments both report, under other wording, headings and
dates, 10 become one record each; the hearing and its outcome 12 days later stay apart as a
flagged near miss (dates more than 3 days apart); everything else stays apart; merging
twice changes nothing; curated records keep their words."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.knowledge.ingest.merge import merge, unique_id
from bot.core.knowledge.ingest.parse import ParsedNewsletter
from bot.core.knowledge.model import KnowledgeFile
from tests.core.knowledge.ingest.conftest import NOW, NewsletterPair

DEVELOPMENTS = {"seeds": 39, "fixtures": 28}
"""Developments of both newsletters merged: items of both less the 10 merged."""

NEW_PER_REPORT = {"seeds": [24, 15], "fixtures": [22, 6]}

NUMBERED_ITEMS = {"seeds": 25, "fixtures": 16}

HEARING = {
    # (footnoted ref, numbered ref, id) of the hearing dated April 28 by the footnoted
    # newsletter and reported with its outcome on May 10 by the numbered one
    "seeds": (
        "Courts Litigation #4",
        "Enforcement Developments #3",
        "2022-04-28-public-hearing-held-first-non-prosecution-case",
    ),
    "fixtures": (
        "Courts Litigation #3",
        "Enforcement Developments #2",
        "2022-04-28-hearing-backs-non-prosecution-first-data-compliance",
    ),
}
HEARING_URL = "https://mp.weixin.qq.com/s/WG-u1ZaHiOn9yX00irS35w?scene=25#wechat_redirect"

CVERC_SOURCES = {"seeds": [1, 1, 1], "fixtures": [1, 1]}
"""The CVERC's reports of different app notifications (a day, a month): none merged."""

NDRC_REFS = {
    # two NDRC items on different plans, each merged with its own counterpart
    "seeds": [
        "Enforcement Authority #3",
        "Headlines #4",
        "Regulatory Developments #6",
        "Regulatory Developments #7",
    ],
    "fixtures": [
        "Enforcement Authority #3",
        "Headlines #4",
        "Regulatory Developments #3",
        "Regulatory Developments #4",
    ],
}

YEAR_BOUNDARY = {
    "seeds": None,  # nothing dated in the year before the issue
    # "On December 20," in a May 2022 issue is the December before
    "fixtures": "2021-12-20-travel-agency-must-compensate-traveller-passing-his",
}

CURATED = {"seeds": "Courts Litigation #3", "fixtures": "Courts Litigation #2"}
"""A footnoted item (the crawler case) that a reviewer curated before the numbered
newsletter reported it too."""

FIRST_ID = {
    "seeds": "2022-05-30-four-departments-jointly-issue-implementation-measures",
    "fixtures": "2022-05-30-minors-criminal-records-sealed-under-joint-measures",
}


def merged_pairs(pair: NewsletterPair, knowledge: KnowledgeFile) -> set[tuple[str, str]]:
    pairs = set()
    for dev in knowledge.developments:
        if len(dev.sources) > 1:
            by_newsletter = {s.newsletter: s.ref for s in dev.sources}
            assert len(dev.sources) == 2 and len(by_newsletter) == 2, dev.id
            pairs.add((by_newsletter[pair.footnoted.id], by_newsletter[pair.numbered.id]))
    return pairs


def merged_both(pair: NewsletterPair) -> KnowledgeFile:
    return merge(KnowledgeFile(), list(pair.both), NOW).knowledge


def merged_expected(pair: NewsletterPair) -> set[tuple[str, str]]:
    """The shared reports that merge: all but the hearing and its outcome (a near miss)."""
    footnoted_ref, numbered_ref, _ = HEARING[pair.name]
    return set(pair.merged_refs) - {(footnoted_ref, numbered_ref)}


def test_both_into_an_empty_store_merge_exactly_the_ten_pairs(pair: NewsletterPair) -> None:
    result = merge(KnowledgeFile(), list(pair.both), NOW)
    assert len(pair.merged_refs) == 11
    assert len(pair.footnoted.items) + len(pair.numbered.items) == DEVELOPMENTS[pair.name] + 10
    assert len(result.knowledge.developments) == DEVELOPMENTS[pair.name]
    assert merged_pairs(pair, result.knowledge) == merged_expected(pair)
    assert [len(r.new) for r in result.reports] == NEW_PER_REPORT[pair.name]
    assert [len(r.merged) for r in result.reports] == [0, 10]
    assert result.changed


def test_same_pairs_in_either_order_and_one_file_at_a_time(pair: NewsletterPair) -> None:
    reverse = merge(KnowledgeFile(), [pair.numbered, pair.footnoted], NOW).knowledge
    assert merged_pairs(pair, reverse) == merged_expected(pair)
    # Later runs see only the stored records (title, summary, headlines), not the bodies.
    first = merge(KnowledgeFile(), [pair.footnoted], NOW).knowledge
    second = merge(first, [pair.numbered], NOW + dt.timedelta(days=30)).knowledge
    assert merged_pairs(pair, second) == merged_expected(pair)
    assert len(second.developments) == DEVELOPMENTS[pair.name]


def test_the_hearing_and_its_outcome_twelve_days_later_stay_apart_as_a_near_miss(
    pair: NewsletterPair,
) -> None:
    footnoted_ref, numbered_ref, dev_id = HEARING[pair.name]
    knowledge = merged_both(pair)
    (hearing,) = [d for d in knowledge.developments if d.sources[0].ref == footnoted_ref]
    (outcome,) = [d for d in knowledge.developments if d.sources[0].ref == numbered_ref]
    # The footnoted newsletter dates the hearing (April 28), the numbered one its outcome.
    assert hearing.id == dev_id
    assert (hearing.date, outcome.date) == (dt.date(2022, 4, 28), dt.date(2022, 5, 10))
    assert hearing.sources[0].url == HEARING_URL
    flags = [f for f in (*hearing.flags, *outcome.flags) if f.startswith("near miss")]
    assert len(flags) == 1 and "12 days apart" in flags[0]


def test_reports_of_different_events_stay_apart(pair: NewsletterPair) -> None:
    knowledge = merged_both(pair)
    # App notifications of the same centre on a day and over the month: different reports.
    cverc = [d for d in knowledge.developments if "CVERC" in d.authorities]
    assert sorted(len(d.sources) for d in cverc) == CVERC_SOURCES[pair.name]
    assert {d.date_precision.value for d in cverc} == {"day", "month"}
    ndrc = [d for d in knowledge.developments if "NDRC" in d.authorities]
    assert sorted(s.ref for d in ndrc for s in d.sources) == NDRC_REFS[pair.name]
    assert all(len(d.sources) == 2 for d in ndrc)


def test_fixture_speeches_lose_the_ndrc_answer_to_the_ndrc_item(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    """The members' speeches at the same CPPCC conference score above the threshold against
    the numbered report of the NDRC's answer, but lose it to the NDRC item (one-to-one)."""
    knowledge = merge(KnowledgeFile(), [footnoted_fixture, numbered_fixture], NOW).knowledge
    (speeches,) = [
        d for d in knowledge.developments if any(s.ref == "Headlines #7" for s in d.sources)
    ]
    assert len(speeches.sources) == 1 and speeches.authorities == ("CPPCC",)


def test_new_records_are_unreviewed_with_machine_summary(pair: NewsletterPair) -> None:
    knowledge = merged_both(pair)
    bodies = [i.body for n in pair.both for i in n.items]
    paragraphs = {p for b in bodies for p in b.split("\n\n")}
    for dev in knowledge.developments:
        assert not dev.reviewed and dev.added_at == NOW
        assert dev.id.startswith(dev.date.isoformat() + "-") and len(dev.id) <= 70
        assert 20 <= len(dev.summary) <= 1500
        assert dev.summary not in paragraphs, dev.id
    assert len({d.id for d in knowledge.developments}) == DEVELOPMENTS[pair.name]
    boundary = [d.id for d in knowledge.developments if d.date.year == 2021]
    expected = YEAR_BOUNDARY[pair.name]
    assert boundary == ([expected] if expected else [])


def test_unreviewed_record_gains_tags_of_the_second_report(pair: NewsletterPair) -> None:
    knowledge = merged_both(pair)
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
    # "consumer protection" likewise.
    assert "BYD" in cars.entities and "consumer protection" in cars.topics


def test_reviewed_record_only_gains_the_source(pair: NewsletterPair) -> None:
    curated_ref = CURATED[pair.name]
    numbered_ref = dict(pair.merged_refs)[curated_ref]
    first = merge(KnowledgeFile(), [pair.footnoted], NOW).knowledge
    curated = tuple(
        d.model_copy(
            update={"reviewed": True, "topics": ("curated",), "summary": "Our own words here."}
        )
        if any(s.ref == curated_ref for s in d.sources)
        else d
        for d in first.developments
    )
    store = first.model_copy(update={"developments": curated})
    result = merge(store, [pair.numbered], NOW)
    (crawler,) = [d for d in result.knowledge.developments if d.topics == ("curated",)]
    before = next(d for d in curated if d.id == crawler.id)
    assert [s.ref for s in crawler.sources] == [curated_ref, numbered_ref]
    assert crawler.model_dump(exclude={"sources"}) == before.model_dump(exclude={"sources"})
    assert any(m.reviewed for m in result.reports[0].merged)


def test_never_merges_two_items_of_one_newsletter(pair: NewsletterPair) -> None:
    footnoted = pair.footnoted
    items = len(footnoted.items)
    assert items == NEW_PER_REPORT[pair.name][0]
    twice = replace(
        footnoted,
        id="copy",
        sha256="0" * 64,
        items=[replace(i, newsletter="copy") for i in footnoted.items],
    )
    # The same items under another newsletter id all match one-to-one...
    knowledge = merge(KnowledgeFile(), [footnoted, twice], NOW).knowledge
    assert len(knowledge.developments) == items
    assert all(len({s.newsletter for s in d.sources}) == 2 for d in knowledge.developments)
    # ...but within one newsletter near-identical items stay separate records.
    alone = merge(KnowledgeFile(), [footnoted], NOW).knowledge
    assert len(alone.developments) == items


def test_known_refs_and_files_change_nothing(pair: NewsletterPair) -> None:
    knowledge = merged_both(pair)
    again = merge(knowledge, list(pair.both), NOW + dt.timedelta(days=1))
    assert not again.changed
    assert again.knowledge == knowledge
    assert [r.already_ingested_as for r in again.reports] == [
        pair.footnoted.id,
        pair.numbered.id,
    ]
    # Same newsletter id, edited file: known refs are skipped, nothing duplicated.
    edited = replace(pair.numbered, sha256="f" * 64)
    result = merge(knowledge, [edited], NOW)
    assert not result.changed
    assert len(result.reports[0].known) == NUMBERED_ITEMS[pair.name]
    assert "already in the store from a different file" in str(result.reports[0].warnings[0])


def test_id_collisions_get_a_suffix(pair: NewsletterPair) -> None:
    first = pair.footnoted.items[0]
    base = unique_id(first, set())
    assert base == FIRST_ID[pair.name]
    assert unique_id(first, {base}) == f"{base}-2"
    assert unique_id(first, {base, f"{base}-2"}) == f"{base}-3"
