"""A filter word with one slip is read as the word, and the answer says so; real words
near a keyword are left alone."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers.engine import answer
from bot.core.knowledge.store import Store
from bot.core.query.parser import parse_query
from bot.core.query.typos import keyword_typo
from tests.conftest import BUNDLED_STORE

TODAY = date(2022, 6, 15)


@pytest.mark.parametrize(
    ("typed", "read"),
    [("fiens", "fines"), ("penalites", "penalties"), ("drafs", "drafts"), ("cuort", "court")],
)
def test_one_slip_is_read_as_the_keyword(typed: str, read: str) -> None:
    assert keyword_typo(typed) == read
    parsed = parse_query(f"{typed} in 2022", today=TODAY)
    assert typed not in parsed.terms and (typed, read) in parsed.corrections


@pytest.mark.parametrize(
    "word",
    ["finds", "fins", "lines", "count", "damage", "plans", "fine", "sentence", "propose", "finest"],
)
def test_real_words_are_not_corrected(word: str) -> None:
    assert keyword_typo(word) is None


def test_the_answer_says_how_it_read_the_slip() -> None:
    store = Store.load(BUNDLED_STORE)
    result = answer("fiens in zhejaing", store, today=TODAY)
    assert [d.id for d in result.results] == [
        "2022-05-20-shaoxing-bank-customer-identification-fine"
    ]
    assert result.headline.startswith("1 development with fines in Zhejiang")
    assert result.direct is not None and "Read “fiens” as fines." in result.direct.notes
