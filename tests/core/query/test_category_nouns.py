"""A category noun that can also name steps taken ("measures") names the category of laws
only where it reads as a law's title; as the object of a verb of doing ("what measures did
MIIT take?", "measures taken by the CAC") or modified as an action ("enforcement
measures") it means actions, and narrows nothing."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers.engine import answer
from bot.core.knowledge.model import Category
from bot.core.knowledge.store import Store
from bot.core.query import parse_query
from tests.conftest import BUNDLED_STORE

TODAY = date(2022, 6, 15)


@pytest.mark.parametrize(
    "text",
    [
        "what measures did MIIT take?",
        "What measures has the CAC taken against apps?",
        "measures taken by CAC against apps",
        "which measures were imposed on apps?",
        "did MIIT take any measures on app privacy?",
        "MIIT took strict measures",
        "what corrective measures were ordered?",
        "measures against excessive collection by apps",
        "which measures did the regulators adopt in May?",
        "工信部采取了哪些办法？",
    ],
)
def test_measures_as_actions_do_not_narrow_to_laws(text: str) -> None:
    parsed = parse_query(text, today=TODAY)
    assert Category.REGULATION not in parsed.filters.categories
    doing = {"take", "taken", "took", "imposed", "adopt", "采取"}
    assert not doing & set(parsed.terms)  # the verb was read, not searched
    assert "measures" not in parsed.terms and not parsed.not_understood


def test_enforcement_measures_are_enforcement_only() -> None:
    parsed = parse_query("what enforcement measures were imposed on apps?", today=TODAY)
    assert parsed.filters.categories == frozenset({Category.ENFORCEMENT})


@pytest.mark.parametrize(
    "text",
    [
        "the draft Measures on cross-border data",
        "new measures for security assessment",
        "measures on facial recognition",
        "any new measures?",
        "which rules did the CAC adopt?",  # rules are adopted as laws, never taken as steps
        "MIIT adopted the Measures for app data",
        "工信部发布了哪些办法？",
    ],
)
def test_measures_as_a_law_title_still_mean_laws(text: str) -> None:
    assert Category.REGULATION in parse_query(text, today=TODAY).filters.categories


def test_what_measures_did_miit_take_finds_its_enforcement_actions() -> None:
    result = answer("what measures did MIIT take?", Store.load(BUNDLED_STORE), today=TODAY)
    ids = {d.id for d in result.results}
    assert {
        "2022-05-13-miit-industrial-internet-security-campaign",
        "2022-05-05-miit-double-list-personal-information",
        "2022-05-07-miit-app-data-minimisation-standards-draft",
    } <= ids
