"""What kind of answer a question wants: a list (``fines henan``), one fact (who, what,
when, how much, which, whether), or an aggregation (how many, total, largest, smallest, average or
median, a comparison, a grouping such as "which regulators issued drafts").

``read_intent`` looks only at question words; the filters come from the query parser. The
words that make a question ("how many", "total", "imposed", "compare") are listed in
``QUESTION_WORDS`` so they never become required search terms. No I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from bot.core.answers.intent_words import COUNT_NOUNS, LEADER_NOUNS, ZH_COUNT_NOUNS
from bot.core.query.ordering import without_ordering


class Ask(StrEnum):
    LIST = "list"
    WHO = "who"
    WHAT = "what"
    WHEN = "when"
    HOW_MUCH = "how_much"
    WHICH = "which"
    WHETHER = "whether"
    HOW_MANY = "how_many"
    TOTAL = "total"
    LARGEST = "largest"
    SMALLEST = "smallest"
    AVERAGE = "average"
    MEDIAN = "median"
    COMPARE = "compare"
    GROUP = "group"
    SOURCE = "source"
    TOP = "top"  # which authority / region / sector / company ... the most


AGGREGATES = frozenset(
    {
        Ask.HOW_MANY,
        Ask.TOTAL,
        Ask.LARGEST,
        Ask.SMALLEST,
        Ask.AVERAGE,
        Ask.MEDIAN,
        Ask.GROUP,
        Ask.TOP,
    }
)
FACTUAL = frozenset({Ask.WHO, Ask.WHAT, Ask.WHEN, Ask.HOW_MUCH, Ask.WHICH, Ask.WHETHER})

GroupBy = Literal["authorities", "regions", "sectors", "companies", "individuals", "bearers"]


@dataclass(frozen=True)
class Intent:
    ask: Ask = Ask.LIST
    group_by: GroupBy | None = None
    counted: str | None = None  # the noun after "how many" ("apps", "cases")
    chinese: bool = False
    about_bearer: bool = False  # who paid / was fined, rather than who acted
    about_role: bool = False  # which company / person did something the text tells
    by_amount: bool = False  # "which … the largest fines": ranked by amount before number
    ranked_by: str = ""  # the noun "which … the most" ranks by, as typed ("sector", "行业")
    breakdown: bool = False  # "fines by region", "按部门统计": every group, not the top few

    @property
    def is_question(self) -> bool:
        return self.ask is not Ask.LIST


_I = re.IGNORECASE
_CJK = re.compile(r"[\u3400-\u9fff]")

_GROUP = re.compile(
    r"\bwhich\s+(?P<what>regulators?|authorities|authority|agencies|agency|bodies|ministries|"
    r"departments|regions|provinces|places|cities)\b|"
    r"哪些(?P<cjk>监管|部门|机构|机关|地区|省|城市|地方)",
    _I,
)
_EN_LEADER = "|".join(sorted((w for w in LEADER_NOUNS if w.isascii()), key=len, reverse=True))
_ZH_LEADER = "|".join(sorted((w for w in LEADER_NOUNS if not w.isascii()), key=len, reverse=True))
_MOST = (
    r"(?:\bthe\s+most\b|\bmost\s+(?:often|frequently|active|fines|penalties|cases|actions|"
    r"developments|drafts|rules)\b|\b(?:largest|biggest|highest|heaviest)\s+(?:total\s+)?"
    r"(?:fines|penalties|amounts|sums|totals?)\b|\bmost\s*[?？.!]*\s*$|\btop\b)"
)
_TOP = re.compile(
    rf"\b(?:which|what)\s+(?:\w+\s+)?(?P<what>{_EN_LEADER})\b(?=.*{_MOST})|"
    rf"\b(?:most\s+active|busiest|top)\s+(?P<active>{_EN_LEADER})\b|"
    rf"(?:哪个|哪家|哪些|哪一个|什么)(?P<zh>{_ZH_LEADER})(?=.*(?:最多|最大|最高|最频繁|最重))|"
    rf"(?:最多|最大|最高|最频繁|最重).*(?:哪个|哪家|哪些|哪一个|什么)(?P<zh2>{_ZH_LEADER})",
    _I,
)
_WHO_TOP = re.compile(
    r"^\s*who\s+(?P<acted>fined|issued|imposed|penali[sz]ed|published|sanctioned)\b(?=.*\bmost\b)|"
    r"^\s*who\s+(?:was|were|got|has\s+been|have\s+been|is)\s+(?:fined|penali[sz]ed)\b"
    r"(?=.*\b(?:most|largest|biggest|highest)\b)",
    _I,
)
_ONE_LARGEST = re.compile(
    r"\b(?:which|what|who)\b.*\b(?:the\s+)?(?:largest|biggest|highest|heaviest|smallest|lowest)\s+"
    r"(?:single\s+)?(?:fine|penalty|amount|one)\b(?!s)",
    _I,
)
_BY_AMOUNT = re.compile(
    r"\b(?:largest|biggest|highest|heaviest|amounts?|money|sums?|totals?|value)\b|"
    r"\bfined\s+the\s+most\b|金额|最高|最大|最重",
    _I,
)
_BY_NUMBER = re.compile(
    r"\bmost\s+(?:often|frequently|fines|penalties)\b|\btimes\b|次数|最频繁", _I
)


def _leader(text: str, chinese: bool) -> Intent | None:
    """ "which authority fined the most?", "哪个地区罚款最多?": a ranking of groups."""
    one = _ONE_LARGEST.search(text)
    if one and not re.search(r"\bmost\b|最多", text, _I):  # "which authority … the largest fine"
        small = re.search(r"smallest|lowest", one.group(0), _I)
        return Intent(Ask.SMALLEST if small else Ask.LARGEST, chinese=chinese)
    found = _TOP.search(text)
    who = None if found else _WHO_TOP.search(text)
    if found is None and who is None:
        return _breakdown(text, chinese)
    if found is not None:
        noun = next(g for g in found.groups() if g)
        by = LEADER_NOUNS.get(noun.lower(), "authorities")
    else:
        by = "authorities" if who and who.group("acted") else "bearers"
    by_amount = bool(_BY_AMOUNT.search(text)) and not _BY_NUMBER.search(text)
    if by in ("companies", "individuals", "bearers"):  # "fined the most": the money
        by_amount = by_amount or not _BY_NUMBER.search(text)
    group: GroupBy = by  # type: ignore[assignment]
    noun = "" if found is None else next(g for g in found.groups() if g)
    return Intent(Ask.TOP, group_by=group, chinese=chinese, by_amount=by_amount, ranked_by=noun)


_BY_ONE = (
    r"regulator|authority|agency|ministry|department|region|province|city|area|sector|"
    r"industry|company|firm|bank|entity|business"
)
"""After a bare "by", a singular noun groups ("fines by region"); a plural names who acted
("penalties imposed by regulators", "not handed down by courts")."""
_BREAKDOWN = re.compile(
    rf"\b(?:broken\s+down\s+by|grouped\s+by|split\s+by|by\s+each|for\s+each|per|each)\s+"
    rf"(?!people\b|persons?\b)(?P<what>{_EN_LEADER})\b|\bby\s+(?P<one>{_BY_ONE})\b(?!\s+of\b)|"
    rf"(?:按照?|分)(?P<zh>{_ZH_LEADER})(?:统计|分类|划分|汇总|分组|列出|排列|排序)?|"
    rf"各(?P<zh2>{_ZH_LEADER})",
    _I,
)


def _breakdown(text: str, chinese: bool) -> Intent | None:
    """ "fines by region", "drafts per regulator", "按部门统计罚款": each group, ranked."""
    found = _BREAKDOWN.search(text)
    if found is None:
        return None
    noun = next(g for g in found.groups() if g)
    by: GroupBy = LEADER_NOUNS.get(noun.lower(), "authorities")  # type: ignore[assignment]
    by_amount = bool(_BY_AMOUNT.search(text)) and not _BY_NUMBER.search(text)
    return Intent(
        Ask.TOP,
        group_by=by,
        chinese=chinese,
        by_amount=by_amount,
        ranked_by=found.group(0),
        breakdown=True,
    )


_AMOUNT_AHEAD = r"(?:[\d¥$]|(?:cny|rmb|usd|eur|yuan)\b)"
_NOT_AMOUNT = rf"(?!\s+than\s+{_AMOUNT_AHEAD})"  # "more than CNY 1m" is an amount
_COMPARE = re.compile(
    r"\bcompare[sd]?\b|\bversus\b|\bvs\.?(?!\w)|\bcompared\b|比较|对比|相比|"
    # "more fines in April or May?", "Beijing or Shanghai: which had fewer fines?"
    rf"\b(?:more|fewer|less)\b{_NOT_AMOUNT}.*\s(?:or|than)\s(?!{_AMOUNT_AHEAD})|"
    rf"\sor\s(?!(?:more|less|fewer)\b).*\b(?:more|fewer|less)\b{_NOT_AMOUNT}|"
    r"还是.*(?:多|少)|(?:多|少).*还是|[和与跟].{1,12}?哪(?:个|边|里|一个)[^？?]*(?:多|少|高|低)",
    _I,
)
_HOW_MANY = re.compile(
    r"\bhow\s+many\b(?P<noun>(?:\s+(?!(?:did|do|does|were|was|are|is|have|has|had|will|can)\b)"
    r"[a-z'-]+){0,3})|\bnumber\s+of\s+(?P<noun2>[a-z-]+(?:\s+[a-z-]+){0,3})|\bcount\b|"
    r"多少(?:个|家|起|件|条|项|款)|几(?:个|家|起|件|条|项)",
    _I,
)
_ZH_HOW_MANY = re.compile(r"(?:多少|几)(?P<tail>[\u3400-\u9fffA-Za-z]{0,20})")
_HOW_MUCH_ZH = re.compile(
    r"多少钱|罚(?:了|款)?(?:是)?多少|金额|多少元|总额|合计|一共|(?:各|分别)(?:是|为)?多少"
)
_TOTAL_OF = re.compile(r"\b(?:total|combined|overall)\s+(?:number\s+of\s+)?(?P<noun>[a-z]+s)\b", _I)
_MONEY_NOUNS = frozenset(
    {"fines", "penalties", "amounts", "sums", "damages", "awards", "payments", "losses"}
)
"""After "total", what is added up as money; any other plural ("total apps") is counted."""

_TOTAL = re.compile(
    r"\btotal\b|\bsum\b|\baltogether\b|\bin\s+all\b|\bcombined\b|\badd(?:s|ed)?\s+up\b|"
    r"\bsum(?:s|med)?\s+up\b|总(?:额|计|共)|合计|一共|加起来",
    _I,
)
_LARGEST = re.compile(
    r"\blargest\b|\bbiggest\b|\bhighest\b|\bmaximum\b|\bheaviest\b|最大|最高|最多", _I
)
_AVERAGE = re.compile(
    r"\baverage\b|\bon\s+average\b|\btypical\b|平均|均值|"
    # "mean" is a verb too ("what does it mean"): only beside the money it averages
    r"\bmean\s+(?:fines?|penalt(?:y|ies)|amounts?|awards?|compensation|damages)\b",
    _I,
)
_MEDIAN = re.compile(r"\bmedian\b|中位数", _I)
_SMALLEST = re.compile(r"\bsmallest\b|\blowest\b|\bminimum\b|\bleast\b|最小|最低|最少", _I)
_HOW_MUCH = re.compile(
    r"\bhow\s+much\b|\bwhat\s+(?:was|is|were)\s+the\s+(?:\w+\s+)?(?:fine|penalty|amount|damages|"
    r"compensation)\b|\bwhat\s+(?:\w+\s+)?(?:fine|penalty|damages|compensation)\s+(?:did|was|were)\b|\bamount\b|多少钱|罚(?:了|款)?(?:是)?多少|金额|多少元|是多少|"
    r"(?:各|分别)(?:是|为)?多少",
    _I,
)
_WHEN = re.compile(
    r"^\s*when\b|\bwhen\s+(?:did|does|do|was|is|will|were)\b|\bwhat\s+date\b|\bwhich\s+date\b|"
    r"什么时候|何时|哪天|哪一天|日期",
    _I,
)
_WHO = re.compile(
    r"^\s*who\b|\bwho\s+(?:was|were|is|did|has|had|issued|fined|imposed)\b|\bby\s+whom\b|"
    r"\bwhich\s+(?:company|companies|bank|banks|firm|firms|entity|entities|person|people|"
    r"court|courts|authority|regulator|agency|body|ministry|platform|carmakers?)\b|"
    r"谁|哪家|哪个(?:公司|银行|机构|部门|法院|平台)",
    _I,
)
_WHETHER = re.compile(
    r"^\s*(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would)\s+(?:there|any|the|a|"
    r"an|it|\w+)\b|^\s*any\b|是否|有没有|吗[？?]?\s*$",
    _I,
)
_WHICH = re.compile(
    r"^\s*which\b|哪些|哪个|"
    # "what fines were imposed", "what new rules are there": a plural noun asks for a list
    r"^\s*what\s+(?:\w+\s+)?\w+[^s\W]s\s+(?:were|are|have|did|do|came|got)\b",
    _I,
)
_OVERVIEW = re.compile(
    r"\bwhat(?:'s|\s+is|\s+has|\s+have)?(?:\s+been)?\s+(?:happened|happening|changed|new)\b|"
    r"\bwhat\s+(?:changes|developments)\b|\banything\s+new\b|有什么新|有哪些新|发生了什么|有什么变化",
    _I,
)
"""An overview ("what happened in April?", "what changed since 20 May?", "anything new?"):
every match is the answer, so the reply lists them rather than picking one."""
_WHAT = re.compile(r"^\s*what\b|\bwhat\s+(?:did|does|do|is|are|was|were)\b|什么|哪些内容", _I)
_SOURCE = re.compile(
    r"\b(?:the\s+)?sources?\b|\blinks?\b|\bcitations?\b|\bwhere\s+(?:was|is)\s+(?:it|this)\s+"
    r"reported\b|出处|来源|原文|链接",
    _I,
)
_BEARER = re.compile(
    r"\bfined\b|\bfines?\b|\bpenalt(?:y|ies)\b|\bpenali[sz]ed\b|\bordered\s+to\s+pay\b|\bpaid\b|\bpay\b|\bsentenced\b|"
    r"\bconvicted\b|\bpunished\b|\bnamed\b|被罚|处罚了|罚了",
    _I,
)

_ACTOR = re.compile(
    r"\bwhich\s+(?:authority|authorities|regulators?|agency|body|ministry|court|department)\b|"
    r"\bwho\s+(?:issued|imposed|decided|ruled|published|ordered)\b|哪个部门|哪个机构|哪家法院",
    re.IGNORECASE,
)

_ROLE = re.compile(
    r"\bwhich\s+(?:company|companies|firm|firms|carmakers?|makers?|manufacturers?|platforms?|"
    r"persons?|people|individuals?|entity|entities|apps?|defendants?|banks?|operators?|"
    r"businesses|business)\b|^\s*who\s+(?!(?:was|were|is|has\s+been)\s+(?:fined|penali[sz]ed)\b)"
    r"(?!(?:fined|issued|imposed|published|adopted|released|ordered)\b)\w+|哪家(?:公司|企业|车企)|哪些(?:公司|企业|车企)|谁",
    _I,
)

COUNT_NOUN_WORDS = _COUNT_NOUNS = COUNT_NOUNS


def read_intent(text: str) -> Intent:
    """The kind of answer ``text`` asks for (``Ask.LIST`` for a filter-style request)."""
    text = without_ordering(text)  # "by amount" orders a list, it does not ask "how much"
    chinese = bool(_CJK.search(text))
    about_bearer = bool(_BEARER.search(text)) and not _ACTOR.search(text)
    leader = _leader(text, chinese)
    if leader is not None:
        return leader
    group = _GROUP.search(text)
    if group:
        what = (group.group("what") or group.group("cjk") or "").lower()
        by: GroupBy = (
            "regions"
            if what.startswith(("region", "provinc", "place", "cit", "地区", "省", "城市", "地方"))
            else "authorities"
        )
        return Intent(Ask.GROUP, group_by=by, chinese=chinese)
    if _COMPARE.search(text):
        return Intent(Ask.COMPARE, chinese=chinese)
    zh_many = _ZH_HOW_MANY.search(text)
    if zh_many:
        tail = zh_many.group("tail")
        noun = next((en for zh, en in ZH_COUNT_NOUNS.items() if zh in tail), None)
        if noun is not None or not _HOW_MUCH_ZH.search(text):
            return Intent(Ask.HOW_MANY, counted=noun, chinese=chinese)
    how_many = _HOW_MANY.search(text)
    if how_many:
        phrase = how_many.groupdict().get("noun") or how_many.groupdict().get("noun2") or ""
        words = phrase.lower().split()
        plural = [w for w in words if w.endswith("s") and not w.endswith("ss")]
        fallback = plural[0] if plural else (words[-1] if words else None)
        noun = next((w for w in words if w in _COUNT_NOUNS), fallback)
        return Intent(Ask.HOW_MANY, counted=noun, chinese=chinese)
    total = _TOTAL_OF.search(text)
    if total and total.group("noun").lower() not in _MONEY_NOUNS:
        return Intent(Ask.HOW_MANY, counted=total.group("noun").lower(), chinese=chinese)
    if _MEDIAN.search(text):
        return Intent(Ask.MEDIAN, chinese=chinese)
    if _AVERAGE.search(text):
        return Intent(Ask.AVERAGE, chinese=chinese)
    if _TOTAL.search(text):
        return Intent(Ask.TOTAL, chinese=chinese)
    if _SMALLEST.search(text):
        return Intent(Ask.SMALLEST, chinese=chinese)
    if _LARGEST.search(text):
        return Intent(Ask.LARGEST, chinese=chinese)
    if _OVERVIEW.search(text):
        return Intent(Ask.WHICH, chinese=chinese)
    about_role = bool(_ROLE.search(text)) and not _ACTOR.search(text)
    for ask, regex in (
        (Ask.HOW_MUCH, _HOW_MUCH),
        (Ask.WHEN, _WHEN),
        (Ask.WHO, _WHO),
        (Ask.SOURCE, _SOURCE),
        (Ask.WHETHER, _WHETHER),
        (Ask.WHICH, _WHICH),
        (Ask.WHAT, _WHAT),
    ):
        if regex.search(text):
            return Intent(ask, chinese=chinese, about_bearer=about_bearer, about_role=about_role)
    if text.rstrip().endswith(("?", "？")):
        return Intent(Ask.WHAT, chinese=chinese, about_bearer=about_bearer)
    return Intent(Ask.LIST, chinese=chinese)


def counts_developments(noun: str | None) -> bool:
    """Whether "how many <noun>" counts developments (not a number in the text)."""
    return noun is None or noun in _COUNT_NOUNS
