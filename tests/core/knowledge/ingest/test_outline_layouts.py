"""Splitting newsletters in layouts other than the two seeds': every heading form, every
item form, nesting, and commentary kept out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.core.knowledge.ingest.layout import Layout
from bot.core.knowledge.model import Category, PenaltyKind, Status
from tests.core.knowledge.ingest.newsletters import (
    BOLD,
    DATELINES,
    MARKDOWN,
    MEMO,
    TABLE_AND_NESTED_BULLETS,
    parse,
    titled,
)


def test_markdown_headings_sub_headings_bold_bullets_and_numbered_bold() -> None:
    parsed = parse(MARKDOWN)
    assert parsed.layout is Layout.OUTLINE
    assert [i.ref for i in parsed.items] == [
        "Legislation #1",
        "Legislation #2",
        "Enforcement #1",
        "Enforcement #2",
        "Courts #1",
    ]
    assert [i.category for i in parsed.items] == [
        Category.REGULATION,
        Category.REGULATION,
        Category.ENFORCEMENT,
        Category.ENFORCEMENT,
        Category.COURT,
    ]
    draft = parsed.items[0]
    assert draft.headline.startswith("CAC proposes standard contract rules")
    assert draft.url == "https://www.cac.gov.cn/a.htm"
    assert draft.status is Status.DRAFT
    assert titled(parsed, "Zhengzhou regulator").body.startswith("On 7 June 2022")
    assert titled(parsed, "Hangzhou court").date == dt.date(2022, 6, 20)


def test_commentary_intro_and_about_us_are_not_developments() -> None:
    parsed = parse(MARKDOWN)
    everything = " ".join(i.text for i in parsed.items)
    for kept_out in (
        "Data Protection Monthly",
        "Welcome to the June issue",
        "must pay damages over facial data",  # Key highlights
        "map their outbound transfers",  # Our views
        "small team of privacy lawyers",  # About us
    ):
        assert kept_out not in everything


def test_all_caps_sections_with_nested_numbering_give_one_item_per_sub_number() -> None:
    parsed = parse(MEMO, "memo.txt")
    refs = [i.ref for i in parsed.items]
    assert refs == [f"LEGISLATION AND REGULATION #{n}" for n in range(1, 6)] + [
        "ENFORCEMENT #1",
        "ENFORCEMENT #2",
    ]  # the "1." heading with its five "1.x" items; ACTION POINTS kept out
    apps = parsed.items[0]
    assert apps.headline == (
        "CAC revises the Provisions on the Administration of Mobile Internet Applications"
    )
    assert apps.body.startswith("On 14 June 2022, the CAC issued the revised Provisions")
    assert "Internet Applications, which take effect" in apps.body  # wrapped lines joined
    assert apps.effective_date == dt.date(2022, 8, 1)
    assert parsed.items[5].penalties[0].bearer == "Shanghai Ruiyi Network Technology Co., Ltd."
    assert not any("permissions" in i.text for i in parsed.items)


def test_a_statutory_maximum_is_not_a_penalty() -> None:
    shenzhen = titled(parse(MEMO, "memo.txt"), "Shenzhen issues")
    assert shenzhen.category is Category.REGULATION
    assert shenzhen.penalties == []


def test_datelines_date_the_item_and_sign_offs_are_dropped() -> None:
    parsed = parse(DATELINES, "d.txt")
    assert [(i.ref, i.date) for i in parsed.items] == [
        ("ENFORCEMENT #1", dt.date(2022, 6, 22)),
        ("ENFORCEMENT #2", dt.date(2022, 6, 16)),
        ("LEGISLATION #1", dt.date(2022, 6, 24)),
    ]
    review = parsed.items[0]
    assert review.headline.startswith("CAC opens a review of a recruitment platform")
    assert "Since 1 January" in review.body  # the body's dates do not date the item
    assert parsed.items[2].effective_date == dt.date(2022, 8, 1)
    assert "Thank you for reading" not in parsed.items[2].body
    assert parsed.items[1].penalties[0].amount == Decimal(350000)


def test_bold_section_lines_bold_headlines_and_star_bullets() -> None:
    parsed = parse(BOLD)
    assert [i.ref for i in parsed.items] == [
        "Regulatory developments #1",
        "Regulatory developments #2",
        "Enforcement #1",
        "Enforcement #2",
    ]
    assert parsed.items[0].headline == "CAC consults on standard contracts"
    assert parsed.items[0].status is Status.DRAFT
    # A bullet without a headline: its first sentence, without the date opener.
    assert parsed.items[2].headline.startswith("Shanghai AMR fined Shanghai Ruiyi")
    criminal = parsed.items[3].penalties[0]
    assert (criminal.kind, criminal.bearer) == (PenaltyKind.CRIMINAL_FINE, "Zhang San")
    assert not any("second half of the year" in i.text for i in parsed.items)


def test_table_rows_and_nested_bullets() -> None:
    parsed = parse(TABLE_AND_NESTED_BULLETS)
    assert [i.ref for i in parsed.items] == [
        "Enforcement #1",
        "Enforcement #2",
        "Legislation #1",
        "Legislation #2",
    ]
    first = parsed.items[0]
    assert first.date == dt.date(2022, 6, 16)
    assert first.penalties[0].bearer == "Shanghai Ruiyi Network Technology Co., Ltd."
    law = parsed.items[2]
    assert law.date == dt.date(2022, 6, 24)
    assert "It takes effect on 1 August 2022." in law.body  # sub-bullets stay in the item
    assert law.effective_date == dt.date(2022, 8, 1)


def test_plain_text_headlines_over_paragraphs() -> None:
    text = (
        "Data notes for July 2022\n\n"
        "Regulatory Developments\n\n"
        "CAC publishes the outbound data assessment guide\n\n"
        "On 7 July 2022, the CAC published a guide for the security assessment of outbound "
        "data transfers.\n\n"
        "Enforcement Cases\n\n"
        "Didi fined for data violations\n\n"
        "On 21 July 2022, the CAC fined Didi Global Co., Ltd. RMB 8.026 billion.\n"
    )
    parsed = parse(text, "p.txt")
    assert [(i.ref, i.headline) for i in parsed.items] == [
        ("Regulatory Developments #1", "CAC publishes the outbound data assessment guide"),
        ("Enforcement Cases #1", "Didi fined for data violations"),
    ]
    fine = parsed.items[1].penalties[0]
    assert (fine.amount, fine.bearer) == (Decimal(8026000000), "Didi")


def test_title_subtitle_and_front_matter_are_not_items() -> None:
    text = (
        "CHINA PRIVACY BRIEFING\n"
        "June 2022 - a note by our data team\n\n"
        "In this issue: a new competition law and a large fine.\n\n"
        "REGULATION\n\n"
        "• 24 Jun 2022 – NPC Standing Committee adopts the amended Anti-Monopoly Law.\n\n"
        "ENFORCEMENT\n\n"
        "• 16 Jun 2022 – Shanghai AMR fines Shanghai Ruiyi Network Technology Co., Ltd. "
        "RMB 350,000.\n"
    )
    parsed = parse(text, "b.txt")
    assert [i.ref for i in parsed.items] == ["REGULATION #1", "ENFORCEMENT #1"]


def test_italic_lines_are_not_bullets_and_headline_dates_date_the_item() -> None:
    text = (
        "# The Data Digest, mid-2022\n\n"
        "*A fortnightly digest. Issue 14, July 2022.*\n\n"
        "## Market\n\n"
        "### Beijing Data Exchange Opens Data Asset Registration (30 June 2022)\n\n"
        "The Beijing exchange began registering data assets; in May it had 300 members.\n"
    )
    parsed = parse(text)
    [item] = parsed.items
    assert item.ref == "Market #1"
    assert item.headline == "Beijing Data Exchange Opens Data Asset Registration"
    assert item.date == dt.date(2022, 6, 30)
    assert item.category is Category.INDUSTRY


def test_sub_heading_named_like_a_section_is_an_item_under_a_section() -> None:
    text = (
        "## Legislation\n\n"
        "### Data security update\n\n"
        "On 8 June 2022, the MIIT published draft data security measures for industry.\n"
    )
    [item] = parse(text).items
    assert (item.ref, item.headline) == ("Legislation #1", "Data security update")


def test_setext_headings_parenthesised_numbers_and_rules() -> None:
    text = (
        "Monthly Privacy Review\n======================\n\n"
        "Market Watch\n------------\n\n"
        "1) Beijing exchange registers data assets\n"
        "On 30 June 2022, the Beijing data exchange began registering data assets.\n\n"
        "Enforcement\n-----------\n\n"
        "(1) MIIT names apps. On 6 July 2022, the MIIT named 60 apps that infringed user "
        "rights.\n\n"
        "(2) Cosmetics chain fined. On 8 July 2022, a Shanghai regulator fined Shanghai Meili "
        "Cosmetics Co., Ltd. RMB 100,000 for capturing shoppers' faces.\n\n"
        "---\n\n"
        "Disclaimer: this review is for information only.\n"
    )
    parsed = parse(text, "r.txt")
    assert [(i.ref, i.category) for i in parsed.items] == [
        ("Market Watch #1", Category.INDUSTRY),
        ("Enforcement #1", Category.ENFORCEMENT),
        ("Enforcement #2", Category.ENFORCEMENT),
    ]
    assert parsed.items[2].headline == "Cosmetics chain fined"
    assert "Disclaimer" not in parsed.items[2].body


def test_numbered_markdown_headings() -> None:
    text = (
        "## 1. Legislation\n\n### 1.1 CAC publishes security assessment measures\n\n"
        "On 7 July 2022, the CAC published measures on outbound data transfers.\n\n"
        "## 2. Enforcement\n\n### 2.1 Didi fined\n\n"
        "On 21 July 2022, the CAC fined Didi Global Inc. RMB 8.026 billion.\n"
    )
    parsed = parse(text)
    assert [(i.ref, i.headline) for i in parsed.items] == [
        ("Legislation #1", "CAC publishes security assessment measures"),
        ("Enforcement #1", "Didi fined"),
    ]


def test_wechat_style_numbered_sections_glyph_bullets_and_each_fined_in_chinese() -> None:
    text = (
        "数据合规周报 | 第25期\n\n"
        "01 监管动态\n\n"
        "▌国家网信办公布《数据出境安全评估办法》\n"
        "2022年7月7日，国家网信办公布《数据出境安全评估办法》，自2022年9月1日起施行。\n\n"
        "02 执法案例\n\n"
        "▌滴滴被罚80.26亿元\n"
        "7月21日，国家网信办对滴滴全球股份有限公司处人民币80.26亿元罚款，对其董事长兼CEO程维、"
        "总裁柳青各处人民币100万元罚款。\n"
    )
    parsed = parse(text, "w.txt")
    assert [(i.ref, i.category) for i in parsed.items] == [
        ("监管动态 #1", Category.REGULATION),
        ("执法案例 #1", Category.ENFORCEMENT),
    ]
    assert parsed.items[0].effective_date == dt.date(2022, 9, 1)
    assert [(p.amount, p.bearer) for p in parsed.items[1].penalties] == [
        (Decimal(8026000000), "Didi"),
        (Decimal(1000000), "程维"),
        (Decimal(1000000), "柳青"),
    ]


PDFTOTEXT = (
    "                 Westbrook & Ito | Client Memo\n\n"
    "       China Data Protection: Developments in June 2022\n\n"
    "       Prepared for the legal team; it closes with recommended action points.\n\n"
    "       1.   LEGISLATION AND REGULATION\n\n"
    "       1.1  CAC revises the mobile app provisions. On 14 June 2022 the Cyberspace\n"
    "            Administration of China issued the revised provisions on mobile apps. The\n"
    "            provisions take effect on 1 August 2022.\n\n"
    "       1.2  Anti-Monopoly Law amendment adopted. On 24 June 2022 the NPC Standing\n"
    "            Committee adopted the amendment, in force from 1 August 2022. Fines of up to\n"
    "            RMB 5 million may be imposed.\n\n"
    "                                                              Page 1 of 2\n"
    "\f                 Westbrook & Ito | Client Memo\n\n"
    "       2.   ENFORCEMENT\n\n"
    "       2.1  Shenzhen regulator fines app operator. On 16 June 2022 the Shenzhen\n"
    "            Municipal Communications Administration imposed a fine of RMB 500,000 on\n"
    "            Shenzhen Lianxin Technology Co., Ltd.\n\n"
    "       3.   ACTION POINTS\n\n"
    "       3.1  Review app permission requests before 1 August 2022.\n\n"
    "                                                              Page 2 of 2\n"
)


def test_text_laid_out_by_pdftotext() -> None:
    parsed = parse(PDFTOTEXT, "memo.txt")
    assert [(i.ref, i.headline) for i in parsed.items] == [
        ("LEGISLATION AND REGULATION #1", "CAC revises the mobile app provisions"),
        ("LEGISLATION AND REGULATION #2", "Anti-Monopoly Law amendment adopted"),
        ("ENFORCEMENT #1", "Shenzhen regulator fines app operator"),
    ]
    law = parsed.items[1]
    assert (law.effective_date, law.penalties) == (dt.date(2022, 8, 1), [])
    assert "Page 1" not in law.body
    [fine] = parsed.items[2].penalties
    assert (fine.amount, fine.bearer) == (Decimal(500000), "Shenzhen Lianxin Technology Co., Ltd.")


def test_read_more_links_give_the_item_its_link_and_footers_stay_out() -> None:
    text = (
        "# Asia Privacy Brief\n\n"
        "## In this issue\n\n- [Security assessment](#a)\n- [Health data](#b)\n\n"
        "## Regulatory\n\n"
        "**CAC publishes security assessment measures**\n\n"
        "On 7 July 2022, the CAC published measures on outbound data transfers.\n\n"
        "[Read more](https://brief.example/a)\n\n"
        "**Guangdong consults on health data rules**\n\n"
        "On 12 July 2022, Guangdong released draft health data rules for comment.\n\n"
        "Summary: hospitals would need consent to share records.\n\n"
        "[Read more](https://brief.example/b)\n\n"
        "---\n\n"
        "Contact: privacy@brief.example\n\n"
        "You received this e-mail because you subscribed.\n"
    )
    parsed = parse(text)
    assert [(i.ref, i.url) for i in parsed.items] == [
        ("Regulatory #1", "https://brief.example/a"),
        ("Regulatory #2", "https://brief.example/b"),
    ]
    health = parsed.items[1]
    assert "hospitals would need consent" in health.body  # a "Summary:" is content
    assert "Read more" not in health.body and "privacy@" not in health.body


def test_capitalised_headlines_under_a_section_and_dated_sub_headings() -> None:
    text = (
        "Privacy notes, June 2022\n\n"
        "ENFORCEMENT\n\n"
        "CAC OPENS A REVIEW OF A RECRUITMENT PLATFORM\n\n"
        "On 22 June 2022, the CAC opened a review of a recruitment platform.\n\n"
        "SHANGHAI REGULATOR FINES A LENDER\n\n"
        "On 16 June 2022, the Shanghai AMR fined Shanghai Ruiyi Network Technology Co., Ltd. "
        "RMB 350,000.\n\n"
        "## Courts\n\n"
        "### 20 June 2022: Hangzhou court rules on face scans\n\n"
        "A Hangzhou court ordered the zoo to pay RMB 1,038 to compensate a visitor.\n"
    )
    parsed = parse(text)
    assert [(i.ref, i.headline, i.date) for i in parsed.items] == [
        ("ENFORCEMENT #1", "CAC OPENS A REVIEW OF A RECRUITMENT PLATFORM", dt.date(2022, 6, 22)),
        ("ENFORCEMENT #2", "SHANGHAI REGULATOR FINES A LENDER", dt.date(2022, 6, 16)),
        ("Courts #1", "Hangzhou court rules on face scans", dt.date(2022, 6, 20)),
    ]
    assert parsed.items[2].penalties[0].kind is PenaltyKind.COMPENSATION


def test_an_introduction_line_over_a_paragraph_is_not_an_item_where_items_are_marked() -> None:
    text = (
        "## Enforcement\n\n"
        "This month's key enforcement actions\n\n"
        "Regulators were busy in June, and two cases stand out for their size and reach.\n\n"
        "**Zhengzhou regulator fines estate agent.** On 7 June 2022, the Zhengzhou AMR fined "
        "Zhengzhou Jiaye Property Co., Ltd. RMB 200,000.\n\n"
        "**Shanghai regulator fines lender.** On 16 June 2022, the Shanghai AMR fined Shanghai "
        "Ruiyi Network Technology Co., Ltd. RMB 350,000.\n"
    )
    assert [i.headline for i in parse(text).items] == [
        "Zhengzhou regulator fines estate agent",
        "Shanghai regulator fines lender",
    ]
