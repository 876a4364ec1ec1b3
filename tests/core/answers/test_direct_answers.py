"""Direct answers on the bundled store: the fact first, built from the record's fields and
cited by the newsletter's own title and issue; aggregations; the retries that say so."""

from __future__ import annotations

from datetime import date

from bot.core.answers.answer import AnswerKind
from bot.core.answers.engine import answer
from bot.core.knowledge.model import Development
from bot.core.knowledge.store import Store
from tests.support.bundled import TODAY, ask, bundled_store
from tests.support.developments import make_dev, make_store

store = bundled_store()

YUZHOU = "2022-05-27-yuzhou-face-recognition-fine"
BANK = "2022-05-20-shaoxing-bank-customer-identification-fine"
HEILONGJIANG = "2022-05-13-heilongjiang-big-data-regulations"


def test_how_much_states_every_penalty_of_the_record_cited(store: Store) -> None:
    result = ask(store, "How much did the PBOC fine Shaoxing Bank?")
    assert result.direct is not None and result.headline == result.direct.text
    assert "Shaoxing Bank was fined CNY 5,500,000 by PBOC (20 May 2022)" in result.direct.text
    assert "CNY 10,000–70,000" in result.direct.text
    [citation] = result.direct.citations
    assert citation.development_id == BANK
    assert citation.newsletter == "China Cybersecurity and Data Protection Newsletter, May 2022"
    assert citation.issue == "May 2022"


def test_who_paid_and_who_acted(store: Store) -> None:
    fined = ask(store, "Who was fined for capturing faces in Henan?")
    assert fined.direct is not None
    assert fined.direct.text.startswith("real estate sales office in Yuzhou was fined CNY 200,000")
    issuer = ask(store, "Who issued the standardisation plan for the insurance sector?")
    assert issuer.direct is not None and "CBIRC (China Banking" in issuer.direct.text


def test_when_reads_the_effective_date(store: Store) -> None:
    result = ask(store, "When does the Heilongjiang big data regulation take effect?")
    assert result.direct is not None and "takes effect on 1 July 2022" in result.direct.text
    assert result.results[0].id == HEILONGJIANG


def test_a_fact_only_in_the_text_is_quoted(store: Store) -> None:
    result = ask(store, "How many suspects were arrested in the Clear Net 2021 campaign?")
    assert result.direct is not None
    [citation] = result.direct.citations
    assert citation.quote is not None and "17,000 suspects" in citation.quote
    assert "17,000 suspects" in result.direct.text


def test_whether_says_yes_or_no(store: Store) -> None:
    yes = ask(store, "Did CBIRC publish a draft on consumer protection?")
    assert yes.direct is not None and yes.direct.text.startswith("Yes: ")
    no = ask(store, "Did the CAC fine any company?")
    assert no.kind == AnswerKind.NO_MATCH and no.headline.startswith("No: ")


def test_counts_keep_fines_and_compensation_apart(store: Store) -> None:
    result = ask(store, "how many fines are recorded")
    assert result.direct is not None  # compensation is not a fine: left out, and said so
    assert result.direct.figures == {"count": 3, "with_fines": 3, "compensation_only": 0}
    assert any("compensation award (not a fine)" in note for note in result.direct.notes)
    penalties = ask(store, "how many monetary penalties are recorded")
    assert penalties.direct is not None
    assert penalties.direct.figures == {"count": 4, "with_fines": 3, "compensation_only": 1}


def test_a_stray_word_does_not_narrow_a_count(store: Store) -> None:
    assert ask(store, "How many drafts are open?").direct.figures["count"] == 4  # type: ignore[union-attr]
    result = ask(store, "How many drafts are pending?")
    assert result.direct is not None and result.direct.figures["count"] == 4
    assert any("ignored “pending”" in note for note in result.direct.notes)


def test_totals_per_currency_and_extremes(store: Store) -> None:
    total = ask(store, "total fines imposed")
    assert total.direct is not None
    assert total.direct.text == (  # 7 people at CNY 10,000-70,000 each count seven times
        "Fines total CNY 5,800,000 to CNY 6,220,000 (3 developments: 3 fines of "
        "CNY 5,500,000, CNY 200,000 and CNY 30,000 (CNY 5,730,000); and 7 individuals at "
        "CNY 10,000–70,000 each (CNY 70,000 to CNY 490,000))."
    )
    both = ask(store, "total monetary penalties")
    assert both.direct is not None and "Compensation (not a fine) totals CNY 2,000" in (
        both.direct.text
    )
    largest = ask(store, "What was the largest fine?")
    assert largest.direct is not None and "CNY 5,500,000" in largest.direct.text
    smallest = ask(store, "smallest compensation")
    assert smallest.direct is not None and "CNY 2,000 in compensation" in smallest.direct.text


