"""The parser on the fixture newsletters (tests/fixtures/newsletters): the seed layouts in our
own words, so everything the seed tests check is checked on a clone of the repository alone."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from bot.core.knowledge.ingest.layout import Layout
from bot.core.knowledge.ingest.parse import ParsedNewsletter
from bot.core.knowledge.model import BearerType, Category, DatePrecision, PenaltyKind, Status
from tests.conftest import FIXTURE_FOOTNOTED, FIXTURE_NUMBERED
from tests.core.knowledge.ingest.conftest import item


def test_footnoted_fixture_sections(footnoted_fixture: ParsedNewsletter) -> None:
    assert footnoted_fixture.layout is Layout.FOOTNOTED
    assert Counter(i.section for i in footnoted_fixture.items) == {
        "Headlines": 7,
        "Enforcement Authority": 4,
        "Enforcement Cases": 6,
        "Courts Litigation": 5,
    }
    courts = [i for i in footnoted_fixture.items if i.section == "Courts Litigation"]
    assert [i.position for i in courts] == [1, 2, 3, 4, 5]
    assert [i.line for i in courts[:2]] == [75, 79]  # the lines of their headlines


def test_numbered_fixture_sections(numbered_fixture: ParsedNewsletter) -> None:
    assert numbered_fixture.layout is Layout.NUMBERED
    assert Counter(i.section for i in numbered_fixture.items) == {
        "Regulatory Developments": 5,
        "Enforcement Developments": 9,
        "Industry Developments": 2,
    }
    assert [i.ref for i in numbered_fixture.items[:2]] == [
        "Regulatory Developments #1",
        "Regulatory Developments #2",
    ]


def test_issue_metadata(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    assert str(footnoted_fixture.issue_month) == str(numbered_fixture.issue_month) == "2022-05"
    assert footnoted_fixture.id == "footnoted_layout"
    assert footnoted_fixture.title == "footnoted_layout (May 2022)"
    assert numbered_fixture.file_name == "numbered_layout.txt"
    assert re.fullmatch(r"[0-9a-f]{64}", footnoted_fixture.sha256)
    assert footnoted_fixture.warnings == [] and numbered_fixture.warnings == []


def test_categories_from_headings(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    categories = {
        ref: item(footnoted_fixture, ref).category
        for ref in (
            "Headlines #1",
            "Enforcement Authority #2",
            "Enforcement Cases #1",
            "Courts Litigation #4",
        )
    }
    assert categories == {
        "Headlines #1": Category.REGULATION,  # unlabelled items: the default category
        # a city's work plan under "Enforcement Authority": what the item says decides
        "Enforcement Authority #2": Category.REGULATION,
        "Enforcement Cases #1": Category.ENFORCEMENT,
        "Courts Litigation #4": Category.COURT,
    }
    assert item(numbered_fixture, "Regulatory Developments #2").category is Category.REGULATION
    assert item(numbered_fixture, "Enforcement Developments #1").category is Category.ENFORCEMENT
    assert item(numbered_fixture, "Industry Developments #1").category is Category.INDUSTRY


def test_headlines_and_bodies_as_printed(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    double_list = item(footnoted_fixture, "Enforcement Authority #4")
    assert double_list.headline == (
        'MIIT: A "Double List" Will Tighten Personal Information Protection.'
    )
    assert double_list.title == 'MIIT: A "Double List" Will Tighten Personal Information Protection'
    court = item(numbered_fixture, "Enforcement Developments #5")
    assert court.headline == "China's first Data Resource Court opens in Wenzhou"
    # A numbered item keeps all its paragraphs, and nothing after them.
    cbirc = item(numbered_fixture, "Regulatory Developments #1")
    first, second = cbirc.body.split("\n\n")
    assert first.startswith("On 19 May, the China Banking and Insurance Regulatory Commission")
    assert second.endswith("the management of partners and internal audit.")


def test_dates_and_year_inference(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    assert item(footnoted_fixture, "Headlines #1").date == dt.date(2022, 5, 30)  # year printed
    shanghai = item(footnoted_fixture, "Headlines #2")  # "On May 24,Shanghai's": no space
    assert (shanghai.date, shanghai.date_precision) == (dt.date(2022, 5, 24), DatePrecision.DAY)
    # The hearing on April 28 leads, not the outcome on May 10.
    assert item(footnoted_fixture, "Courts Litigation #3").date == dt.date(2022, 4, 28)
    # "On December 20," in a May 2022 issue is the December before: the year turns back.
    assert item(footnoted_fixture, "Courts Litigation #5").date == dt.date(2021, 12, 20)
    reported = item(numbered_fixture, "Enforcement Developments #1")  # "It was reported on 25 May"
    assert reported.date == dt.date(2022, 5, 25)
    assert item(numbered_fixture, "Enforcement Developments #4").date == dt.date(2022, 5, 5)
    assert item(numbered_fixture, "Regulatory Developments #1").date == dt.date(2022, 5, 19)
    assert item(numbered_fixture, "Industry Developments #2").date == dt.date(2022, 5, 26)
    month_only = item(numbered_fixture, "Enforcement Developments #6")  # "In May,"
    assert (month_only.date, month_only.date_precision) == (
        dt.date(2022, 5, 1),
        DatePrecision.MONTH,
    )
    day_precise = [i for n in (footnoted_fixture, numbered_fixture) for i in n.items]
    assert sum(i.date_precision is DatePrecision.DAY for i in day_precise) == 37


def test_status_and_effective_date(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    heilongjiang = item(footnoted_fixture, "Headlines #5")  # "will take effect on July 1, 2022"
    assert (heilongjiang.status, heilongjiang.effective_date) == (
        Status.ADOPTED,
        dt.date(2022, 7, 1),
    )
    statuses = {
        i.ref: i.status
        for i in footnoted_fixture.items
        if i.section == "Headlines" and i.ref != "Headlines #5"
    }
    assert statuses == {
        "Headlines #1": Status.ADOPTED,  # released measures
        "Headlines #2": Status.ADOPTED,  # passed a decision
        "Headlines #3": Status.DRAFT,  # draft measures for public comment
        "Headlines #4": Status.PROPOSED,  # leading the drafting
        "Headlines #6": Status.PROPOSED,  # a legislative seminar on a planned regulation
        "Headlines #7": None,  # members' speeches: nothing issued or planned
    }
    assert item(numbered_fixture, "Regulatory Developments #2").status is Status.DRAFT
    # Only regulation has a status.
    assert item(numbered_fixture, "Enforcement Developments #7").status is None


def test_fines_with_bearers(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    # "RMB 200,000 (罚款20万元)": one fine, read in both notations.
    (henan,) = item(footnoted_fixture, "Enforcement Cases #1").penalties
    assert (henan.amount, henan.amount_max, henan.currency, henan.kind) == (
        Decimal(200000),
        None,
        "CNY",
        PenaltyKind.FINE,
    )
    # "A ... sales office in the city used ... and was fined": the subject opens the clause.
    assert (henan.bearer, henan.bearer_type) == (
        "Real estate sales office in the city",
        BearerType.ENTITY,
    )
    bank, persons = item(numbered_fixture, "Enforcement Developments #7").penalties
    assert (bank.amount, bank.amount_max, bank.kind) == (Decimal(5500000), None, PenaltyKind.FINE)
    assert (bank.bearer, bank.bearer_type) == ("Shaoxing Bank", BearerType.ENTITY)
    # "each fined between 10,000 and 70,000 CNY": a range borne by individuals.
    assert (persons.amount, persons.amount_max) == (Decimal(10000), Decimal(70000))
    assert persons.bearer == "Seven persons responsible at Shaoxing Bank"
    assert persons.bearer_type is BearerType.INDIVIDUAL


def test_criminal_fines_and_compensation(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    for crawler in (
        item(footnoted_fixture, "Courts Litigation #2"),  # "a fine of RMB 30,000"
        item(numbered_fixture, "Enforcement Developments #3"),  # "a fine of 30,000 CNY"
    ):
        # The 24,000 CNY he earned in the second report is not a penalty.
        (fine,) = crawler.penalties
        assert (fine.amount, fine.currency, fine.kind, fine.bearer, fine.bearer_type) == (
            Decimal(30000),
            "CNY",
            PenaltyKind.CRIMINAL_FINE,
            "Ding",
            BearerType.INDIVIDUAL,
        )
    # "Ms. Lu from Beijing was ordered to pay": the person, without title or place.
    (locator,) = item(footnoted_fixture, "Courts Litigation #4").penalties
    assert (locator.amount, locator.kind, locator.bearer, locator.bearer_type) == (
        Decimal(2000),
        PenaltyKind.COMPENSATION,
        "Lu",
        BearerType.INDIVIDUAL,
    )
    (itinerary,) = item(footnoted_fixture, "Courts Litigation #5").penalties
    assert (itinerary.amount, itinerary.kind, itinerary.bearer, itinerary.bearer_type) == (
        Decimal(5000),
        PenaltyKind.COMPENSATION,
        "Travel agency",
        BearerType.ENTITY,
    )


def test_only_monetary_items_have_penalties(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    with_penalties = {
        (n.id, i.ref) for n in (footnoted_fixture, numbered_fixture) for i in n.items if i.penalties
    }
    assert with_penalties == {
        ("footnoted_layout", "Enforcement Cases #1"),
        ("footnoted_layout", "Courts Litigation #2"),
        ("footnoted_layout", "Courts Litigation #4"),
        ("footnoted_layout", "Courts Litigation #5"),
        ("numbered_layout", "Enforcement Developments #3"),
        ("numbered_layout", "Enforcement Developments #7"),
    }


def test_counts_are_not_money(footnoted_fixture: ParsedNewsletter) -> None:
    reports = item(footnoted_fixture, "Enforcement Cases #5")
    assert reports.counts == {"report": 439600}
    police = item(footnoted_fixture, "Enforcement Cases #6")
    assert (police.counts["case"], police.counts["suspect"]) == (9800, 17000)
    assert item(footnoted_fixture, "Enforcement Cases #2").counts["app"] == 12


def test_footnote_links(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    assert item(footnoted_fixture, "Headlines #1").url == (
        "https://mp.weixin.qq.com/s/gAxXWcCF3eHMOaRCH4ow_A?scene=25#wechat_redirect"
    )
    henan = item(footnoted_fixture, "Enforcement Cases #1")
    assert henan.url == "https://m.thepaper.cn/newsDetail_forward_18299237"
    # Footnotes 20 to 22 are printed on consecutive lines, without blank lines between.
    assert [item(footnoted_fixture, f"Courts Litigation #{n}").url for n in (3, 4, 5)] == [
        "https://mp.weixin.qq.com/s/WG-u1ZaHiOn9yX00irS35w?scene=25#wechat_redirect",
        "https://m.thepaper.cn/baijiahao_17909456",
        "https://example.com/fixture/hangzhou-travel-itinerary-case",
    ]
    urls = [i.url for i in footnoted_fixture.items]
    assert all(u and u.startswith("http") for u in urls) and len(set(urls)) == 22
    assert all(i.url is None for i in numbered_fixture.items)
    # The footnote number leaves the body: after "20万元)." and after "know. 14" alike.
    assert henan.body.endswith("fined RMB 200,000 (罚款20万元).")
    assert item(footnoted_fixture, "Enforcement Cases #4").body.endswith("his right to know.")
    assert item(footnoted_fixture, "Headlines #6").body.endswith("key legislative projects.")


def test_introduction_commentary_and_disclaimers_are_not_developments(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    texts = [i.text for n in (footnoted_fixture, numbered_fixture) for i in n.items]
    for phrase in (
        "monthly round-up",
        "Key highlights",
        "Our Views",
        "[email protected]",
        "For the first time, a procuratorate has declined",
        "Please read our articles",
        "What the CBIRC Draft Means",
        "First Corporate Non-Prosecution for a Data Offence",
        "does not constitute legal advice",
        "https://",
    ):
        assert not any(phrase in text for text in texts), phrase


def test_recognised_regions_authorities_and_names(
    footnoted_fixture: ParsedNewsletter, numbered_fixture: ParsedNewsletter
) -> None:
    henan = item(footnoted_fixture, "Enforcement Cases #1")
    assert set(henan.regions) == {"Henan", "Yuzhou"}  # the city brings its province
    assert henan.authorities == ["AMR"] and "facial recognition" in henan.topics
    assert item(footnoted_fixture, "Headlines #6").regions == ["Shaanxi"]  # printed "Shananxi"
    hearing = item(footnoted_fixture, "Courts Litigation #3")  # printed "Haiputuo"
    assert set(hearing.regions) == {"Putuo District", "Shanghai"}
    assert hearing.entities == ["Z Network Technology Co. Ltd."]
    court = item(footnoted_fixture, "Courts Litigation #1")
    assert set(court.regions) == {"Ouhai District", "Wenzhou", "Zhejiang"}
    cverc = item(footnoted_fixture, "Enforcement Cases #2")
    assert cverc.authorities == ["CVERC"] and cverc.regions == ["national"]
    assert set(cverc.legal_basis) == {"CSL", "PIPL"}
    cars = item(footnoted_fixture, "Enforcement Cases #3")  # "Great Wall", "Weimar" are aliases
    assert cars.entities == ["BYD", "Great Wall Motor", "SAIC-GM-Wuling", "Tesla", "WM Motor"]
    assert item(footnoted_fixture, "Enforcement Cases #4").entities == ["YY Live"]
    assert item(footnoted_fixture, "Enforcement Cases #5").entities[:2] == ["Weibo", "Douyin"]
    bank = item(numbered_fixture, "Enforcement Developments #7")
    assert bank.entities == ["Shaoxing Bank"] and bank.authorities == ["PBOC"]
    assert "anti-money laundering" in bank.topics and "banking" in bank.sectors
    # "China Security Regulatory Commission", as printed, is the CSRC.
    assert item(numbered_fixture, "Enforcement Developments #1").authorities == ["CSRC"]
    assert item(numbered_fixture, "Regulatory Developments #2").authorities == ["TC260"]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.replace("\u2019", "'").lower())


def _printed_words(path: Path) -> list[str]:
    """The words of a newsletter without its footnote links (links carry over as facts)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return _words(" ".join(line for line in lines if not re.match(r"\s*\d+\s+https?://", line)))


def test_fixture_newsletters_are_in_our_own_words(seeds: tuple[Path, Path]) -> None:
    """No run of 12 words of a fixture newsletter is copied from a seed (names, dates and
    amounts carry over; sentences do not)."""
    run = 12
    seed_runs: set[tuple[str, ...]] = set()
    for path in seeds:
        words = _printed_words(path)
        seed_runs |= {tuple(words[i : i + run]) for i in range(len(words) - run + 1)}
    for path in (FIXTURE_FOOTNOTED, FIXTURE_NUMBERED):
        words = _printed_words(path)
        copied = [
            " ".join(words[i : i + run])
            for i in range(len(words) - run + 1)
            if tuple(words[i : i + run]) in seed_runs
        ]
        assert not copied, (path.name, copied[:1])
