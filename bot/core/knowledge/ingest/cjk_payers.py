"""Chinese company names as payers: the name alone, never the verb or the role printed
before it ("法院认定上海某信息技术有限公司" -> 上海某信息技术有限公司,
"被告单位杭州某某数据有限公司" -> 杭州某某数据有限公司); and, where the item gives the
company's English or pinyin name beside it, in parentheses either way round
("杭州优学教育科技有限公司（Hangzhou Youxue Education Technology Co., Ltd.）"), that
name: the payer is the same in a Chinese and an English report, and a fact told in both
languages is one penalty."""

from __future__ import annotations

import re

from bot.core.knowledge.gazetteer import Gazetteer

_CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_COMPANY = (
    r"[\u4e00-\u9fff·（）()]{2,40}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)"
)
"""A company named in Chinese, by the endings of its legal name (one pattern for intake)."""
_LATIN_COMPANY = (
    r"[A-Z][\w&'’.-]*(?:[ ]+[\w&'’.()-]+){0,10}?[ ]*(?:Co\.,?[ ]*Ltd\.?|Co\.[ ]*Limited|"
    r"Company[ ]+Limited|Limited|Ltd\.?|Inc\.|Corporation|Corp\.|LLC|"
    r"(?:Gufen[ ]+)?Youxian[ ]+Gongsi|Jituan(?:[ ]+Gongsi)?)"
)
_PAIRS = (
    re.compile(rf"(?P<cjk>{CJK_COMPANY})\s*[（(]\s*(?P<latin>{_LATIN_COMPANY})\s*[)）]"),
    re.compile(rf"(?P<latin>{_LATIN_COMPANY})\s*[（(]\s*(?P<cjk>{CJK_COMPANY})\s*[)）]"),
)
_OPENING = re.compile(r"^[\s(（\[【“\"'‘《]+")
_LEAD_WORDS = (
    r"经审理|经查|经调查|法院|检察院|认定|判处|判决|判令|裁定|处以|给予|责令|决定|依法|要求|"
    r"被告单位|告单位|被告|告|单位|当事人|涉事|涉案|公布|通报|约谈|查处|发现|显示|认为|查明|其中|"
    r"包括|名为|以及|对|向|将|一家|一"
)
_LEAD = re.compile(rf"^(?:{_LEAD_WORDS})+")
_LEAD_SOMEWHERE = re.compile(_LEAD_WORDS.replace("|对|向|将|一家|一", ""))


def trim_company(name: str, gazetteer: Gazetteer) -> str:
    """A Chinese company name without what was printed before it (see the module doc)."""
    if not _CJK.search(name):
        return name
    name = _OPENING.sub("", name)
    places = gazetteer.find_spans("regions", name)
    if places and places[0][0] > 0 and _LEAD_SOMEWHERE.search(name[: places[0][0]]):
        name = name[places[0][0] :]  # the name starts with its place: 上海某..., 杭州...
    return _LEAD.sub("", name) or name


def bilingual_names(text: str, gazetteer: Gazetteer) -> dict[str, str]:
    """Each Chinese company name the text gives with its English or pinyin name beside it
    (in parentheses, either way round) -> that name."""
    names: dict[str, str] = {}
    for pattern in _PAIRS:
        for match in pattern.finditer(text):
            cjk = trim_company(match.group("cjk"), gazetteer)
            names.setdefault(cjk, match.group("latin").strip())
    return names


def linked_payer(bearer: str, names: dict[str, str], gazetteer: Gazetteer) -> str:
    """The payer as the item names it best: a Chinese company name trimmed, and replaced by
    its English or pinyin name when the item gives one."""
    if not _CJK.search(bearer):
        return bearer
    trimmed = trim_company(bearer, gazetteer)
    return names.get(trimmed, trimmed)
