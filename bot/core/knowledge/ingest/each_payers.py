"""Several payers of one amount each: "Chairman Cheng Wei and president Liu Qing were each
fined RMB 1 million", "Two hotels, Alpha Co., Ltd. and Beta Co., Ltd., were each fined RMB
80,000", "fines of RMB 50,000 each on A Co., Ltd. and B Co., Ltd.", "对A公司、B公司各处罚款5万元".

Each payer named gets a penalty of its own (a company by its legal form, a person by name).
When the amount is said to fall on each of several payers the text does not tell apart
("Two hotels were each fined RMB 80,000"), nothing is guessed: the one penalty found is
marked ``UNTOLD_NOTE`` and the review flags ask the editor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.knowledge.ingest.amounts import Money, find_money
from bot.core.knowledge.ingest.cjk_payers import CJK_COMPANY
from bot.core.knowledge.ingest.payers import (
    _CAPITALISED_RUN,
    _COMPANY,
    _HONORIFIC,
    _INDIVIDUAL,
    _PASSIVE,
    _ROLE_WORDS,
    _clean,
)
from bot.core.knowledge.model import BearerType

UNTOLD_NOTE = "each of several payers the text does not tell apart"
"""The note on a penalty said to fall on each of several payers not named one by one."""

_CJK_EACH = re.compile(r"(?:各|分别)(?:被)?(?:处以?|罚款|罚|处罚)?(?:罚款)?\s*$")
_CJK_ROLE = re.compile(
    r"^(?:其|该公司|公司)?(?:董事长|总裁|CEO|首席执行官|总经理|副总经理|法定代表人|负责人|董事|"
    r"监事|高管|经理|主管|创始人|兼|、)*"
)
_CJK_COMPANY = re.compile(CJK_COMPANY)
_RESPECTIVELY = re.compile(r"\brespectively\b|分别", re.IGNORECASE)
_EACH_BEFORE = re.compile(r"\b(?:each|respectively)\b", re.IGNORECASE)
_EACH_AFTER = re.compile(r"^\s*(?:each|respectively|apiece)\b", re.IGNORECASE)
_EACH_ON = re.compile(
    r"^\s*(?:each\s+)?(?:on|against|upon)\s+(?:each\s+of\s+)?(?P<names>[A-Z](?:(?:Mr|Ms|Mrs|Dr)\.|[^;:.()])*?)"
    r"(?=\s*(?:[;:.(]|,\s+(?:the|who|for|after|its|their)\b|$))"
)
_ON = re.compile(
    r"^\s*(?:(?:each|respectively)\s+)?(?:on|against|upon)\s+(?:each\s+of\s+)?", re.IGNORECASE
)
_ON_END = re.compile(
    r"[;:(]|,\s+(?:the\s|who|which|for|after|because|when|as|over)\b|\s(?:for|after|because|over)\s"
)
"""Where the payers after "on" end: "..., after courier records were sold"."""
_BODY_WORD = re.compile(
    r"\b(?:Bureau|Administration|Commission|Court|Ministry|Department|Office|Government|"
    r"Committee|Procuratorate|Council|Congress|Association|Centre|Center|Branch)\b"
)
"""A capitalised run naming an authority or body, not a person."""
_COMPANY_WORD = re.compile(r"\b(?:Co|Ltd|Inc|Corp|Corporation|Company|Limited|Group|LLC)\b")
_PLURAL = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|both|several|\d{1,3})\s+"
    r"(?:[\w-]+\s+){0,3}?[a-z]+s\b|\b(?:companies|firms|operators|platforms|banks|apps|"
    r"enterprises|entities|persons|individuals|people)\b|\band\b|两家|[二三四五六七八九十\d]+家",
    re.IGNORECASE,
)
"""A subject that is several payers: "two Sanya hotels", "both firms", "X and Y"."""

_NOT_NAME_WORDS = _ROLE_WORDS | {
    *("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "both", "all"),
    *("several", "other", "some", "many", "each", "these", "those"),
}
"""Words of a capitalised run that name nobody: roles, and counts ("Two Sanya hotels")."""

_LEADING_COUNT = re.compile(
    r"^(?:(?:and|or|both|also|two|three|four|five|six|seven|eight|nine|ten)\s+)+", re.IGNORECASE
)

Payers = list[tuple[str, BearerType]]


@dataclass(frozen=True)
class Each:
    """The payers of an amount said to fall on each of them."""

    payers: Payers
    """One (name, bearer type) per payer; when ``untold``, the words for them all ("two
    managers"), if any."""
    untold: bool = False
    """The text does not tell the payers apart."""


def each_of(sentence: str, money: Money, amounts: Sequence[Money] = ()) -> Each | None:
    """Who pays ``money`` when the sentence says it falls on each of several payers (or on
    them respectively, one of ``amounts``, the sentence's penalties, each); ``None`` when the
    sentence does not say so."""
    if len(amounts) >= 2 and money in amounts and _RESPECTIVELY.search(sentence):
        # "A Co., Ltd. and B Co., Ltd. were fined RMB 50,000 and RMB 80,000 respectively"
        last = _each(sentence, amounts[-1], whole=True)
        if last is not None and not last.untold and len(last.payers) == len(amounts):
            return Each([last.payers[list(amounts).index(money)]])
        return Each([], untold=True)
    return _each(sentence, money)


def _each(sentence: str, money: Money, whole: bool = False) -> Each | None:
    before = sentence[: money.start]
    cjk_each = _CJK_EACH.search(before)
    if cjk_each:
        # "对其董事长兼CEO程维、总裁柳青各处人民币100万元罚款", "对A公司、B公司各处罚款5万元"
        # "A公司、B公司因...，各被处以罚款": the payers are in the nearest clause naming any
        clauses = re.split(r"[对向，,；;]", before[: cjk_each.start()])
        for clause in reversed(clauses):
            named = [_cjk_payer(part) for part in re.split(r"[、和及与]", clause)]
            if any(named) or _PLURAL.search(clause):
                return _several([n for n in named if n is not None], clause)
        return None
    if not (
        _EACH_BEFORE.search(before[-40:]) or _EACH_AFTER.match(sentence[money.end : money.end + 20])
    ):
        return None
    on = _ON.match(sentence[money.end :])
    on_whom = _ON_END.split(sentence[money.end + on.end() :])[0] if on else ""
    if on:
        # "fines of RMB 50,000 each on A Co., Ltd. and B Co., Ltd."
        after_on = _named(on_whom)
        if len(after_on) >= 2:
            return Each(after_on)
    after = _EACH_ON.match(sentence[money.end :])
    if after:
        # "fines of RMB 1 million each on Chen Hao and Lin Yue"
        parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", after.group("names"))
        people = [_HONORIFIC.sub("", _clean(part)) for part in parts]
        if len(people) >= 2 and all(_CAPITALISED_RUN.fullmatch(n) for n in people):
            return Each([(name, BearerType.INDIVIDUAL) for name in people])
    passive = list(_PASSIVE.finditer(before))
    if passive:
        start, end = 0, passive[-1].start()
    else:
        active = list(re.finditer(r"\b(?:fined|ordered)\b", before))
        start, end = (active[-1].end() if active else 0), len(before)
    if not whole:  # an amount before this one ends what its payers were
        start = max([start, *(m.end for m in find_money(before) if m.end <= end)])
    clause = re.split(r"[;:]", before[start:end])[-1]
    return _several(_named(clause), on_whom or clause)


def _several(found: Payers, clause: str) -> Each | None:
    """Two payers named or more; else, when ``clause`` speaks of several, the words for
    them, untold."""
    if len(found) >= 2:
        return Each(found)
    if not _PLURAL.search(clause):
        return None
    words = _clean(re.sub(r"^[\s,，、]*(?:and|while|but|then)?\s*", "", clause))
    if not words or len(words.split()) > 8 or len(words) > 60:
        return Each([], untold=True)
    kind = BearerType.INDIVIDUAL if _INDIVIDUAL.search(words) else BearerType.ENTITY
    return Each([(words, kind)], untold=True)


def _named(text: str) -> Payers:
    """The companies (by legal form) and people (by a name of two words or more) ``text``
    names, in order."""
    found: list[tuple[int, str, BearerType]] = []
    for match in _COMPANY.finditer(text):
        name = _LEADING_COUNT.sub("", match.group("name").strip(" ,"))
        if _CJK_COMPANY.fullmatch(name) or not re.search(r"[\u4e00-\u9fff]", name):
            found.append((match.start(), name, BearerType.ENTITY))
            text = text[: match.start()] + ";" * len(match.group(0)) + text[match.end() :]
    for run in _CAPITALISED_RUN.finditer(text):
        words = [w for w in run.group(0).split() if w.casefold() not in _NOT_NAME_WORDS]
        name = " ".join(words)
        if len(words) >= 2 and not _COMPANY_WORD.search(name) and not _BODY_WORD.search(name):
            found.append((run.start(), name, BearerType.INDIVIDUAL))
    return [(name, kind) for _, name, kind in sorted(found)]


def _cjk_payer(part: str) -> tuple[str, BearerType] | None:
    company = _CJK_COMPANY.match(part.strip())  # "B公司因未履行义务": the name only
    if company:
        return company.group(0), BearerType.ENTITY
    person = _CJK_ROLE.sub("", part)
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", person):
        return person, BearerType.INDIVIDUAL
    return None