def test_compare_and_group(store: Store) -> None:
    compared = ask(store, "compare fines in Henan and Zhejiang")
    assert compared.direct is not None
    assert compared.direct.text.startswith("Henan: 1 development, CNY 200,000 in total; Zhejiang")
    grouped = ask(store, "which regulators issued drafts")
    assert grouped.direct is not None
    assert set(grouped.direct.figures) == {"CBIRC", "TC260", "MIIT", "EITB"}


def test_retries_say_what_they_did(store: Store) -> None:
    ignored = ask(store, "frobnicate henan")
    assert [d.id for d in ignored.results] == [YUZHOU]
    assert ignored.direct is not None and "Ignored “frobnicate”" in ignored.direct.notes[0]
    in_text = ask(store, "personal information cases investigated in 2021")
    assert in_text.results[0].id == "2022-05-07-mps-clear-net-2021-personal-information-cases"
    assert in_text.direct is not None
    assert any("refer to it in their text" in note for note in in_text.direct.notes)
    corrected = ask(store, "CBIRK drafts")
    assert corrected.direct is not None and "Read “CBIRK” as CBIRC." in corrected.direct.notes
    assert ask(store, "GDPR fines").kind == AnswerKind.NO_MATCH  # a name is never ignored


def test_effective_dates_are_searched(store: Store) -> None:
    result = ask(store, "laws taking effect in July 2022")
    assert [d.id for d in result.results] == [HEILONGJIANG]
    assert ("taking effect", "July 2022") in {(u.label, u.value) for u in result.understood}


def test_chinese_questions_are_answered_in_chinese(store: Store) -> None:
    result = ask(store, "绍兴银行被罚了多少钱？")
    assert result.language == "zh" and result.direct is not None
    assert result.direct.text.startswith("绍兴银行被中国人民银行罚款550万元（2022年5月20日）")
    when = ask(store, "黑龙江大数据条例什么时候施行？")
    assert when.direct is not None and "2022年7月1日起施行" in when.direct.text
    english = answer("How much was Shaoxing Bank fined?", store, today=TODAY, language="zh")
    assert english.direct is not None and "550万元" in english.direct.text  # a Chinese locale


def test_chinese_titles_are_found_by_their_words() -> None:
    dev: Development = make_dev(
        "2022-05-27-guiyang-exchange-cn",
        title="贵阳大数据交易所发布数据交易规则体系",
        summary="贵阳大数据交易所在规则发布会上发布了数据交易规则体系。",
    )
    small = make_store([dev, make_dev("2022-05-26-other", title="Another development")])
    result = answer("交易规则", small, today=TODAY)
    assert [d.id for d in result.results] == [dev.id]
    assert answer("比特币", small, today=TODAY).kind == AnswerKind.NO_MATCH


def test_a_citation_names_the_issue_once() -> None:
    from bot.core.answers.answer import Citation

    titled = Citation("d", "T", "China Data Headlines, May 2022", "May 2022")
    plain = Citation("d", "T", "China Data Headlines", "May 2022")
    assert titled.where == "China Data Headlines, May 2022"
    assert plain.where == "China Data Headlines, May 2022"


def test_an_overview_lists_every_match_rather_than_picking_one(store: Store) -> None:
    result = ask(store, "what changed since 25 May 2022?")
    assert result.direct is not None
    since = [d for d in store.published.developments if d.date >= date(2022, 5, 25)]
    assert len(since) > 1
    listed = int(result.direct.text.split(" developments: ")[0])
    # every one dated since, and one dated only "May 2022" (said to maybe fall outside)
    assert listed == len(since) + 1
    assert all(d.title in result.direct.text for d in since[:5])


def test_a_fact_asked_of_a_short_list_is_told_for_each(store: Store) -> None:
    result = ask(store, "how much were the fines in May 2022?")
    assert result.direct is not None
    text = result.direct.text
    assert text.startswith("3 developments: (1) Shaoxing Bank was fined CNY 5,500,000")
    assert "(2) real estate sales office in Yuzhou was fined CNY 200,000" in text
    assert "(3) Ding was sentenced to a criminal fine of CNY 30,000" in text
    assert len(result.direct.citations) == 3
    # one named: that one alone
    single = ask(store, "How much was Shaoxing Bank fined?")
    assert single.direct is not None and not single.direct.text.startswith("3 developments")
    zh = ask(store, "2022年5月的罚款各是多少？")
    assert zh.direct is not None
    assert zh.direct.text.startswith("共3条：(1) 绍兴银行被中国人民银行罚款")


def test_what_an_authority_did_tells_each_of_its_developments(store: Store) -> None:
    result = ask(store, "what did TC260 publish?")
    assert result.direct is not None
    text = result.direct.text
    assert text.startswith("2 developments: (1) TC260 consults on a national standard")
    assert "(2) TC260 issues classification guide" in text and len(result.direct.citations) == 2
