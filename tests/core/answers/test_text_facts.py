"""Facts that are not fields, quoted from the record's text with its citation."""

from __future__ import annotations

from bot.core.knowledge.store import Store
from tests.support.bundled import ask, bundled_store

store = bundled_store()


def test_who_spoke_quotes_the_sentence_naming_the_speaker(store: Store) -> None:
    result = ask(store, "Who addressed the Shaanxi seminar on big data legislation?")
    assert result.direct is not None and "Jiang Feng" in result.direct.text
    assert result.direct.citations[0].quote is not None


def test_which_company_names_the_entity(store: Store) -> None:
    result = ask(store, "Which firm avoided prosecution in Putuo?")
    assert result.direct is not None and "Z Network Technology" in result.direct.text


def test_money_that_is_not_a_penalty_is_quoted_from_the_text(store: Store) -> None:
    result = ask(store, "how much did the crawler seller earn?")
    assert result.direct is not None and "24,000" in result.direct.text


def test_counts_of_things_quote_each_record(store: Store) -> None:
    result = ask(store, "overall number of apps named by CVERC")
    assert result.direct is not None
    for figure in ("30 mobile apps", "18 mobile apps", "12 mobile apps"):
        assert figure in result.direct.text
    makers = ask(store, "how many companies did the Jiangsu consumer body look at?")
    assert makers.direct is not None and "14 carmakers" in makers.direct.text


def test_what_was_decided_quotes_the_sentences(store: Store) -> None:
    result = ask(store, "what was the outcome of the Wuxi crawler case?")
    assert result.direct is not None and "suspended" in result.direct.text


def test_reports_that_disagree_on_a_date_are_both_given(store: Store) -> None:
    result = ask(store, "On what date did the Putuo procuratorate hold its hearing?")
    assert result.direct is not None
    text = result.direct.text
    assert "The reports differ on the date: 28 April 2022 (" in text and "10 May 2022 (" in text
    assert "China Data Protection Headlines" in text
