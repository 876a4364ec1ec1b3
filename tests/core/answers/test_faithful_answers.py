"""A "no" that names every condition and what dropping one finds; records dated by month
flagged when a shorter period matches them; dates in the text answer only a period they
name; Chinese questions answered in Chinese; full-width punctuation never "not understood"."""

from __future__ import annotations

from datetime import date

from bot.core.answers.answer import AnswerKind
from bot.core.answers.engine import answer
from bot.core.knowledge.store import Store
from tests.support.bundled import TODAY, ask, bundled_store

store = bundled_store()


def test_no_names_the_period_and_what_other_periods_hold(store: Store) -> None:
    result = ask(store, "penalties in Henan during 2020")
    assert result.kind == AnswerKind.NO_MATCH and not result.results
    assert "Henan" in result.headline and "2020" in result.headline
    assert result.message is not None
    assert result.message.startswith("Without the dates (2020): 1 development")
    assert "Yuzhou" in result.message and "27 May 2022" in result.message


def test_chinese_no_is_chinese_and_says_what_dropping_finds(store: Store) -> None:
    result = ask(store, "河南2020年的罚款")
    assert result.kind == AnswerKind.NO_MATCH
    assert result.headline.startswith("知识库中没有符合条件的动态") and "2020年" in result.headline
    assert result.message is not None and result.message.startswith("去掉日期条件后有1条")


def test_a_record_dated_by_month_is_flagged_for_a_shorter_period(store: Store) -> None:
    result = ask(store, "enforcement between 1 and 3 May 2022")
    assert result.direct is not None
    assert any("day not given" in note for note in result.direct.notes)


def test_text_dates_answer_only_a_period_they_name(store: Store) -> None:
    result = ask(store, "anything in February 2022?")
    assert result.kind == AnswerKind.NO_MATCH  # records naming only "2022" do not answer it


def test_chinese_headlines_are_chinese(store: Store) -> None:
    listed = ask(store, "河南 罚款")
    assert listed.headline.startswith("找到1条相关动态：罚款") and "河南" in listed.headline
    drafts = ask(store, "一共有多少征求意见稿？")
    assert drafts.direct is not None and drafts.direct.text.startswith("共4条")
    assert "？" not in drafts.not_understood


def test_chinese_fact_names_the_record_in_chinese(store: Store) -> None:
    result = ask(store, "绍兴银行的责任人被罚了多少？")
    assert result.direct is not None
    assert "绍兴银行7名责任人各被中国人民银行罚款1万元至7万元" in result.direct.text


def test_open_drafts_are_read_against_today_and_the_deadline() -> None:
    from tests.support.developments import make_dev, make_store

    def draft(dev_id: str, deadline: date | None):  # type: ignore[no-untyped-def]
        return make_dev(
            dev_id,
            date=date(2022, 5, 2),
            category="regulation",
            status="draft",
            comment_deadline=deadline,
            title=f"Ministry consults on draft measures {dev_id[-1]}",
            summary="On 2 May 2022 a ministry released draft measures for public comment.",
        )

    store = make_store(
        [
            draft("2022-05-02-draft-a", date(2022, 6, 1)),  # closed by 15 June
            draft("2022-05-02-draft-b", date(2022, 7, 1)),
            draft("2022-05-02-draft-c", None),
        ]
    )
    result = answer("which drafts are still open?", store, today=TODAY, page_size=10)
    assert {d.id for d in result.results} == {"2022-05-02-draft-b", "2022-05-02-draft-c"}
    assert result.direct is not None
    assert any(
        "1 closed drafts left out" in n and "no comment deadline for 1" in n
        for n in (result.direct.notes)
    )
