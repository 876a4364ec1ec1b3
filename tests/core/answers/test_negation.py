"""Exclusions for every kind of filter, in English and Chinese, on the bundled store."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers.engine import answer
from bot.core.knowledge.model import Category
from bot.core.knowledge.store import Store
from bot.core.query.negation import split_exclusions
from bot.core.query.parser import parse_query
from tests.conftest import BUNDLED_STORE

TODAY = date(2022, 6, 15)
YUZHOU = "2022-05-27-yuzhou-face-recognition-fine"
BANK = "2022-05-20-shaoxing-bank-customer-identification-fine"
CRAWLER = "2022-05-10-wuxi-short-video-web-crawler-judgment"
LOCATOR = "2022-05-05-beijing-wife-car-locator-privacy-compensation"


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.load(BUNDLED_STORE)


def ids(store: Store, text: str) -> set[str]:
    return {d.id for d in answer(text, store, today=TODAY, page_size=50).results}


def test_split_exclusions() -> None:
    assert split_exclusions("fines outside Henan")[0] == "fines"
    main, [cut] = split_exclusions("drafts except CBIRC in 2022")
    assert main == "drafts in 2022" and cut.text == "CBIRC" and cut.explicit
    main, [cut] = split_exclusions("除了河南以外的罚款")
    assert cut.text == "河南" and "罚款" in main


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fines outside Henan", {BANK, CRAWLER}),  # region; compensation is not a fine
        ("penalties outside Henan", {BANK, CRAWLER, LOCATOR}),
        ("fines excluding Zhejiang", {YUZHOU, CRAWLER}),
        ("penalties other than compensation", {BANK, YUZHOU, CRAWLER}),  # penalty kind
        ("除了河南以外的罚款", {BANK, CRAWLER}),
        (
            "drafts except CBIRC",  # authority
            {
                "2022-05-26-tc260-privacy-policy-standard-draft",
                "2022-05-07-beijing-digital-economy-promotion-regulation-draft",
                "2022-05-07-miit-app-data-minimisation-standards-draft",
            },
        ),
    ],
)
def test_excluded_records_are_left_out(store: Store, text: str, expected: set[str]) -> None:
    assert ids(store, text) == expected


def test_with_no_fine_leaves_out_every_penalty(store: Store) -> None:
    found = ids(store, "enforcement with no fine")
    assert found and not found & {BANK, YUZHOU}
    assert all(store.by_id[i].category == Category.ENFORCEMENT for i in found)
    assert all(not store.by_id[i].penalties for i in found)


def test_other_filter_kinds_can_be_excluded(store: Store) -> None:
    courts = ids(store, "courts")
    assert ids(store, "courts excluding procuratorates") < courts  # an authority
    assert ids(store, "fines except courts") == {BANK, YUZHOU}  # a category
    assert ids(store, "regulations except drafts") & ids(store, "drafts") == set()  # status
    assert ids(store, "courts not in May 2022") == set()  # a date: every court record is May


def _topics(text: str) -> set[str]:
    parsed = parse_query(text)
    return {name for c in parsed.filters.concepts for kind, name in c.names if kind == "topics"}


def test_without_consent_is_not_an_exclusion() -> None:
    parsed = parse_query("faces collected without consent")
    assert not parsed.filters.exclude and "consent" in _topics("faces collected without consent")


@pytest.mark.parametrize(
    ("text", "conduct"),
    [
        ("fines for exporting data without a security assessment", "security assessment"),
        ("apps collecting location data with no consent", "consent"),
        ("penalties for processing data without any security assessment", "security assessment"),
    ],
)
def test_a_topic_after_a_verb_of_handling_data_is_the_conduct(text: str, conduct: str) -> None:
    parsed = parse_query(text)
    assert not parsed.filters.exclude
    assert conduct in _topics(text)


def test_without_a_topic_and_no_such_verb_still_excludes_it(store: Store) -> None:
    parsed = parse_query("developments without facial recognition")
    [excluded] = parsed.filters.exclude
    assert [name for c in excluded.concepts for _, name in c.names] == ["facial recognition"]
    assert YUZHOU not in ids(store, "developments without facial recognition")
    # a place is excluded even after a verb of handling data
    assert parse_query("fines for processing data not in Beijing").filters.exclude


def test_the_answer_says_what_was_excluded(store: Store) -> None:
    result = answer("fines outside Henan", store, today=TODAY)
    assert ("excluding", "region Henan") in {(u.label, u.value) for u in result.understood}
