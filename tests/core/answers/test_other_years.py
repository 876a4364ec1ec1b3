"""A month asked about without a year is the most recent one (the coming one for comment
deadlines); when that holds nothing but another year does, the answer says so plainly
and shows that year's records, with their dates."""

from __future__ import annotations

from datetime import date

from bot.core.answers.answer import Answer, AnswerKind
from bot.core.answers.engine import answer
from bot.core.knowledge.model import Status
from bot.core.knowledge.store import Store
from bot.core.query import parse_query
from tests.support.bundled import bundled_store
from tests.support.developments import make_dev, make_store

TODAY = date(2026, 12, 6)
store = bundled_store()


def ask(store: Store, text: str) -> Answer:
    return answer(text, store, today=TODAY, page_size=10)


def notes(result: Answer) -> str:
    return " ".join(result.direct.notes) if result.direct is not None else ""


def test_a_month_without_a_year_that_holds_nothing_says_which_year_does(store: Store) -> None:
    result = ask(store, "fines in May")
    # "fines" means fines there too: the compensation award is left out, and said so, as
    # "fines may 2022" does
    assert result.kind == AnswerKind.RESULTS and result.total == 3
    assert "Nothing in May 2026; May 2022 had 3 developments" in notes(result)
    assert "Left out 1 court-ordered compensation award" in notes(result)
    assert all(dev.date.year == 2022 for dev in result.results)
    assert any(u.value.endswith("May 2022") for u in result.understood)
    assert [d.id for d in result.results] == [d.id for d in ask(store, "fines may 2022").results]
    penalties = ask(store, "penalties in May")  # penalties take compensation too
    assert penalties.total == 4 and "May 2022 had 4 developments" in notes(penalties)


def test_the_same_in_chinese(store: Store) -> None:
    result = ask(store, "5月的罚款")
    assert result.kind == AnswerKind.RESULTS
    assert "2026年5月没有相关动态；2022年5月有3条" in notes(result)


def test_no_year_holds_it_a_plain_no_with_the_year_read(store: Store) -> None:
    result = ask(store, "fines in June")
    assert result.kind == AnswerKind.NO_MATCH
    assert "June 2026" in result.headline


def test_a_typed_year_is_never_switched(store: Store) -> None:
    result = ask(store, "fines in May 2021")
    assert result.kind == AnswerKind.NO_MATCH and "May 2021" in result.headline


def test_a_comment_deadline_month_is_the_coming_one_then_other_years() -> None:
    store = make_store(
        [
            make_dev(
                "2022-05-19-cbirc-draft",
                status=Status.DRAFT,
                title="CBIRC consults on consumer protection measures",
                comment_deadline=date(2022, 6, 18),
            ),
            make_dev(
                "2022-06-02-other-draft",
                status=Status.DRAFT,
                title="Another draft published in June",
                comment_deadline=date(2022, 7, 2),
            ),
        ]
    )
    result = answer("drafts closing for comment in June", store, today=TODAY)
    assert [d.id for d in result.results] == ["2022-05-19-cbirc-draft"]
    assert "No comment period closes in June 2027; June 2022 had 1 development" in notes(result)


def test_a_period_without_a_year_is_a_guess_too(store: Store) -> None:
    result = ask(store, "fines in late May")
    assert [d.id for d in result.results] == ["2022-05-27-yuzhou-face-recognition-fine"]
    assert "Nothing from 21 May 2026 to 31 May 2026; from 21 May 2022 to 31 May 2022" in notes(
        result
    )


def test_a_period_not_yet_begun_this_year_is_last_years() -> None:
    filters = parse_query("fines in the second half", today=date(2026, 3, 1)).filters
    assert (filters.date_from, filters.date_to) == (date(2025, 7, 1), date(2025, 12, 31))
    assert filters.year_guessed


def test_drafts_without_a_deadline_are_said_not_placed() -> None:
    store = make_store(
        [
            make_dev(
                "2022-05-19-dated-draft", status=Status.DRAFT, comment_deadline=date(2022, 6, 18)
            ),
            make_dev("2022-05-20-undated-draft", status=Status.DRAFT),
        ]
    )
    result = answer("drafts closing for comment in June 2022", store, today=TODAY)
    assert [d.id for d in result.results] == ["2022-05-19-dated-draft"]
    assert "1 draft has no comment deadline in the newsletters" in notes(result)
