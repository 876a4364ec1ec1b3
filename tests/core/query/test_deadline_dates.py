"""Dates that are comment deadlines ("drafts closing for comment in June") read the
``comment_deadline`` field, and a month without a year is then the coming one."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.knowledge.model import Status
from bot.core.query import parse_query
from tests.support.developments import make_dev

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("drafts closing for comment in June", date(2027, 6, 1), date(2027, 6, 30)),
        ("comment deadlines next month", date(2027, 1, 1), date(2027, 1, 31)),
        ("which consultations close in December?", date(2026, 12, 1), date(2026, 12, 31)),
        ("comment period ending in March 2022", date(2022, 3, 1), date(2022, 3, 31)),
        ("6月征求意见截止的草案", date(2027, 6, 1), date(2027, 6, 30)),
    ],
)
def test_comment_deadline_questions_filter_on_the_deadline(
    text: str, start: date, end: date
) -> None:
    parsed = parse_query(text, today=TODAY)
    filters = parsed.filters
    assert filters.date_field == "comment"
    assert (filters.date_from, filters.date_to) == (start, end)
    assert not parsed.terms  # "closing", "deadline" are not search words
    assert any(u.label == "comments closing" for u in parsed.understood)


def test_for_comment_still_names_drafts() -> None:
    filters = parse_query("drafts closing for comment in June", today=TODAY).filters
    assert filters.statuses == {Status.DRAFT}


def test_the_deadline_not_the_publication_date_decides() -> None:
    filters = parse_query("drafts closing for comment in June 2022", today=TODAY).filters
    published_in_may = make_dev(
        "2022-05-19-draft", status=Status.DRAFT, comment_deadline=date(2022, 6, 18)
    )
    published_in_june = make_dev(
        "2022-06-02-draft", status=Status.DRAFT, comment_deadline=date(2022, 7, 2)
    )
    no_deadline = make_dev("2022-06-10-draft", status=Status.DRAFT)
    assert filters.matches(published_in_may)
    assert not filters.matches(published_in_june)
    assert not filters.matches(no_deadline)


def test_a_publication_question_is_unchanged() -> None:
    filters = parse_query("drafts published in June 2022", today=TODAY).filters
    assert filters.date_field == "published"


def test_comment_deadlines_without_a_date_ask_for_drafts() -> None:
    parsed = parse_query("what are the comment deadlines?", today=TODAY)
    assert parsed.filters.statuses == {Status.DRAFT} and not parsed.filters.has_dates
