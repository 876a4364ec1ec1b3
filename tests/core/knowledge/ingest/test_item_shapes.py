"""Item boundaries in shapes seen in real newsletters: a headline over a dated byline, a
memo's header, a footer after the disclaimer (fixtures in tests/fixtures/newsletters/shapes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
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


def test_sub_headings_stay_inside_their_item_and_the_table_of_contents_is_no_item() -> None:
    parsed = shape("subheadings.txt")
    assert [(i.section, i.headline) for i in parsed.items] == [
        ("TOP STORY", "Shenzhen court rules on smart-lock data"),
        ("OTHER NEWS", "CAC fines a ride-hailing app"),
        ("OTHER NEWS", "Draft rules on minors' online data"),
    ]
    court, fine, draft = parsed.items
    assert "biometric templates as sensitive" in court.body  # under WHY IT MATTERS
    assert court.category is Category.COURT
    assert fine.category is Category.ENFORCEMENT
    assert "largest fine on a ride-hailing operator" in fine.body
    everything = " ".join(i.text for i in parsed.items)
    for kept_out in ("originated from outside", "Related posts", "PIPL audit rules", "Garden"):
        assert kept_out not in everything


def test_plain_text_with_sub_headings_per_item_and_site_news() -> None:
    parsed = shape("plain_subheadings.txt")
    assert [i.headline for i in parsed.items] == [
        "Lishui regulator fines a hotel group over guest records",
        "Ministry proposes rules on connected-car data",
    ]
    assert parsed.items[0].date == dt.date(2023, 10, 9)
    assert "their own records" in parsed.items[0].body
    assert "archive" not in parsed.items[1].body


def test_chinese_numbered_sections_give_categories_and_titles_lose_their_numbers() -> None:
    parsed = shape("wechat_sections.txt")
    assert [(i.section, i.category) for i in parsed.items] == [
        ("立法动态", Category.REGULATION),
        ("执法动态", Category.ENFORCEMENT),
        ("司法判例", Category.COURT),
    ]
    assert [i.headline[:4] for i in parsed.items] == ["国家网信", "宁波市场", "杭州互联"]
    assert [p.bearer for p in parsed.items[2].penalties] == ["某健身公司"]
    assert "往期推荐" not in parsed.items[-1].body


def test_a_feed_entry_is_dated_by_its_text_and_categorised_by_what_it_says() -> None:
    from bot.core.knowledge.gazetteer import default_gazetteer
    from bot.core.knowledge.ingest.ingest import read_and_parse

    parsed = read_and_parse(SHAPES / "feed.atom", default_gazetteer())
    (fine,) = parsed.items  # the "Site news" post is no development
    assert fine.date == dt.date(2023, 5, 10)  # the text's day, not the entry's time
    assert fine.category is Category.ENFORCEMENT  # under the tag "CAC"
    assert [p.bearer for p in fine.penalties] == ["Qingdao Tidewater Apps Co., Ltd."]


def test_a_table_of_fines_gives_one_development_per_row_with_its_payer() -> None:
    parsed = shape("fines_table.md")
    assert [i.headline[:24] for i in parsed.items] == [
        "Xiamen regulator publish",
        "Xiamen Bluewave Hotel Co",
        "Xiamen Harbour Fitness C",
        "Fujian consults on a dat",
    ]
    listing, hotel, gym, draft = parsed.items
    assert listing.penalties == []  # the rows' fines are not the item above's
    assert [(p.amount, p.bearer) for p in hotel.penalties] == [
        (Decimal(60_000), "Xiamen Bluewave Hotel Co., Ltd.")
    ]
    assert [(p.amount, p.bearer) for p in gym.penalties] == [
        (Decimal(45_000), "Xiamen Harbour Fitness Co., Ltd.")
    ]
    assert hotel.date == gym.date == dt.date(2023, 8, 14)  # dated as the item they follow
    assert draft.penalties == [] and draft.category is Category.REGULATION  # a legal range


def test_endnotes_attach_to_the_items_that_cite_them() -> None:
    parsed = shape("endnotes.txt")
    assert [i.url for i in parsed.items] == [
        "https://example.org/nanning-notice",
        "https://example.org/kunming-warning",
    ]
    assert all("[1]" not in i.body and "[2]" not in i.body for i in parsed.items)
    assert "example.org" not in parsed.items[-1].body  # the notes are no item's text


def test_the_table_of_contents_confirms_the_items_and_names_one_it_lists_but_lacks() -> None:
    assert not [w for w in shape("subheadings.txt").warnings if "contents" in str(w)]
    text = (SHAPES / "subheadings.txt").read_text(encoding="utf-8")
    listed = text.replace(
        "3. Draft rules on minors' online data\n\nTOP",
        "3. Draft rules on minors' online data\n4. Beijing rules on drone camera footage\n\nTOP",
    )
    (warning,) = [str(w) for w in parse(listed, "toc.txt").warnings if "contents" in str(w)]
    assert "Beijing rules on drone camera footage" in warning


def test_a_forwarded_e_mail_header_banner_and_note_are_no_developments() -> None:
    parsed = shape("forwarded.txt")
    assert [i.headline for i in parsed.items] == [
        "Foshan clinic fined for selling patient lists",
        "Zhuhai app removed from stores",
    ]
    assert all(i.section == "ENFORCEMENT" for i in parsed.items)


def test_a_source_line_between_numbered_items_is_no_section() -> None:
    text = (
        "Research memo, May 2023\n\n1. ENFORCEMENT\n\n"
        "1.1 Jinan bank fined over loan data (3 May 2023)\n\n"
        "The Jinan branch of the central bank fined Jinan Rural Bank Co., Ltd. RMB 400,000.\n\n"
        "Source: https://example.org/jinan-bank\n\n"
        "1.2 Weifang app warned over location tracking (9 May 2023)\n\n"
        "The Weifang police warned the Weifang Tourist app over background location tracking.\n"
    )
    parsed = parse(text, "memo.txt")
    assert [i.section for i in parsed.items] == ["ENFORCEMENT", "ENFORCEMENT"]
    assert parsed.items[1].category is Category.ENFORCEMENT
