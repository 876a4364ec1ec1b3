"""Pasted e-mails and vague asks: the question sentences are read, greetings, signatures
and quoted text left out; filler never empties a request; "or" joins names; a city reaches
the rules of its province."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers.engine import answer
from bot.core.knowledge.store import Store
from bot.core.query.parser import parse_query
from bot.core.query.pasted import question_of
from tests.conftest import BUNDLED_STORE

TODAY = date(2022, 6, 15)

EMAIL = """Dear Lin,

I hope the move went smoothly. Our fintech client asked me something this morning.
Has any bank in Zhejiang been penalised recently?

Many thanks,
Priya Raman
Associate, Example & Partners LLP
> On Monday you wrote: what about Henan drafts?
"""


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.load(BUNDLED_STORE)


def test_the_question_sentence_of_an_email() -> None:
    assert question_of(EMAIL) == "Has any bank in Zhejiang been penalised recently?"
    assert question_of("drafts beijing") == "drafts beijing"


def test_an_email_is_answered_from_its_question(store: Store) -> None:
    result = answer(EMAIL, store, today=TODAY)
    assert result.results and "shaoxing" in result.results[0].id
    assert "Henan" not in {u.value for u in result.understood}  # quoted text left out


def test_filler_does_not_empty_a_request(store: Store) -> None:
    result = answer("our compliance team is a bit worried about dating apps", store, today=TODAY)
    assert result.results and "hainan" in result.results[0].id


def test_or_between_names_is_either() -> None:
    parsed = parse_query("notices by CVERC or MIIT", today=TODAY)
    assert len(parsed.filters.concepts) == 1
    assert {n for _, n in parsed.filters.concepts[0].names} == {"CVERC", "MIIT"}


def test_a_city_reaches_its_province_for_what_applies(store: Store) -> None:
    result = answer("which rules must a Harbin hospital follow?", store, today=TODAY)
    assert any("heilongjiang" in d.id for d in result.results)
    plain = answer("Harbin", store, today=TODAY)  # not about what applies: the city alone
    assert not any("heilongjiang" in d.id for d in plain.results)
