"""The status of a rule: a text only planned (in a legislative plan, under study, expected
to be released) is not adopted, and an adoption verb in the future or the conditional
("may be adopted", "yet to be issued", "once passed") claims no adoption (our own words)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.knowledge.ingest.facts import status_of
from bot.core.knowledge.model import Category, Status

ON = dt.date(2023, 11, 3)


def status(text: str) -> Status | None:
    return status_of(text, Category.REGULATION, ON)[0]


@pytest.mark.parametrize(
    "text",
    [
        "The State Council put the Regulations on Online Child Safety into its 2024 "
        "legislative work plan, and observers think the rules may be adopted next year.",
        "The NPC listed a Data Property Law among the items of its annual plan.",
        "The ministry said rules on vehicle data are under study and expected to be released "
        "in 2024.",
        "国务院将《网络数据安全管理条例》列入2023年度立法工作计划。",
    ],
)
def test_a_text_only_planned_is_proposed_not_adopted(text: str) -> None:
    assert status(text) is Status.PROPOSED


@pytest.mark.parametrize(
    "text",
    [
        "Observers think the long-awaited rules may be adopted soon.",
        "The measures have not yet been issued.",
        "The rules, once approved, will apply to every platform.",
        "该条例尚未发布。",
        "If adopted, the measures would take effect on 1 March 2024.",
        "该条例预计于2024年1月1日起施行。",
        "该办法尚未正式施行。",
    ],
)
def test_an_adoption_verb_in_the_future_or_negated_claims_no_status(text: str) -> None:
    assert status(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "The NPC Standing Committee adopted the amended law on 1 November.",
        "The CAC published the final measures on data labelling.",
        "市场监管总局印发了该办法。",
    ],
)
def test_an_adoption_said_as_done_is_adopted(text: str) -> None:
    assert status(text) is Status.ADOPTED


def test_an_effective_date_said_of_a_planned_text_claims_no_adoption() -> None:
    text = (
        "The regulations, put in the 2024 legislative plan, are expected to take effect on "
        "1 January 2025."
    )
    assert status_of(text, Category.REGULATION, ON) == (Status.PROPOSED, None)
    adopted = "The measures, issued on 1 November, will take effect on 1 March 2024."
    assert status_of(adopted, Category.REGULATION, ON) == (Status.ADOPTED, dt.date(2024, 3, 1))
    assert status("该条例将于2024年1月1日起施行。") is Status.ADOPTED


def test_a_draft_still_to_come_is_no_draft() -> None:
    text = (
        "The Standing Committee put a revision of the law on its 2024 legislative work plan. "
        "A draft is expected to be released for comment in the autumn."
    )
    assert status(text) is Status.PROPOSED
    maybe = "The bureau plans to revise its rules; a draft may be released for comment in May."
    assert status(maybe) is Status.PROPOSED
    assert status("The CAC published draft measures for public comment until 1 July.") is (
        Status.DRAFT
    )
