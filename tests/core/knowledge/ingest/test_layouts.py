"""The layouts in general: other headings, multi-paragraph items, boilerplate, line endings."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.errors import ParseError
from bot.core.knowledge.ingest.layout import Layout
from bot.core.knowledge.ingest.parse import ParsedNewsletter, parse_bytes
from bot.core.knowledge.model import Category

NUMBERED = """\
Welcome to our January issue on data protection in China.

If you would like to subscribe, please contact us.

Our Views

Why the new rules matter

Legislative Updates

1. The CAC issues rules on cross-border transfers

On 28 December, the CAC issued rules on cross-border data transfers.

The rules take effect on 1 March, 2023.

2. The NPC discusses a draft law

On 3 January, 2023, the NPC discussed a draft law on data.

Judicial Updates

1. A court in Hangzhou fines a platform

On 5 January, the Hangzhou court ordered a platform to pay RMB 50,000 as compensation.

Market Watch

1. A data exchange opens in Shenzhen

In January, a new data exchange opened in Shenzhen.

The content of this article is intended to provide a general guide to the subject matter.
"""

FOOTNOTED = """\
Regulator Issues Rules on Apps

On January 6, 2023, the CAC issued rules on apps.

The rules set out new duties for app operators.1

Penalties Roundup

Platform Fined RMB 1 Million

On January 4, a platform in Shanghai was fined RMB 1 million by the AMR.2

Another Platform Warned

On January 2, the MIIT warned another platform about its data practices.3


1 https://example.com/one

2 https://example.com/two
3 https://example.com/three

The content of this article is intended to provide a general guide to the subject matter.
"""


def parse(text: str, name: str = "x.txt") -> ParsedNewsletter:
    return parse_bytes(text.encode(), name, name.split(".")[0], default_gazetteer())


def test_numbered_layout_with_other_headings_and_a_new_year() -> None:
    parsed = parse(NUMBERED)
    assert parsed.layout is Layout.NUMBERED
    assert [i.ref for i in parsed.items] == [
        "Legislative Updates #1",
        "Legislative Updates #2",
        "Judicial Updates #1",
        "Market Watch #1",
    ]
    assert [i.category for i in parsed.items] == [
        Category.REGULATION,
        Category.REGULATION,
        Category.COURT,
        Category.INDUSTRY,
    ]
    transfers = parsed.items[0]
    assert transfers.date == dt.date(2022, 12, 28)  # December item in a January issue
    assert transfers.body.count("\n\n") == 1  # both paragraphs, nothing else
    assert transfers.effective_date == dt.date(2023, 3, 1)
    assert parsed.items[2].penalties[0].amount == 50000
    assert parsed.items[3].date_precision.value == "month"
    assert str(parsed.issue_month) == "2023-01"
    everything = " ".join(i.text for i in parsed.items)
    assert "subscribe" not in everything and "intended to provide" not in everything
    assert "Why the new rules matter" not in everything


def test_footnoted_layout_with_unknown_heading_and_multi_paragraph_body() -> None:
    parsed = parse(FOOTNOTED)
    assert parsed.layout is Layout.FOOTNOTED
    assert [i.ref for i in parsed.items] == [
        "Headlines #1",
        "Penalties Roundup #1",
        "Penalties Roundup #2",
    ]
    rules = parsed.items[0]
    assert rules.body == (
        "On January 6, 2023, the CAC issued rules on apps.\n\n"
        "The rules set out new duties for app operators."
    )
    assert [i.url for i in parsed.items] == [
        "https://example.com/one",
        "https://example.com/two",
        "https://example.com/three",
    ]
    fine = parsed.items[1]
    assert fine.category is Category.ENFORCEMENT
    assert fine.penalties[0].amount == 1000000
    assert fine.date == dt.date(2023, 1, 4)


def test_windows_line_endings_and_bom() -> None:
    parsed = parse_bytes(
        b"\xef\xbb\xbf" + FOOTNOTED.replace("\n", "\r\n").encode(),
        "w.txt",
        "w",
        default_gazetteer(),
    )
    assert len(parsed.items) == 3
    assert parsed.items[0].headline == "Regulator Issues Rules on Apps"


def test_body_without_headline_is_an_error() -> None:
    text = "On May 3, 2022, the CAC issued rules.1\n\n1 https://example.com/1\n"
    with pytest.raises(ParseError, match=r"^x\.txt:1: a paragraph ending in a footnote"):
        parse(text)


def test_twice_defined_footnote_is_an_error() -> None:
    text = (
        "Rules\n\nOn May 3, 2022, the CAC issued rules.1\n\n"
        "1 https://example.com/1\n\n1 https://example.com/other\n"
    )
    with pytest.raises(ParseError, match=r"^x\.txt:7: footnote 1 is given twice"):
        parse(text)
