"""Follow-ups in a conversation: "give me more", "where is that from?", "the second one",
and any question naming no new subject continue the previous request."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core.answers.answer import AnswerKind
from bot.core.answers.conversation import InMemoryConversations, picked
from bot.core.answers.router import Context, Router
from bot.core.knowledge.store import LiveStore
from tests.conftest import BUNDLED_STORE

TODAY = date(2022, 6, 15)
T0 = datetime(2022, 6, 15, 9, 0, tzinfo=UTC)
DM = Context("D9", "UCAROL", "T1", "dm")


@pytest.fixture()
def router() -> Router:
    return Router(
        LiveStore(BUNDLED_STORE),
        today=lambda: TODAY,
        conversations=InMemoryConversations(),
        now=lambda: T0,
    )


def test_give_me_more_is_the_next_page(router: Router) -> None:
    router.handle("latest", DM)
    follow = router.handle("could you show me more results?", DM)
    assert follow.kind == AnswerKind.RESULTS and follow.offset == 5


def test_where_is_that_from_cites_the_previous_subject(router: Router) -> None:
    router.handle("web crawler judgment", DM)
    source = router.handle("show me the sources", DM)
    assert source.direct is not None and source.direct.ask == "source"
    assert source.results and "crawler" in source.results[0].id


def test_the_second_one_shows_that_record_in_full(router: Router) -> None:
    listed = router.handle("drafts", DM)
    second = router.handle("tell me more about the second one", DM)
    assert second.kind == AnswerKind.DETAIL
    assert second.results[0].id == listed.results[1].id
    assert router.handle("#9", DM).kind == AnswerKind.NOTICE  # the list has four


def test_a_question_naming_no_new_subject_continues(router: Router) -> None:
    router.handle("Who was convicted for selling crawler software?", DM)
    fine = router.handle("and how much was the fine?", DM)
    assert fine.direct is not None and "CNY 30,000" in fine.direct.text
    other = router.handle("how much was the fine in Henan?", DM)  # a new subject
    assert other.direct is not None and "CNY 200,000" in other.direct.text


@pytest.mark.parametrize(
    ("text", "position"),
    [("the first one", 1), ("show the 3rd result", 3), ("#2", 2), ("the last one", -1)],
)
def test_picked(text: str, position: int) -> None:
    assert picked(text) == position
    assert picked("the first fines in Henan") is None


def test_after_more_the_first_one_is_the_first_of_the_page_seen(router: Router) -> None:
    router.handle("latest", DM)
    page = router.handle("more", DM)
    assert page.offset == 5 and len(page.results) == 5
    first = router.handle("the first one", DM)
    assert first.kind == AnswerKind.DETAIL and first.results[0].id == page.results[0].id
    second = router.handle("第二条", DM)  # still that page: showing one is no new list
    assert second.results[0].id == page.results[1].id
    last = router.handle("the last one", DM)
    assert last.results[0].id == page.results[-1].id


def test_a_pick_beyond_the_page_seen_is_refused(router: Router) -> None:
    listed = router.handle("drafts", DM)
    assert listed.total == 4 and listed.next_offset is None
    assert router.handle("#5", DM).kind == AnswerKind.NOTICE
