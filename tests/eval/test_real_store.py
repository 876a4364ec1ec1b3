"""The required behaviours of the engine on the bundled knowledge store."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers.answer import AnswerKind
from bot.core.answers.engine import answer
from bot.core.knowledge.store import Store
from tests.conftest import BUNDLED_STORE

TODAY = date(2022, 6, 15)
YUZHOU = "2022-05-27-yuzhou-face-recognition-fine"
BANK = "2022-05-20-shaoxing-bank-customer-identification-fine"
CRAWLER = "2022-05-10-wuxi-short-video-web-crawler-judgment"
LOCATOR = "2022-05-05-beijing-wife-car-locator-privacy-compensation"


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.load(BUNDLED_STORE)


def test_fines_henan_is_the_yuzhou_fine_of_200000_alone(store: Store) -> None:
    result = answer("fines henan", store, today=TODAY)
    assert [d.id for d in result.results] == [YUZHOU] and result.total == 1
    assert [str(p.amount) for p in result.results[0].penalties] == ["200000"]


def test_fines_lists_every_monetary_penalty_largest_first(store: Store) -> None:
    result = answer("largest penalties", store, today=TODAY, page_size=10)
    assert [d.id for d in result.results] == [BANK, YUZHOU, CRAWLER, LOCATOR]
    amounts = [max(p.largest for p in d.penalties) for d in result.results]
    assert [int(a) for a in amounts] == [5_500_000, 200_000, 30_000, 2_000]
    fines = answer("fines", store, today=TODAY, page_size=10)  # compensation is no fine
    assert [d.id for d in fines.results] == [BANK, YUZHOU, CRAWLER]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shaoxing bank", {BANK}),
        ("crawler", {CRAWLER}),
        (
            "CBIRC",
            {
                "2022-05-27-cbirc-insurance-standardisation-plan",
                "2022-05-19-cbirc-consumer-protection-measures-draft",
            },
        ),
        ("heilongjiang", {"2022-05-13-heilongjiang-big-data-regulations"}),
        ("heilongjang", {"2022-05-13-heilongjiang-big-data-regulations"}),
    ],
)
def test_named_things_come_first(store: Store, text: str, expected: set[str]) -> None:
    result = answer(text, store, today=TODAY)
    assert result.results and result.results[0].id in expected
    assert {d.id for d in result.results} == expected


def test_fines_beijing_says_there_are_no_fines_there(store: Store) -> None:
    result = answer("fines beijing", store, today=TODAY)
    assert result.headline.startswith("No fines are recorded in Beijing;")
    # the one monetary order in Beijing is a court-ordered compensation, shown as such
    assert [d.id for d in result.results] == [LOCATOR]
    assert [p.kind for p in result.results[0].penalties] == ["compensation"]
    assert ("region", "Beijing") in {(u.label, u.value) for u in result.understood}


@pytest.mark.parametrize(
    "text", ["GDPR adequacy decision", "cryptocurrency mining ban", "fines guangdong"]
)
def test_what_the_store_does_not_hold_matches_nothing(store: Store, text: str) -> None:
    result = answer(text, store, today=TODAY)
    assert result.kind == AnswerKind.NO_MATCH and result.results == ()
