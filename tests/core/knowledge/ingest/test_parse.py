"""The parser on the seed newsletters and on the fixture newsletters written in their layouts
(``pair``; tests/fixtures/newsletters: the seed layouts in our own words, so everything is
checked on a clone of the repository alone): sections, dates, amounts, links, commentary.

Each table gives, per source, the items to look at as (side, ref): side is ``"footnoted"``
or ``"numbered"``."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.layout import Layout
from bot.core.knowledge.ingest.parse import ParsedItem, ParsedNewsletter, parse_bytes
from bot.core.knowledge.model import BearerType, Category, DatePrecision, PenaltyKind, Status
from tests.conftest import FIXTURE_FOOTNOTED, FIXTURE_NUMBERED
from tests.core.knowledge.ingest.conftest import NewsletterPair, item

F, N = "footnoted", "numbered"
DAY, MONTH = DatePrecision.DAY, DatePrecision.MONTH


def pick(pair: NewsletterPair, side: str, ref: str) -> ParsedItem:
    return item(pair.footnoted if side == F else pair.numbered, ref)


# --- sections and metadata ----------------------------------------------------------------

SECTIONS = {
    "seeds": (
        {
            "Headlines": 7,
            "Enforcement Authority": 5,
            "Enforcement Cases": 7,
            "Courts Litigation": 5,
        },
        {"Regulatory Developments": 10, "Enforcement Developments": 13, "Industry Developments": 2},
    ),
    "fixtures": (
        {
            "Headlines": 7,
            "Enforcement Authority": 4,
            "Enforcement Cases": 6,
            "Courts Litigation": 5,
        },
        {"Regulatory Developments": 5, "Enforcement Developments": 9, "Industry Developments": 2},
    ),
}
COURTS_LINES = {"seeds": [83, 87], "fixtures": [75, 79]}
"""The lines of the headlines of the first two court items."""

IDS = {
    "seeds": ("000_e7b1359a47fae4a1", "002_02c25c3a61ce869d"),
    "fixtures": ("footnoted_layout", "numbered_layout"),
}


def test_footnoted_sections(pair: NewsletterPair) -> None:
    footnoted = pair.footnoted
    assert footnoted.layout is Layout.FOOTNOTED
    assert Counter(i.section for i in footnoted.items) == SECTIONS[pair.name][0]
    courts = [i for i in footnoted.items if i.section == "Courts Litigation"]
    assert [i.position for i in courts] == [1, 2, 3, 4, 5]
    assert [i.line for i in courts[:2]] == COURTS_LINES[pair.name]


def test_numbered_sections(pair: NewsletterPair) -> None:
    numbered = pair.numbered
    assert numbered.layout is Layout.NUMBERED
    assert Counter(i.section for i in numbered.items) == SECTIONS[pair.name][1]
    assert [i.ref for i in numbered.items[:2]] == [
        "Regulatory Developments #1",
        "Regulatory Developments #2",
    ]


def test_issue_metadata(pair: NewsletterPair) -> None:
    footnoted, numbered = pair.both
    footnoted_id, numbered_id = IDS[pair.name]
    assert str(footnoted.issue_month) == str(numbered.issue_month) == "2022-05"
    assert (footnoted.id, numbered.id) == (footnoted_id, numbered_id)
    assert footnoted.title == f"{footnoted_id} (May 2022)"
    assert numbered.file_name == f"{numbered_id}.txt"
    assert re.fullmatch(r"[0-9a-f]{64}", footnoted.sha256)
    assert footnoted.warnings == [] and numbered.warnings == []


# --- categories, headlines, bodies -------------------------------------------------------

CATEGORIES = {
    "seeds": [
        (F, "Headlines #1", Category.REGULATION),
        (F, "Enforcement Cases #1", Category.ENFORCEMENT),
        (F, "Courts Litigation #3", Category.COURT),
        (N, "Industry Developments #1", Category.INDUSTRY),
    ],
    "fixtures": [
        (F, "Headlines #1", Category.REGULATION),  # unlabelled items: the default category
        # a city's work plan under "Enforcement Authority": what the item says decides
        (F, "Enforcement Authority #2", Category.REGULATION),
        (F, "Enforcement Cases #1", Category.ENFORCEMENT),
        (F, "Courts Litigation #4", Category.COURT),
        (N, "Regulatory Developments #2", Category.REGULATION),
        (N, "Enforcement Developments #1", Category.ENFORCEMENT),
        (N, "Industry Developments #1", Category.INDUSTRY),
    ],
}


def test_categories_from_headings(pair: NewsletterPair) -> None:
    found = [(side, ref, pick(pair, side, ref).category) for side, ref, _ in CATEGORIES[pair.name]]
    assert found == CATEGORIES[pair.name]


HEADLINES = {
    "seeds": [
        (
            F,
            "Enforcement Authority #5",
            'MIIT: Strengthen Personal Information Protection Through "Double List".',
        ),
        (
            N,
            "Enforcement Developments #6",
            "The first Data Resource Court in China was established",
        ),
    ],
    "fixtures": [
        (
            F,
            "Enforcement Authority #4",
            'MIIT: A "Double List" Will Tighten Personal Information Protection.',
        ),
        (N, "Enforcement Developments #5", "China's first Data Resource Court opens in Wenzhou"),
    ],
}

CBIRC_PARAGRAPHS = {
    # (start of the first, end of the second) of the numbered CBIRC item's two paragraphs
    "seeds": (
        "On 19 May, the China Banking and Insurance Regulatory Commission (CBIRC) release",
        "exploring the ability of data analysis.",
    ),
    "fixtures": (
        "On 19 May, the China Banking and Insurance Regulatory Commission",
        "the management of partners and internal audit.",
    ),
}


def test_headlines_and_bodies_as_printed(pair: NewsletterPair) -> None:
    for side, ref, headline in HEADLINES[pair.name]:
        found = pick(pair, side, ref)
        assert found.headline == headline
    double_list = pick(pair, *HEADLINES[pair.name][0][:2])
    assert double_list.title == double_list.headline.removesuffix(".")
    # A numbered item keeps all its paragraphs, and nothing after them.
    cbirc = item(pair.numbered, "Regulatory Developments #1")
    first, second = cbirc.body.split("\n\n")
    start, end = CBIRC_PARAGRAPHS[pair.name]
    assert first.startswith(start)
    assert second.endswith(end)


# --- dates and status ---------------------------------------------------------------------

DATES = {
    "seeds": [
        (F, "Enforcement Cases #1", dt.date(2022, 5, 27), None),
        (F, "Headlines #2", dt.date(2022, 5, 24), DAY),  # "On May 24,Shanghai": year from context
        (F, "Courts Litigation #4", dt.date(2022, 4, 28), None),
        (
            N,
            "Enforcement Developments #2",
            dt.date(2022, 5, 25),
            None,
        ),  # "It was reported on May 25"
        (N, "Regulatory Developments #1", dt.date(2022, 5, 19), None),
        (N, "Industry Developments #2", dt.date(2022, 5, 26), None),
        (N, "Enforcement Developments #9", dt.date(2022, 5, 1), MONTH),  # "In May,"
    ],
    "fixtures": [
        (F, "Headlines #1", dt.date(2022, 5, 30), None),  # year printed
        (F, "Headlines #2", dt.date(2022, 5, 24), DAY),  # "On May 24,Shanghai's": no space
        # The hearing on April 28 leads, not the outcome on May 10.
        (F, "Courts Litigation #3", dt.date(2022, 4, 28), None),
        # "On December 20," in a May 2022 issue is the December before: the year turns back.
        (F, "Courts Litigation #5", dt.date(2021, 12, 20), None),
        (
            N,
            "Enforcement Developments #1",
            dt.date(2022, 5, 25),
            None,
        ),  # "It was reported on 25 May"
        (N, "Enforcement Developments #4", dt.date(2022, 5, 5), None),
        (N, "Regulatory Developments #1", dt.date(2022, 5, 19), None),
        (N, "Industry Developments #2", dt.date(2022, 5, 26), None),
        (N, "Enforcement Developments #6", dt.date(2022, 5, 1), MONTH),  # "In May,"
    ],
}
DAY_PRECISE = {"seeds": 48, "fixtures": 37}


def test_dates_and_year_inference(pair: NewsletterPair) -> None:
    for side, ref, date, precision in DATES[pair.name]:
        found = pick(pair, side, ref)
        assert found.date == date, ref
        if precision is not None:
            assert found.date_precision is precision, ref
    items = [i for n in pair.both for i in n.items]
    assert sum(i.date_precision is DAY for i in items) == DAY_PRECISE[pair.name]


HEILONGJIANG = {"seeds": "Headlines #6", "fixtures": "Headlines #5"}
"""The regulation that "will take effect on July 1, 2022"."""

STATUSES = {
    "seeds": [(F, "Headlines #3", Status.DRAFT)],
    "fixtures": [
        (F, "Headlines #1", Status.ADOPTED),  # released measures
        (F, "Headlines #2", Status.ADOPTED),  # passed a decision
        (F, "Headlines #3", Status.DRAFT),  # draft measures for public comment
        (F, "Headlines #4", Status.PROPOSED),  # leading the drafting
        (F, "Headlines #6", Status.PROPOSED),  # a legislative seminar on a planned regulation
        (F, "Headlines #7", None),  # members' speeches: nothing issued or planned
        (N, "Regulatory Developments #2", Status.DRAFT),
        (N, "Enforcement Developments #7", None),  # only regulation has a status
    ],
}


def test_status_and_effective_date(pair: NewsletterPair) -> None:
    heilongjiang = item(pair.footnoted, HEILONGJIANG[pair.name])
    assert (heilongjiang.status, heilongjiang.effective_date) == (
        Status.ADOPTED,
        dt.date(2022, 7, 1),
    )
    found = [(side, ref, pick(pair, side, ref).status) for side, ref, _ in STATUSES[pair.name]]
    assert found == STATUSES[pair.name]


# --- penalties ------------------------------------------------------------------------------

BANK = {"seeds": "Enforcement Developments #11", "fixtures": "Enforcement Developments #7"}
FINE_BEARERS = {
    # (the Henan sales office's fine, the seven persons' range); None: not checked
    "seeds": (None, None),
    "fixtures": (
        # "A ... sales office in the city used ... and was fined": the subject opens the clause.
        "Real estate sales office in the city",
        "Seven persons responsible at Shaoxing Bank",
    ),
}


def test_fines_with_bearers(pair: NewsletterPair) -> None:
    # "RMB 200,000" (the fixture adds "(罚款20万元)"): one fine, read in both notations.
    (henan,) = item(pair.footnoted, "Enforcement Cases #1").penalties
    assert (henan.amount, henan.amount_max, henan.currency, henan.kind) == (
        Decimal(200000),
        None,
        "CNY",
        PenaltyKind.FINE,
    )
    assert henan.bearer_type is BearerType.ENTITY
    henan_bearer, persons_bearer = FINE_BEARERS[pair.name]
    if henan_bearer is not None:
        assert henan.bearer == henan_bearer
    bank, persons = item(pair.numbered, BANK[pair.name]).penalties
    assert (bank.amount, bank.amount_max, bank.kind) == (Decimal(5500000), None, PenaltyKind.FINE)
    assert (bank.bearer, bank.bearer_type) == ("Shaoxing Bank", BearerType.ENTITY)
    # "each fined between 10,000 and 70,000 CNY": a range borne by individuals.
    assert (persons.amount, persons.amount_max) == (Decimal(10000), Decimal(70000))
    assert persons.bearer_type is BearerType.INDIVIDUAL
    assert "Shaoxing Bank" in persons.bearer
    if persons_bearer is not None:
        assert persons.bearer == persons_bearer


CRAWLER = {
    # the crawler case in both newsletters: "a fine of RMB 30,000" / "a fine of 30,000 CNY"
    "seeds": ("Courts Litigation #3", "Enforcement Developments #4"),
    "fixtures": ("Courts Litigation #2", "Enforcement Developments #3"),
}
COMPENSATION = {
    # footnoted ref, amount, payer, payer type
    "seeds": [("Courts Litigation #5", 2000, "Lu", BearerType.INDIVIDUAL)],
    "fixtures": [
        # "Ms. Lu from Beijing was ordered to pay": the person, without title or place.
        ("Courts Litigation #4", 2000, "Lu", BearerType.INDIVIDUAL),
        ("Courts Litigation #5", 5000, "Travel agency", BearerType.ENTITY),
    ],
}


def test_criminal_fines_and_compensation(pair: NewsletterPair) -> None:
    footnoted_ref, numbered_ref = CRAWLER[pair.name]
    for crawler in (item(pair.footnoted, footnoted_ref), item(pair.numbered, numbered_ref)):
        # The 24,000 CNY illegal profit in the second report is not a penalty.
        (fine,) = crawler.penalties
        assert (fine.amount, fine.currency, fine.kind, fine.bearer, fine.bearer_type) == (
            Decimal(30000),
            "CNY",
            PenaltyKind.CRIMINAL_FINE,
            "Ding",
            BearerType.INDIVIDUAL,
        )
    for ref, amount, bearer, bearer_type in COMPENSATION[pair.name]:
        (paid,) = item(pair.footnoted, ref).penalties
        assert (paid.amount, paid.kind, paid.bearer, paid.bearer_type) == (
            Decimal(amount),
            PenaltyKind.COMPENSATION,
            bearer,
            bearer_type,
        )


WITH_PENALTIES = {
    "seeds": {
        (F, "Enforcement Cases #1"),
        (F, "Courts Litigation #3"),
        (F, "Courts Litigation #5"),
        (N, "Enforcement Developments #4"),
        (N, "Enforcement Developments #11"),
    },
    "fixtures": {
        (F, "Enforcement Cases #1"),
        (F, "Courts Litigation #2"),
        (F, "Courts Litigation #4"),
        (F, "Courts Litigation #5"),
        (N, "Enforcement Developments #3"),
        (N, "Enforcement Developments #7"),
    },
}


def test_only_monetary_items_have_penalties(pair: NewsletterPair) -> None:
    with_penalties = {
        (side, i.ref)
        for side, newsletter in zip((F, N), pair.both, strict=True)
        for i in newsletter.items
        if i.penalties
    }
    assert with_penalties == WITH_PENALTIES[pair.name]


COUNTS = {
    # footnoted ref, what is counted, how many: numbers of things, never money
    "seeds": [
        ("Enforcement Cases #6", "report", 439600),
        ("Enforcement Cases #7", "case", 9800),
        ("Enforcement Cases #7", "suspect", 17000),
        ("Enforcement Cases #2", "app", 12),
    ],
    "fixtures": [
        ("Enforcement Cases #5", "report", 439600),
        ("Enforcement Cases #6", "case", 9800),
        ("Enforcement Cases #6", "suspect", 17000),
        ("Enforcement Cases #2", "app", 12),
    ],
}


def test_counts_are_not_money(pair: NewsletterPair) -> None:
    for ref, what, number in COUNTS[pair.name]:
        assert item(pair.footnoted, ref).counts[what] == number, ref
    reports = item(pair.footnoted, COUNTS[pair.name][0][0])
    assert reports.counts == {"report": 439600} and not reports.penalties


# --- links and what is left out -------------------------------------------------------------

URLS = {
    "seeds": [
        ("Enforcement Cases #1", "https://m.thepaper.cn/newsDetail_forward_18299237"),
        (
            "Headlines #1",
            "https://mp.weixin.qq.com/s/gAxXWcCF3eHMOaRCH4ow_A?scene=25#wechat_redirect",
        ),
    ],
    "fixtures": [
        (
            "Headlines #1",
            "https://mp.weixin.qq.com/s/gAxXWcCF3eHMOaRCH4ow_A?scene=25#wechat_redirect",
        ),
        ("Enforcement Cases #1", "https://m.thepaper.cn/newsDetail_forward_18299237"),
        # Footnotes 20 to 22 are printed on consecutive lines, without blank lines between.
        (
            "Courts Litigation #3",
            "https://mp.weixin.qq.com/s/WG-u1ZaHiOn9yX00irS35w?scene=25#wechat_redirect",
        ),
        ("Courts Litigation #4", "https://m.thepaper.cn/baijiahao_17909456"),
        ("Courts Litigation #5", "https://example.com/fixture/hangzhou-travel-itinerary-case"),
    ],
}
BODY_ENDS = {
    # the footnote number leaves the body (after "20万元)." and after "know. 14" alike)
    "seeds": [
        ("Enforcement Cases #1", "fined RMB 200,000."),
        ("Enforcement Cases #4", "right to know."),
    ],
    "fixtures": [
        ("Enforcement Cases #1", "fined RMB 200,000 (罚款20万元)."),
        ("Enforcement Cases #4", "his right to know."),
        ("Headlines #6", "key legislative projects."),
    ],
}


def test_footnote_links(pair: NewsletterPair) -> None:
    for ref, url in URLS[pair.name]:
        assert item(pair.footnoted, ref).url == url, ref
    urls = [i.url for i in pair.footnoted.items]
    assert all(u and u.startswith("http") for u in urls)
    assert len(set(urls)) == len(pair.footnoted.items)  # 24 and 22: one link each
    assert all(i.url is None for i in pair.numbered.items)
    for ref, end in BODY_ENDS[pair.name]:
        assert item(pair.footnoted, ref).body.endswith(end), ref


LEFT_OUT = {
    "seeds": [
        "Key highlights",
        "Our Views",
        "subscribe",
        "Please read our articles",
        "China Reports First Case of Corporate Non-Prosecution",
        "The content of this article is intended",
        "This newsletter summarizes",
        "https://mp.weixin.qq.com",
    ],
    "fixtures": [
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
    ],
}


def test_introduction_commentary_and_disclaimers_are_not_developments(
    pair: NewsletterPair,
) -> None:
    texts = [i.text for n in pair.both for i in n.items]
    for phrase in LEFT_OUT[pair.name]:
        assert not any(phrase in text for text in texts), phrase


# --- names ------------------------------------------------------------------------------------

EQUAL, SAME_SET, INCLUDES = "equal", "same set", "includes"

RECOGNISED: dict[str, list[tuple[str, str, str, str, Any]]] = {
    # side, ref, field, how compared, expected
    "seeds": [
        (F, "Enforcement Cases #1", "regions", SAME_SET, {"Henan", "Yuzhou"}),
        (F, "Enforcement Cases #1", "authorities", INCLUDES, {"AMR"}),
        (F, "Enforcement Cases #1", "topics", INCLUDES, {"facial recognition"}),
        (F, "Enforcement Cases #2", "authorities", EQUAL, ["CVERC"]),
        (F, "Enforcement Cases #2", "legal_basis", SAME_SET, {"CSL", "PIPL"}),
        (F, "Enforcement Cases #2", "regions", EQUAL, ["national"]),
        (N, "Enforcement Developments #11", "entities", INCLUDES, {"Shaoxing Bank"}),
        (N, "Enforcement Developments #11", "authorities", INCLUDES, {"PBOC"}),
        # "Haiputuo" is Putuo District
        (F, "Courts Litigation #4", "regions", INCLUDES, {"Putuo District", "Shanghai"}),
    ],
    "fixtures": [
        # the city brings its province
        (F, "Enforcement Cases #1", "regions", SAME_SET, {"Henan", "Yuzhou"}),
        (F, "Enforcement Cases #1", "authorities", EQUAL, ["AMR"]),
        (F, "Enforcement Cases #1", "topics", INCLUDES, {"facial recognition"}),
        (F, "Headlines #6", "regions", EQUAL, ["Shaanxi"]),  # printed "Shananxi"
        # printed "Haiputuo"
        (F, "Courts Litigation #3", "regions", SAME_SET, {"Putuo District", "Shanghai"}),
        (F, "Courts Litigation #3", "entities", EQUAL, ["Z Network Technology Co. Ltd."]),
        (F, "Courts Litigation #1", "regions", SAME_SET, {"Ouhai District", "Wenzhou", "Zhejiang"}),
        (F, "Enforcement Cases #2", "authorities", EQUAL, ["CVERC"]),
        (F, "Enforcement Cases #2", "regions", EQUAL, ["national"]),
        (F, "Enforcement Cases #2", "legal_basis", SAME_SET, {"CSL", "PIPL"}),
        # "Great Wall", "Weimar" are aliases
        (
            F,
            "Enforcement Cases #3",
            "entities",
            EQUAL,
            ["BYD", "Great Wall Motor", "SAIC-GM-Wuling", "Tesla", "WM Motor"],
        ),
        (F, "Enforcement Cases #4", "entities", EQUAL, ["YY Live"]),
        (N, "Enforcement Developments #7", "entities", EQUAL, ["Shaoxing Bank"]),
        (N, "Enforcement Developments #7", "authorities", EQUAL, ["PBOC"]),
        (N, "Enforcement Developments #7", "topics", INCLUDES, {"anti-money laundering"}),
        (N, "Enforcement Developments #7", "sectors", INCLUDES, {"banking"}),
        # "China Security Regulatory Commission", as printed, is the CSRC.
        (N, "Enforcement Developments #1", "authorities", EQUAL, ["CSRC"]),
        (N, "Regulatory Developments #2", "authorities", EQUAL, ["TC260"]),
    ],
}


def test_recognised_regions_authorities_and_names(pair: NewsletterPair) -> None:
    for side, ref, field, how, expected in RECOGNISED[pair.name]:
        value = getattr(pick(pair, side, ref), field)
        if how == EQUAL:
            assert value == expected, (ref, field)
        elif how == SAME_SET:
            assert set(value) == expected, (ref, field)
        else:
            assert expected <= set(value), (ref, field)


def test_fixture_weibo_and_douyin_come_first(footnoted_fixture: ParsedNewsletter) -> None:
    """The order names are printed in is kept."""
    assert item(footnoted_fixture, "Enforcement Cases #5").entities[:2] == ["Weibo", "Douyin"]


def test_links_are_not_tagged() -> None:
    text = (
        b"Regulator Issues Rules\n\nOn May 3, 2022, the regulator issued rules for data.1\n\n"
        b"1 https://example.com/beijing/tesla/cac\n"
    )
    (only,) = parse_bytes(text, "x.txt", "x", default_gazetteer()).items
    assert only.url == "https://example.com/beijing/tesla/cac"
    assert only.regions == ["national"] and only.entities == [] and only.authorities == []


# --- the fixtures are ours -----------------------------------------------------------------


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
