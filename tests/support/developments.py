"""A small hand-built store: developments built field by field, and the `store` fixture (the
real store is tested in tests/eval)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.core.knowledge.model import (
    BearerType,
    Category,
    DatePrecision,
    Development,
    KnowledgeFile,
    Newsletter,
    Penalty,
    PenaltyKind,
    Source,
    Status,
)
from bot.core.knowledge.store import Store

TODAY = date(2022, 6, 15)


def make_dev(dev_id: str, **fields: object) -> Development:
    """A development, reviewed (publishable: digested, alerted) unless ``reviewed=False``."""
    data: dict[str, object] = {
        "id": dev_id,
        "date": date.fromisoformat(dev_id[:10]),
        "added_at": datetime(2022, 6, 1, tzinfo=UTC),
        "reviewed": True,  # published, as the bundled store's records are
        "category": Category.REGULATION,
        "title": "A development",
        "summary": "A summary that is long enough to pass validation.",
        "sources": [
            Source(
                newsletter="000_test",
                ref=f"Headlines #{abs(hash(dev_id)) % 1000}",
                headline=str(fields.get("title", "A development")),
                url=f"https://example.com/{dev_id}",
            )
        ],
    }
    data.update(fields)
    return Development.model_validate(data)


DEVS = [
    make_dev(
        "2022-05-27-henan-sales-office-face-recognition-fine",
        category=Category.ENFORCEMENT,
        title="Real estate sales office in Yuzhou, Henan fined RMB 200,000 for face recognition",
        summary="The market regulator of Yuzhou fined a sales office that collected buyers' "
        "faces without consent.",
        regions=["Henan", "Yuzhou"],
        authorities=["AMR"],
        sectors=["real estate"],
        topics=["facial recognition", "personal information"],
        penalties=[Penalty(amount=Decimal(200000), bearer="a real estate sales office")],
    ),
    make_dev(
        "2022-05-20-shaoxing-bank-fined-customer-identification",
        category=Category.ENFORCEMENT,
        title="Shaoxing Bank fined CNY 5.5 million over customer identification",
        summary="The PBOC's Hangzhou branch fined Shaoxing Bank for anti-money laundering "
        "failures; seven managers were fined too.",
        regions=["Zhejiang"],
        authorities=["PBOC"],
        sectors=["banking"],
        entities=["Shaoxing Bank"],
        topics=["anti-money laundering"],
        penalties=[
            Penalty(amount=Decimal(5500000), bearer="Shaoxing Bank"),
            Penalty(
                amount=Decimal(10000),
                amount_max=Decimal(70000),
                bearer="seven responsible persons",
                bearer_type=BearerType.INDIVIDUAL,
            ),
        ],
    ),
    make_dev(
        "2022-05-10-wuxi-web-crawler-short-video-judgment",
        category=Category.COURT,
        title="First web crawler criminal case on a short video platform decided in Wuxi",
        summary="A Wuxi court sentenced a defendant who sold crawler software to prison and "
        "a fine.",
        regions=["Jiangsu", "Wuxi", "Liangxi District"],
        authorities=["People's Court"],
        topics=["web crawler"],
        sectors=["short video"],
        entities=["Ding"],
        penalties=[
            Penalty(
                amount=Decimal(30000),
                kind=PenaltyKind.CRIMINAL_FINE,
                bearer="Ding",
                bearer_type=BearerType.INDIVIDUAL,
            )
        ],
    ),
    make_dev(
        "2022-05-05-wife-locator-privacy-compensation",
        category=Category.COURT,
        title="Wife who put a locator in her husband's car pays RMB 2,000 for privacy breach",
        summary="A Beijing court ordered a woman to compensate her husband for tracking his car.",
        regions=["Beijing"],
        topics=["location tracking", "privacy"],
        penalties=[
            Penalty(
                amount=Decimal(2000),
                kind=PenaltyKind.COMPENSATION,
                bearer="Ms. Lu",
                bearer_type=BearerType.INDIVIDUAL,
            )
        ],
    ),
    make_dev(
        "2022-05-19-cbirc-consumer-protection-draft",
        title="CBIRC drafts measures on consumer protection by banks and insurers",
        summary="The regulator published draft measures with a chapter on consumers' "
        "information security.",
        status=Status.DRAFT,
        authorities=["CBIRC"],
        sectors=["banking", "insurance"],
        topics=["consumer protection", "personal information"],
    ),
    make_dev(
        "2022-05-13-heilongjiang-big-data-regulations",
        title="Heilongjiang adopts regulations on big data development",
        summary="The provincial congress adopted rules to promote the big data industry, in "
        "force from July 2022.",
        status=Status.ADOPTED,
        effective_date=date(2022, 7, 1),
        regions=["Heilongjiang"],
        authorities=["People's Congress"],
        topics=["big data"],
    ),
    make_dev(
        "2022-05-07-beijing-digital-economy-draft",
        title="Beijing publishes a draft digital economy promotion regulation",
        summary="The Beijing bureau of economy and IT asked for comments on a draft that "
        "encourages data trading.",
        status=Status.DRAFT,
        regions=["Beijing"],
        authorities=["EITB"],
        topics=["digital economy", "data trading"],
    ),
    make_dev(
        "2022-05-01-cverc-30-apps-privacy",
        date=date(2022, 5, 1),
        date_precision=DatePrecision.MONTH,
        category=Category.ENFORCEMENT,
        title="CVERC reports 30 apps with privacy problems in May",
        summary="The virus emergency centre found 30 mobile apps collecting data without "
        "consent during May.",
        authorities=["CVERC"],
        topics=["apps", "privacy"],
        sectors=["mobile apps"],
    ),
    make_dev(
        "2022-05-26-personal-data-center-white-paper",
        category=Category.INDUSTRY,
        title="First Personal Data Center white paper released",
        summary="A forum at the big data expo released a white paper on personal data centres.",
        topics=["personal information"],
    ),
]


def make_store(devs: list[Development] | None = None) -> Store:
    newsletter = Newsletter(
        id="000_test",
        title="000_test (May 2022)",
        issue_month="2022-05",
        file_name="000_test.txt",
        sha256="0" * 64,
        ingested_at=datetime(2022, 6, 1, 8, 0, tzinfo=UTC),
    )
    return Store.from_knowledge(
        KnowledgeFile(newsletters=(newsletter,), developments=tuple(devs or DEVS))
    )


@pytest.fixture(scope="session")
def store() -> Store:
    return make_store()
