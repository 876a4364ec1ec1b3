"""The publisher memory: a record discarded as "not a development" is recognised in the
next issue of the same publisher, and only there."""

from __future__ import annotations

import datetime as dt

from bot.core.knowledge.model import KnowledgeFile, Newsletter
from bot.core.knowledge.publisher_memory import (
    flag_text,
    is_memory_flag,
    recognised,
    remember,
    role_of,
    title_key,
)
from tests.support.developments import make_dev

AT = dt.datetime(2022, 7, 1, tzinfo=dt.UTC)


def newsletter(newsletter_id: str, publisher: str | None) -> Newsletter:
    return Newsletter(
        id=newsletter_id,
        title="Data Law Weekly, issue 12",
        publisher=publisher,
        issue_month="2022-06",
        file_name=f"{newsletter_id}.html",
        sha256="0" * 64,
        ingested_at=AT,
    )


def test_titles_fold_case_punctuation_and_numbers() -> None:
    assert title_key("Issue 12 — In Brief") == title_key("ISSUE 13: in brief")
    assert title_key("Related posts") != title_key("Related rules")


def test_a_discard_is_recognised_in_the_same_publishers_next_issue_only() -> None:
    masthead = make_dev("2022-06-01-masthead", title="WEEKLY ROUND-UP No. 12")
    knowledge = KnowledgeFile(newsletters=(newsletter("000_test", "Lexwell"),))
    entry = remember(masthead, knowledge)
    assert entry is not None and entry.role == "heading"

    next_issue = make_dev("2022-06-08-masthead", title="Weekly round-up no. 13")
    assert recognised(next_issue, "LEXWELL", [entry]) == entry
    assert recognised(next_issue, "Another Firm", [entry]) is None
    assert recognised(next_issue, None, [entry]) is None
    real = make_dev(
        "2022-06-08-cac-fines-app",
        title="CAC fines an app operator for collecting data without consent",
        summary="The regulator fined the operator after an inspection found "
        "collection beyond what the service needed, over several months. " * 2,
    )
    assert role_of(real) == "item"
    assert recognised(real, "Lexwell", [entry]) is None


def test_no_publisher_means_nothing_to_remember() -> None:
    knowledge = KnowledgeFile(newsletters=(newsletter("000_test", None),))
    assert remember(make_dev("2022-06-01-masthead", title="IN THIS ISSUE"), knowledge) is None


def test_the_flag_names_the_publisher() -> None:
    assert flag_text("Lexwell") == "probably not a development: discarded before in Lexwell"
    assert is_memory_flag(flag_text("Lexwell"))
    assert not is_memory_flag("amount has no payer")
