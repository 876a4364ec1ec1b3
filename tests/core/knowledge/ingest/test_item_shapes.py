"""Item boundaries in shapes seen in real newsletters: a headline over a dated byline, a
memo's header, a footer after the disclaimer (fixtures in tests/fixtures/newsletters/shapes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.knowledge.ingest.parse import ParsedNewsletter
from bot.core.knowledge.model import Category
from tests.core.knowledge.ingest.newsletters import parse

SHAPES = Path(__file__).resolve().parents[3] / "fixtures" / "newsletters" / "shapes"


def shape(name: str) -> ParsedNewsletter:
    return parse((SHAPES / name).read_text(encoding="utf-8"), name)


def test_a_headline_over_a_dated_byline_is_the_item_not_a_section() -> None:
    parsed = shape("bylines.md")
    assert [(i.section, i.headline) for i in parsed.items] == [
        ("Regulatory Developments", "CAC consults on rules for generative content labels"),
        ("Regulatory Developments", "Ministry publishes data export checklist"),
        ("Enforcement", "Suzhou retailer fined over loyalty-card data"),
    ]
    assert [i.date for i in parsed.items] == [
        dt.date(2023, 3, 14),
        dt.date(2023, 3, 21),
        dt.date(2023, 3, 9),
    ]
    assert parsed.items[2].category is Category.ENFORCEMENT
    assert parsed.items[0].url == "https://example.org/a"
    assert parsed.items[0].authorities == ["CAC"]


def test_the_footer_after_the_disclaimer_is_not_the_last_items_text() -> None:
    last = shape("bylines.md").items[-1]
    assert "Century Avenue" not in last.body
    assert "Pudong" not in " ".join(last.regions)


def test_a_memo_header_and_a_one_line_summary_are_not_developments() -> None:
    parsed = shape("memo_header.md")
    assert [i.headline for i in parsed.items] == [
        "Draft labelling measures for generated content",
        "Suzhou retailer fined",
    ]
