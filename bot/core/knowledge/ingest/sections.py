"""Section headings: their clean names, whether they are commentary, and their category.

Exact names (English and Chinese) live in the gazetteer (``sections``,
``commentary_headings``); the cue words here classify the headings it does not list
("Legislation and Regulation", "数据合规监管动态"). A heading is compared once its numbering,
brackets, emphasis and trailing colon are stripped: "1. LEGISLATION", "【监管执法】",
"**Enforcement:**" and "一、司法动态" name sections "LEGISLATION", "监管执法", "Enforcement"
and "司法动态".
"""

from __future__ import annotations

import re

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.model import Category
from bot.core.lexicon.numbers import CJK_SMALL_NUMERAL

_NUMBERING = re.compile(
    rf"^(?:\d{{1,2}}(?:\.\d{{1,2}})*(?:[.)、．]\s*|\s+)|{CJK_SMALL_NUMERAL}[、.．]\s*"
    r"|[(（][^)）]{1,3}[)）]\s*|(?:Part|Section|Chapter)\s+[IVX\d]+[.:]?\s+|[IVX]{1,4}[.)]\s+)",
    re.IGNORECASE,
)
_WRAPPING = re.compile(r"^[#\s*_【\[〖「]+|[\s*_】\]〗」:：]+$")

_CATEGORY_CUES: tuple[tuple[Category, re.Pattern[str]], ...] = (
    (
        Category.COURT,
        re.compile(
            r"court|litigation|judicial|procurator|司法|法院|判决|判例|诉讼|检察", re.IGNORECASE
        ),
    ),
    (
        Category.ENFORCEMENT,
        re.compile(r"enforce|penalt|sanction|inspection|执法|处罚|罚款|通报|检查", re.IGNORECASE),
    ),
    (Category.INDUSTRY, re.compile(r"industry|market|business|行业|产业|市场", re.IGNORECASE)),
    (
        Category.REGULATION,
        re.compile(
            r"regulat|legislat|law|polic|standard|立法|法规|监管|政策|标准|规章", re.IGNORECASE
        ),
    ),
)
"""Words in a heading that name its category; the first that matches wins (so "监管执法",
regulatory enforcement, is enforcement, and "Courts and Litigation" a court section)."""

_SECTION_WORDS = re.compile(
    r"\b(?:development|update|news|legislat|regulat|enforce|judicial|court|litigation|"
    r"industry|polic|standard|case|law|rule|trend|market|compliance|data|privacy|cyber)",
    re.IGNORECASE,
)
_SECTION_VOCABULARY = frozenset(
    {
        "and",
        "of",
        "the",
        "in",
        "on",
        "for",
        "other",
        "key",
        "recent",
        "latest",
        "new",
        "china",
        "chinese",
        "prc",
        "cybersecurity",
        "security",
        "protection",
        "personal",
        "information",
        "legal",
        "regulatory",
        "legislative",
        "government",
        "watch",
        "roundup",
        "round-up",
        "highlights",
        "global",
        "international",
        "domestic",
        "national",
        "local",
        "tech",
        "technology",
        "practice",
        "actions",
        "decisions",
        "matters",
        "affairs",
        "activities",
        "digital",
        "economy",
        "financial",
        "finance",
        "sector",
        "sectors",
        "public",
        "administrative",
        "civil",
        "criminal",
        "supervision",
        "guidance",
        "guidelines",
        "measures",
        "notices",
        "&",
    }
)
"""Words a section heading is made of besides its section words ("Recent Enforcement
Actions", "China Data Protection Developments"); a heading with any other word (a name,
a verb) is a development's headline."""
_CJK_SECTION_END = re.compile(
    r"(?:动态|进展|立法|执法|司法|监管|案例|资讯|要闻|速递|观察|实践|法规)$"
)
_VERBISH = re.compile(
    r"\b(?:issues?|issued|releases?|released|fines?|fined|publish\w*|adopts?|adopted|"
    r"launch\w*|orders?|ordered|announc\w*|says|rules?d?\s+(?:on|that)|sues?|sued)\b",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_SUB_HEADING = re.compile(
    r"^(?:what\s+happened|why\s+it\s+matters|what\s+it\s+means(?:\s+for\s+\w+)?|what'?s\s+"
    r"next|next\s+steps|background|key\s+(?:points?|facts|changes|requirements)|in\s+brief|"
    r"at\s+a\s+glance|overview|summary|details|the\s+facts|our\s+views?|takeaways?|"
    r"highlights?|in\s+this\s+issue|contents|related\s+(?:posts?|"
    r"articles?|reading)|recommended(?:\s+reading)?|site\s+news|editor'?s\s+(?:note|picks?)|"
    r"往期(?:推荐|回顾|精选)|相关(?:阅读|推荐)|推荐阅读|延伸阅读|背景|要点|概述|简介|案情|"
    r"裁判要旨|典型意义|编者按)\W*$",
    re.IGNORECASE,
)
"""Sub-headings inside an item, or a newsletter's furniture, taken for a title."""


def clean_heading(text: str) -> str:
    """The heading's name without numbering, brackets, emphasis or trailing colon."""
    name = _WRAPPING.sub("", text.strip())
    name = _NUMBERING.sub("", name, count=1)
    return _WRAPPING.sub("", name).strip() or text.strip()


def is_commentary(text: str, gazetteer: Gazetteer) -> bool:
    """A heading of commentary, not developments: "Key highlights", "Our views", "点评"."""
    return gazetteer.is_commentary_heading(clean_heading(text))


def known_category(text: str, gazetteer: Gazetteer) -> Category | None:
    """The category a heading names: the gazetteer's exact name, else its cue words."""
    name = clean_heading(text)
    exact = gazetteer.section_category(name)
    if exact is not None:
        return exact
    for category, cue in _CATEGORY_CUES:
        if cue.search(name):
            return category
    return None


def is_section_name(text: str, gazetteer: Gazetteer) -> bool:
    """A heading that names a section rather than a development: a name the gazetteer
    lists, commentary, or a few section words without a verb ("Legislation and Regulation",
    "Data Compliance News", "监管动态")."""
    name = clean_heading(text)
    if gazetteer.section_category(name) is not None or is_commentary(name, gazetteer):
        return True
    if _CJK.search(name):
        return len(name) <= 10 and bool(_CJK_SECTION_END.search(name))
    words = re.findall(r"[\w'’-]+", name.casefold())
    return (
        0 < len(words) <= 6
        and not re.search(r"\d", name)
        and bool(_SECTION_WORDS.search(name))
        and not _VERBISH.search(name)
        and all(w in _SECTION_VOCABULARY or _SECTION_WORDS.match(w) for w in words)
    )


def is_sub_heading(text: str) -> bool:
    """A heading inside an item ("WHAT HAPPENED", "WHY IT MATTERS", "背景") or over a
    newsletter's furniture ("In this issue", "Related posts", "往期推荐"): never an item."""
    return bool(_SUB_HEADING.match(clean_heading(text).strip(" .:：")))
