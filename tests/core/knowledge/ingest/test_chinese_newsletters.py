"""Chinese newsletters: 【section】 and 一、 headings, dates, numerals, status, effective
dates, payers, slugs; and a Chinese and an English report of one development merging."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.merge import merge
from bot.core.knowledge.ingest.slugs import development_slug
from bot.core.knowledge.model import Category, KnowledgeFile, PenaltyKind, Status
from tests.core.knowledge.ingest.conftest import NOW
from tests.core.knowledge.ingest.newsletters import (
    CHINESE,
    CHINESE_NUMBERED,
    ENGLISH_FOR_MERGE,
    parse,
    titled,
)


def test_bracket_sections_map_to_categories_and_commentary_is_kept_out() -> None:
    parsed = parse(CHINESE, "cn.txt")
    assert [(i.ref, i.category) for i in parsed.items] == [
        ("监管动态 #1", Category.REGULATION),
        ("监管动态 #2", Category.REGULATION),
        ("监管动态 #3", Category.REGULATION),
        ("监管执法 #1", Category.ENFORCEMENT),
        ("监管执法 #2", Category.ENFORCEMENT),
    ]
    everything = " ".join(i.text for i in parsed.items)
    assert "编者按" not in everything and "梳理个人信息出境场景" not in everything
    assert str(parsed.issue_month) == "2022-06"


def test_chinese_dates_status_and_effective_dates() -> None:
    parsed = parse(CHINESE, "cn.txt")
    draft = titled(parsed, "国家网信办就个人信息出境")
    assert (draft.date, draft.status) == (dt.date(2022, 6, 30), Status.DRAFT)
    shenzhen = titled(parsed, "《深圳经济特区数据条例》")
    assert shenzhen.date == dt.date(2022, 6, 22)  # 6月22日, the year from the issue
    assert shenzhen.status is Status.ADOPTED  # 印发, in force only from August
    assert shenzhen.effective_date == dt.date(2022, 8, 1)  # 自2022年8月1日起施行
    assert shenzhen.regions == ["Shenzhen", "Guangdong"]


def test_chinese_numerals_payers_and_statutory_maximum() -> None:
    parsed = parse(CHINESE, "cn.txt")
    texts = titled(parsed, "上海某网络科技有限公司")
    [fine] = texts.penalties
    assert (fine.amount, fine.kind) == (Decimal(350000), PenaltyKind.FINE)  # 叁拾伍万元
    assert fine.bearer == "上海锐易网络科技有限公司"
    faces = titled(parsed, "郑州一房地产公司")
    # 最高可处五千万元罚款 is what the law allows, not a fine imposed.
    assert [(p.amount, p.bearer) for p in faces.penalties] == [
        (Decimal(200000), "郑州佳业置业有限公司")
    ]


def test_chinese_numbered_sections_and_court_compensation() -> None:
    parsed = parse(CHINESE_NUMBERED, "cn2.txt")
    assert [i.ref for i in parsed.items] == [
        "立法动态 #1",
        "立法动态 #2",
        "执法动态 #1",
        "司法动态 #1",
    ]
    assert parsed.items[0].status is Status.ADOPTED
    assert parsed.items[1].status is Status.DRAFT
    fine = parsed.items[2].penalties[0]
    # 该公司: the company the headline names.
    assert (fine.amount, fine.bearer) == (Decimal(350000), "上海锐易网络科技有限公司")
    court = parsed.items[3]
    assert court.category is Category.COURT
    [damages] = court.penalties
    assert (damages.amount, damages.kind) == (Decimal(1038), PenaltyKind.COMPENSATION)


def test_chinese_titles_get_meaningful_slugs() -> None:
    gazetteer = default_gazetteer()
    # the names the gazetteer knows in English (出境 cross-border, 标准合同 standard contract)
    assert development_slug("国家网信办就个人信息出境标准合同规定公开征求意见", gazetteer) == (
        "cac-personal-information-cross-border-standard-contract"
    )
    # word by word, never syllables split across words ("hulian-wangyong-huzhang")
    assert development_slug("互联网用户账号信息管理规定发布", gazetteer).startswith(
        "hulianwang-yonghu-zhanghao-"
    )
    slug = development_slug("《深圳经济特区数据条例》配套办法印发", gazetteer)
    assert slug.startswith("shenzhen-")
    parsed = parse(CHINESE, "cn.txt")
    knowledge = merge(KnowledgeFile(), [parsed], NOW).knowledge
    ids = [d.id for d in knowledge.developments]
    assert all(not i.endswith("-development") and len(i) > 20 for i in ids), ids
    assert "2022-06-30-cac-personal-information-cross-border-standard-contract" in ids


def test_a_chinese_and_an_english_report_of_one_development_merge() -> None:
    english = parse(ENGLISH_FOR_MERGE, "en.md")
    chinese = parse(CHINESE, "cn.txt")
    for order in ([english, chinese], [chinese, english]):
        result = merge(KnowledgeFile(), order, NOW)
        merged = {(m.ref, m.development_id[:10]) for r in result.reports for m in r.merged}
        pairs = {
            tuple(sorted(s.ref for s in d.sources))
            for d in result.knowledge.developments
            if len(d.sources) > 1
        }
        assert pairs == {
            ("Regulatory updates #1", "监管动态 #1"),
            ("Regulatory updates #2", "监管动态 #2"),
            ("Enforcement #1", "监管执法 #1"),
            ("Enforcement #2", "监管执法 #2"),
        }, merged
        # The CAC's other June item (27 June) and the NPC item stay on their own.
        assert len(result.knowledge.developments) == 6


def test_dates_in_chinese_numerals_and_relative_dates() -> None:
    from bot.core.knowledge.ingest.dates import find_dates, lead_date

    [date] = find_dates("二〇二二年六月二十二日，国家网信办发布通知。")
    assert (date.year, date.month, date.day) == (2022, 6, 22)
    [date] = find_dates("六月三十日发布")
    assert (date.year, date.month, date.day) == (None, 6, 30)
    assert find_dates("十一月三十一日") == []  # no such day
    # A date the text starts from is not the item's date.
    lead = lead_date("自2022年1月1日起，平台须每月报告；6月15日，通信管理局通报了21款App。")
    assert lead is not None and (lead.month, lead.day) == (6, 15)


def test_paragraph_items_with_leading_place_tags() -> None:
    text = (
        "2022年6月数据合规要闻\n\n"
        "一、执法动态\n\n"
        "【北京】6月22日，北京市通信管理局通报15款App违规收集个人信息。\n\n"
        "【上海】6月16日，上海市市场监督管理局对上海锐易网络科技有限公司处以罚款35万元。\n\n"
        "二、司法动态\n\n"
        "【杭州】6月20日，杭州互联网法院判决某动物园删除原告面部信息并赔偿1038元。\n"
    )
    parsed = parse(text, "tags.txt")
    assert [(i.ref, i.date, i.regions[0]) for i in parsed.items] == [
        ("执法动态 #1", dt.date(2022, 6, 22), "Beijing"),
        ("执法动态 #2", dt.date(2022, 6, 16), "Shanghai"),
        ("司法动态 #1", dt.date(2022, 6, 20), "Hangzhou"),
    ]
    assert parsed.items[0].headline == "北京市通信管理局通报15款App违规收集个人信息"
    court = parsed.items[2]
    assert court.category is Category.COURT
    # "判决某动物园": 某动物园 is no person; the payer is not named, and that is flagged.
    assert court.penalties[0].bearer == "not named"
    assert any("no payer" in flag for flag in court.flags)


def test_an_items_own_number_is_not_part_of_its_title() -> None:
    text = (
        "数据月报 2023年5月\n\n【监管执法】\n\n◆ （1）宁波市场监管局处罚一家物业公司\n"
        "2023年5月8日，宁波市市场监督管理局对宁波安居物业服务有限公司作出行政处罚，罚款人民币5万元。\n\n"
        "◆ (2) 杭州互联网法院审结一起人脸识别纠纷\n"
        "2023年5月15日，杭州互联网法院判决某健身公司删除原告的人脸信息。\n"
    )
    parsed = parse(text, "numbers.txt")
    assert [i.title for i in parsed.items] == [
        "宁波市场监管局处罚一家物业公司",
        "杭州互联网法院审结一起人脸识别纠纷",
    ]
    assert all(not i.slug[0].isdigit() for i in parsed.items)
