"""The parser on the two seed newsletters: sections, dates, amounts, links, commentary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.layout import Layout
from bot.core.knowledge.ingest.parse import ParsedNewsletter, parse_bytes
from bot.core.knowledge.model import BearerType, Category, DatePrecision, PenaltyKind, Status
from tests.core.knowledge.ingest.conftest import item


def test_footnoted_seed_sections(footnoted: ParsedNewsletter) -> None:
    assert footnoted.layout is Layout.FOOTNOTED
    assert Counter(i.section for i in footnoted.items) == {
        "Headlines": 7,
        "Enforcement Authority": 5,
        "Enforcement Cases": 7,
        "Courts Litigation": 5,
    }
    assert [i.position for i in footnoted.items if i.section == "Courts Litigation"] == [
        1,
        2,
        3,
        4,
        5,
    ]


def test_numbered_seed_sections(numbered: ParsedNewsletter) -> None:
    assert numbered.layout is Layout.NUMBERED
    assert Counter(i.section for i in numbered.items) == {
        "Regulatory Developments": 10,
        "Enforcement Developments": 13,
        "Industry Developments": 2,
    }


def test_issue_metadata(footnoted: ParsedNewsletter, numbered: ParsedNewsletter) -> None:
    assert str(footnoted.issue_month) == str(numbered.issue_month) == "2022-05"
    assert footnoted.title == "000_e7b1359a47fae4a1 (May 2022)"
    assert len(footnoted.sha256) == 64
    assert footnoted.warnings == [] and numbered.warnings == []


def test_categories_from_headings(footnoted: ParsedNewsletter, numbered: ParsedNewsletter) -> None:
    assert item(footnoted, "Headlines #1").category is Category.REGULATION
    assert item(footnoted, "Enforcement Cases #1").category is Category.ENFORCEMENT
    assert item(footnoted, "Courts Litigation #3").category is Category.COURT
    assert item(numbered, "Industry Developments #1").category is Category.INDUSTRY


def test_headlines_as_printed(footnoted: ParsedNewsletter, numbered: ParsedNewsletter) -> None:
    assert item(footnoted, "Enforcement Authority #5").headline == (
        'MIIT: Strengthen Personal Information Protection Through "Double List".'
    )
    assert item(numbered, "Enforcement Developments #6").headline == (
        "The first Data Resource Court in China was established"
    )


def test_dates(footnoted: ParsedNewsletter, numbered: ParsedNewsletter) -> None:
    assert item(footnoted, "Enforcement Cases #1").date == dt.date(2022, 5, 27)
    inferred = item(footnoted, "Headlines #2")  # "On May 24,Shanghai": year from context
    assert inferred.date == dt.date(2022, 5, 24)
    assert inferred.date_precision is DatePrecision.DAY
    assert item(footnoted, "Courts Litigation #4").date == dt.date(2022, 4, 28)
    reported = item(numbered, "Enforcement Developments #2")  # "It was reported on May 25"
    assert reported.date == dt.date(2022, 5, 25)
    assert item(numbered, "Regulatory Developments #1").date == dt.date(2022, 5, 19)
    assert item(numbered, "Industry Developments #2").date == dt.date(2022, 5, 26)
    month_only = item(numbered, "Enforcement Developments #9")  # "In May,"
    assert month_only.date_precision is DatePrecision.MONTH
    assert (month_only.date.year, month_only.date.month) == (2022, 5)


def test_effective_date_and_status(footnoted: ParsedNewsletter) -> None:
    heilongjiang = item(footnoted, "Headlines #6")
    assert heilongjiang.status is Status.ADOPTED
    assert heilongjiang.effective_date == dt.date(2022, 7, 1)
    assert item(footnoted, "Headlines #3").status is Status.DRAFT


def test_fines(footnoted: ParsedNewsletter, numbered: ParsedNewsletter) -> None:
    (henan,) = item(footnoted, "Enforcement Cases #1").penalties
    assert (henan.amount, henan.currency, henan.kind) == (Decimal(200000), "CNY", PenaltyKind.FINE)
    assert henan.bearer_type is BearerType.ENTITY
    bank, persons = item(numbered, "Enforcement Developments #11").penalties
    assert (bank.amount, bank.amount_max, bank.kind) == (Decimal(5500000), None, PenaltyKind.FINE)
    assert bank.bearer == "Shaoxing Bank" and bank.bearer_type is BearerType.ENTITY
    assert (persons.amount, persons.amount_max) == (Decimal(10000), Decimal(70000))
    assert persons.bearer_type is BearerType.INDIVIDUAL
    assert "Shaoxing Bank" in persons.bearer


def test_criminal_fine_and_compensation(
    footnoted: ParsedNewsletter, numbered: ParsedNewsletter
) -> None:
    for crawler in (
        item(footnoted, "Courts Litigation #3"),
        item(numbered, "Enforcement Developments #4"),
    ):
        # The 24,000 CNY illegal profit in the second report is not a penalty.
        (fine,) = crawler.penalties
        assert (fine.amount, fine.kind, fine.bearer) == (
            Decimal(30000),
            PenaltyKind.CRIMINAL_FINE,
            "Ding",
        )
        assert fine.bearer_type is BearerType.INDIVIDUAL
    (paid,) = item(footnoted, "Courts Litigation #5").penalties
    assert (paid.amount, paid.kind, paid.bearer) == (
        Decimal(2000),
        PenaltyKind.COMPENSATION,
        "Lu",
    )
    assert paid.bearer_type is BearerType.INDIVIDUAL


def test_only_monetary_items_have_penalties(
    footnoted: ParsedNewsletter, numbered: ParsedNewsletter
) -> None:
    with_penalties = {i.ref for n in (footnoted, numbered) for i in n.items if i.penalties}
    assert with_penalties == {
        "Enforcement Cases #1",
        "Courts Litigation #3",
        "Courts Litigation #5",
        "Enforcement Developments #4",
        "Enforcement Developments #11",
    }


def test_links(footnoted: ParsedNewsletter, numbered: ParsedNewsletter) -> None:
    assert item(footnoted, "Enforcement Cases #1").url == (
        "https://m.thepaper.cn/newsDetail_forward_18299237"
    )
    assert item(footnoted, "Headlines #1").url == (
        "https://mp.weixin.qq.com/s/gAxXWcCF3eHMOaRCH4ow_A?scene=25#wechat_redirect"
    )
    urls = [i.url for i in footnoted.items]
    assert all(u and u.startswith("http") for u in urls)
    assert len(set(urls)) == 24
    assert all(i.url is None for i in numbered.items)
    # The footnote number is not left at the end of the body.
    assert item(footnoted, "Enforcement Cases #1").body.endswith("fined RMB 200,000.")
    assert item(footnoted, "Enforcement Cases #4").body.endswith("right to know.")


def test_commentary_and_disclaimers_are_not_developments(
    footnoted: ParsedNewsletter, numbered: ParsedNewsletter
) -> None:
    texts = [i.text for n in (footnoted, numbered) for i in n.items]
    for phrase in (
        "Key highlights",
        "Our Views",
        "subscribe",
        "Please read our articles",
        "China Reports First Case of Corporate Non-Prosecution",
        "The content of this article is intended",
        "This newsletter summarizes",
        "https://mp.weixin.qq.com",
    ):
        assert not any(phrase in text for text in texts), phrase


def test_recognised_facts(footnoted: ParsedNewsletter, numbered: ParsedNewsletter) -> None:
    henan = item(footnoted, "Enforcement Cases #1")
    assert henan.regions == ["Henan", "Yuzhou"] or set(henan.regions) == {"Henan", "Yuzhou"}
    assert "AMR" in henan.authorities
    assert "facial recognition" in henan.topics
    cverc = item(footnoted, "Enforcement Cases #2")
    assert cverc.authorities == ["CVERC"]
    assert set(cverc.legal_basis) == {"CSL", "PIPL"}
    assert cverc.regions == ["national"]
    bank = item(numbered, "Enforcement Developments #11")
    assert "Shaoxing Bank" in bank.entities and "PBOC" in bank.authorities
    hearing = item(footnoted, "Courts Litigation #4")  # "Haiputuo" is Putuo District
    assert {"Putuo District", "Shanghai"} <= set(hearing.regions)


def test_links_are_not_tagged() -> None:
    text = (
        b"Regulator Issues Rules\n\nOn May 3, 2022, the regulator issued rules for data.1\n\n"
        b"1 https://example.com/beijing/tesla/cac\n"
    )
    (only,) = parse_bytes(text, "x.txt", "x", default_gazetteer()).items
    assert only.url == "https://example.com/beijing/tesla/cac"
    assert only.regions == ["national"] and only.entities == [] and only.authorities == []
