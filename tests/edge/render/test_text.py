from __future__ import annotations

from decimal import Decimal

from bot.core.answers.answer import AnswerKind
from bot.core.answers.engine import answer
from bot.core.knowledge.model import Penalty, Source
from bot.core.knowledge.store import Store
from bot.core.labels import format_money
from bot.core.periods.digest import build_digest
from bot.edge.render.text import render_answer, render_development, render_digest
from tests.support.developments import TODAY, make_dev


def test_money_and_ranges() -> None:
    assert format_money(Penalty(amount=Decimal(5500000), bearer="x")) == "CNY 5,500,000"
    ranged = Penalty(amount=Decimal(10000), amount_max=Decimal(70000), bearer="x")
    assert format_money(ranged) == "CNY 10,000–70,000"


def test_a_result_shows_every_fact(store: Store) -> None:
    text = render_development(store.by_id["2022-05-20-shaoxing-bank-fined-customer-identification"])
    lines = text.splitlines()
    assert lines[0] == "Shaoxing Bank fined CNY 5.5 million over customer identification"
    assert lines[1].strip() == "20 May 2022 · Enforcement · Zhejiang · PBOC"
    assert "CNY 5,500,000 fine (Shaoxing Bank)" in lines[2]
    assert "CNY 10,000–70,000 fine (seven responsible persons)" in lines[2]
    assert "Sources: https://example.com/2022-05-20-shaoxing-bank" in text
    assert lines[-1].strip() == "id: 2022-05-20-shaoxing-bank-fined-customer-identification"


def test_month_precision_status_and_summary_kept_to_two_lines(store: Store) -> None:
    text = render_development(store.by_id["2022-05-01-cverc-30-apps-privacy"])
    assert "   May 2022 · Enforcement" in text
    law = render_development(store.by_id["2022-05-13-heilongjiang-big-data-regulations"])
    assert "adopted, in force from 1 July 2022" in law
    long = make_dev("2022-05-02-long-summary", title="Long one", summary="word " * 200)
    body = render_development(long).splitlines()
    summary = [line for line in body[2:] if line.strip().startswith("word")]
    assert len(summary) == 2 and summary[-1].endswith("…")


def test_sources_without_links_name_the_newsletter() -> None:
    dev = make_dev(
        "2022-05-03-no-link",
        title="No link here",
        sources=[Source(newsletter="002_x", ref="Enforcement Developments #9", headline="h")],
    )
    assert "newsletter 002_x, ref Enforcement Developments #9 (no link given)" in (
        render_development(dev)
    )


def test_results_page_and_footer(store: Store) -> None:
    text = render_answer(answer("fines", store, today=TODAY, page_size=2))
    assert text.startswith("3 developments with fines (largest first)\n")
    assert "Left out 1 court-ordered compensation award (not a fine)." in text
    assert "Understood: penalties fines (compensation left out)" in text
    assert "\n1. Shaoxing Bank" in text and "\n2. Real estate" in text
    assert text.rstrip().endswith("Showing 1–2 of 3. More from 3 (offset 2).")


def test_no_match_lists_understood_and_suggestions(store: Store) -> None:
    text = render_answer(answer("fines hainan", store, today=TODAY))
    assert text.splitlines()[0] == "No fines or other monetary penalties are recorded in Hainan."
    assert "Understood: penalties fines and other monetary penalties; region Hainan" in text
    assert "- Monetary penalties are recorded in: Henan, Zhejiang, Jiangsu, Beijing." in text


def test_detail_is_the_full_record(store: Store) -> None:
    result = answer("show 2022-05-27-henan-sales-office-face-recognition-fine", store)
    assert result.kind == AnswerKind.DETAIL
    text = render_answer(result)
    assert "Topics: facial recognition, personal information" in text
    assert "Added 2022-06-01, reviewed by a person." in text


def test_digest_text(store: Store) -> None:
    text = render_digest(build_digest(store, "2022-05"))
    lines = text.splitlines()
    assert lines[0] == "Digest for May 2022: 9 developments"
    assert lines[1] == "Regulation 3 · Enforcement 3 · Courts 2 · Industry 1"
    assert lines[2].startswith("Largest fines: CNY 5,500,000 (Shaoxing Bank); CNY 200,000")
    # adopted in May, in force from July: not "in force" in May's digest
    assert "New laws in force" not in text
    assert "Adopted, in force later: Heilongjiang adopts regulations" in text
    headings = [
        line for line in lines if line in {"Regulation", "Enforcement", "Courts", "Industry"}
    ]
    assert headings == ["Regulation", "Enforcement", "Courts", "Industry"]
    assert "https://example.com/2022-05-10-wuxi-web-crawler-short-video-judgment" in text
    assert render_digest(build_digest(store, "2021-03")) == (
        "No developments recorded for March 2021."
    )


def test_a_chinese_answer_marks_english_titles(store: Store) -> None:
    text = render_answer(answer("河南 罚款", store, today=TODAY))
    assert text.startswith("找到1条相关动态：罚款")
    assert "\n1. （英文标题）" in text
    english = render_answer(answer("fines henan", store, today=TODAY))
    assert "（英文标题）" not in english
