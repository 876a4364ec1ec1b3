"""Chinese-only payer names are kept as named payers, without the verb or role printed
before them, and linked to the English or pinyin name the item gives beside them; a verb or
a common noun (判处该公司) is never a payer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.dates import YearMonth
from bot.core.knowledge.ingest.parse import parse_bytes
from bot.core.knowledge.ingest.penalties import NOT_NAMED, find_penalties

GAZETTEER = default_gazetteer()


def payers(text: str, headline: str = "") -> list[tuple[Decimal, str]]:
    return [(p.amount, p.bearer) for p in find_penalties(text, headline, None, GAZETTEER)]


@pytest.mark.parametrize(
    ("text", "payer"),
    [
        ("某某科技有限公司因超范围收集个人信息，被处罚款5万元。", "某某科技有限公司"),
        (
            "经审理，法院认定上海某信息技术有限公司构成侵犯公民个人信息罪，判处该公司罚金人民币50万元。",
            "上海某信息技术有限公司",
        ),
        (
            "法院以侵犯公民个人信息罪判处被告单位杭州某某数据有限公司罚金人民币100万元。",
            "杭州某某数据有限公司",
        ),
        (
            "宁波海曙区市场监管局对宁波优品电子商务有限公司处以罚款3万元。",
            "宁波优品电子商务有限公司",
        ),
        (
            "广州互联网法院判令被告广州某某信息科技有限公司赔偿原告经济损失人民币3万元。",
            "广州某某信息科技有限公司",
        ),
        ("公安机关对违法行为人陈某处以罚款2000元。", "陈某"),
    ],
)
def test_a_chinese_company_is_the_payer_without_what_precedes_it(text: str, payer: str) -> None:
    assert [bearer for _, bearer in payers(text)] == [payer]


def test_a_company_named_also_in_english_or_pinyin_is_linked_to_that_name() -> None:
    text = (
        "深圳市乐途网络科技有限公司（Shenzhen Letu Network Technology Co., Ltd.）违规收集"
        "用户信息，被罚款30万元。"
    )
    assert payers(text) == [(Decimal(300_000), "Shenzhen Letu Network Technology Co., Ltd.")]
    pinyin = "杭州云帆网络科技有限公司（Hangzhou Yunfan Wangluo Keji Youxian Gongsi）被罚款5万元。"
    assert payers(pinyin) == [(Decimal(50_000), "Hangzhou Yunfan Wangluo Keji Youxian Gongsi")]


def test_a_fine_told_in_both_languages_is_one_penalty() -> None:
    text = (
        "Shenzhen Letu Network Technology Co., Ltd. (深圳市乐途网络科技有限公司) was fined "
        "RMB 300,000. 深圳市乐途网络科技有限公司被罚款30万元。"
    )
    assert payers(text) == [(Decimal(300_000), "Shenzhen Letu Network Technology Co., Ltd.")]


def test_a_verb_or_an_anaphor_with_no_name_before_it_is_no_payer() -> None:
    text = "经查，该公司违法收集个人信息，市场监管局决定对其罚款人民币6万元。"
    assert payers(text) == [(Decimal(60_000), NOT_NAMED)]
    assert all("判处" not in bearer for _, bearer in payers("判处该公司罚金人民币50万元。"))


WECHAT = "\n\n".join(
    [
        "数据合规观察 | 2024年第5期",
        "一、监管执法",
        "（一）温州一物流公司出售面单信息被罚",
        "5月8日，温州市市场监督管理局对温州速达物流有限公司作出行政处罚。经查，该公司员工将"
        "寄件人姓名、电话等信息出售给他人。市场监管局对该公司处以罚款人民币12万元，"
        "没收违法所得2.4万元。",
        "（二）嘉兴一科技公司违规收集人脸信息",
        "5月16日，嘉兴市南湖区市场监督管理局查处嘉兴智瞳科技有限公司（Jiaxing Zhitong "
        "Technology Co., Ltd.）在门店违规采集顾客人脸信息一案，对其罚款人民币8万元。",
        "二、司法案例",
        "（一）湖州法院审结一起侵犯公民个人信息案",
        "5月22日，湖州市吴兴区人民法院以侵犯公民个人信息罪判处被告单位湖州某某数据服务有限公司"
        "罚金人民币30万元，判处被告人王某有期徒刑一年，并处罚金人民币2万元。",
    ]
)


def test_a_chinese_newsletters_payers_are_named_and_linked() -> None:
    parsed = parse_bytes(
        WECHAT.encode(), "wechat.txt", "wechat", GAZETTEER, month=YearMonth(2024, 5)
    )
    found = sorted(
        (p.bearer, int(p.amount), p.kind.value) for item in parsed.items for p in item.penalties
    )
    assert found == [
        ("Jiaxing Zhitong Technology Co., Ltd.", 80_000, "fine"),
        ("温州速达物流有限公司", 24_000, "confiscation"),
        ("温州速达物流有限公司", 120_000, "fine"),
        ("湖州某某数据服务有限公司", 300_000, "criminal_fine"),
        ("王某", 20_000, "criminal_fine"),
    ]
    assert [item.category for item in parsed.items] == ["enforcement", "enforcement", "court"]
