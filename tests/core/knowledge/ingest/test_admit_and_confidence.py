"""Per item, never per batch: an item that cannot be a development is kept out with a line
naming the file, the item and why; every other item carries a confidence with reasons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.confidence import (
    CONVERSION,
    HEADING_TITLE,
    NO_DATE,
    assess,
)
from bot.core.knowledge.ingest.ingest import ingest
from bot.core.knowledge.store import read_knowledge
from tests.core.knowledge.ingest.newsletters import parse

FORWARDED = """\
Forwarded digest, May 2023

## Enforcement

1. CAC

2. Ningbo regulator fines a courier over parcel labels

On 9 May 2023 the Ningbo market regulator fined Ningbo Quickpost Co., Ltd. RMB 60,000 for
printing full recipient names and phone numbers on parcel labels.
"""


def test_an_item_with_a_three_letter_title_is_kept_out_with_a_line_and_the_rest_goes_in(
    tmp_path: Path,
) -> None:
    parsed = parse(FORWARDED, "fwd.md")
    assert [i.headline for i in parsed.items] == [
        "Ningbo regulator fines a courier over parcel labels"
    ]
    (line,) = [str(w) for w in parsed.warnings if "kept out" in str(w)]
    assert "fwd.md" in line and "'CAC'" in line and "title" in line
    newsletter = tmp_path / "fwd.md"
    newsletter.write_text(FORWARDED, encoding="utf-8")
    store = tmp_path / "developments.json"
    outcome = ingest([newsletter], store, now=lambda: dt.datetime(2023, 6, 1, tzinfo=dt.UTC))
    assert outcome.written and not outcome.failures
    (development,) = read_knowledge(store).developments
    assert development.confidence is not None and development.confidence.score == 1.0


def _assess(headline: str, body: str, dated: bool = True) -> tuple[float, tuple[str, ...]]:
    found = assess(
        headline=headline,
        body=body,
        dated=dated,
        sibling_lengths=[len(body)] * 4,
        gazetteer=default_gazetteer(),
    )
    return found.score, found.reasons


def test_a_sub_heading_title_without_a_date_is_probably_not_a_development() -> None:
    score, reasons = _assess("WHY IT MATTERS", "Hotels will need new consent forms.", False)
    assert reasons == (HEADING_TITLE, NO_DATE)
    assert score < 0.5
    score, reasons = _assess("往期推荐", "一文读懂合规审计", False)
    assert HEADING_TITLE in reasons and score < 0.5


def test_a_plain_report_is_confident_and_a_conversion_is_flagged() -> None:
    body = "On 3 May 2023 the CAC fined Swiftcar Co., Ltd. RMB 7 million (USD 1 million)."
    score, reasons = _assess("CAC fines Swiftcar over location data", body)
    assert reasons == (CONVERSION,)
    assert score == 1.0


def test_a_headline_in_capitals_with_a_date_stays_a_development() -> None:
    body = "On 3 May 2023 the CAC fined Swiftcar Co., Ltd. RMB 7 million for location data."
    score, _ = _assess("CAC FINES SWIFTCAR", body)
    assert score >= 0.5
    score, reasons = _assess("TOP STORY", body)
    assert reasons == (HEADING_TITLE,) and score < 0.5


def test_a_file_whose_every_item_is_kept_out_is_refused_with_the_reason() -> None:
    import pytest

    from bot.core.knowledge.ingest.errors import ParseError

    with pytest.raises(ParseError, match=r"every item was kept out .*'CAC'"):
        parse("Forwarded, 2 May 2023\n\n## Enforcement\n\n1. CAC\n\n2. MIIT\n", "short.md")
