"""Who pays a penalty: the payer named in the sentence, or the company or person an
anaphor ("the company", "its", "him", 其, 该公司) points back to in the item.

A payer is a named entity or person (a company by its legal form, a known entity, a
capitalised name, 张某, "Wang"), or a person by role ("the person in charge"); never a
verb or a common noun ("Fined", "Company", "判处该公司"). When no such name can be found
the payer is ``NOT_NAMED`` and the review flags say so.
"""

from __future__ import annotations

import re

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.amounts import Money
from bot.core.knowledge.model import BearerType, PenaltyKind

_COMPANY = re.compile(
    r"(?P<name>(?:[A-Z0-9][\w&'’.()-]*\s+){1,8}(?:Co\.,?\s*Ltd\.?|Co\.\s*Limited|Company\s+"
    r"Limited|Limited|Ltd\.?|Inc\.|Incorporated|Corporation|Corp\.|LLC|Group\s+Co\.,?\s*Ltd\.?)"
    r"|[^\s，,。；;：:、对向被因由的是在和与及]{2,30}?(?:股份有限公司|有限责任公司|有限公司|集团|公司))"
)
"""A company named by its legal form: "... Co., Ltd.", "... Inc.", "...有限公司"."""
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_ROLE_WORDS = frozenset(
    [
        "the",
        "its",
        "their",
        "his",
        "her",
        "mr",
        "ms",
        "mrs",
        "dr",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "president",
        "vice",
        "director",
        "directors",
        "manager",
        "general",
        "chief",
        "officer",
        "executive",
        "founder",
        "co-founder",
        "legal",
        "representative",
        "head",
        "deputy",
        "partner",
        "secretary",
    ]
)
_POINTS_BACK = re.compile(
    r"(?:the\s+)?(?:company|firm|enterprise|operator|platform|business|bank|insurer|defendant|"
    r"accused|offender)|it|its|him|her|he|she|they|them|其|该公司|该企业|该平台|该银行",
    re.IGNORECASE,
)
"""A subject that points back to a payer named before."""
_ROLE_PAYER = re.compile(
    r"\b(?:person\s+in\s+charge|responsible\s+persons?|persons?\s+responsible|legal\s+"
    r"representative|(?:general\s+)?manager|director|chairman|chairwoman|executive|founder|"
    r"supervisor|(?:[\w-]+\s+)?officer|employee|staff\s+member)\b|负责人|法定代表人|董事长|总经理|经理",
    re.IGNORECASE,
)
"""A person by role, named or not: "the person in charge", "its legal representative"."""
_SENTENCED_PRONOUN = re.compile(r"\bsentenced\s+(?:him|her|them)\b", re.IGNORECASE)
_EN_PERSON = re.compile(
    r"\b(?:surnamed|defendant|Mr\.?|Ms\.?|Mrs\.?)\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)
_UNNAMED_ROLE = re.compile(
    r"(?:(?:its|their|the|his|her)\s+)?(?:person\s+in\s+charge|responsible\s+person|person\s+"
    r"(?:directly\s+)?responsible)",
    re.IGNORECASE,
)
_HONORIFIC = re.compile(r"^(?:Mr|Ms|Mrs|Miss|Dr)\.?\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_VERB_PREFIX = re.compile(r"^.*(?:判处|判决|判令|裁定|处以|给予|责令|决定|依法|要求|对|向)")
"""What goes before a name in "法院判处深圳某某公司…": the verb, not the payer's name."""
_CJK_NOT_A_NAME = re.compile(r"判处|处以|罚款|罚金|没收|责令|给予|对其|依法|决定|并处|^该|^其")
_COMMON = frozenset(
    [
        "company",
        "companies",
        "firm",
        "firms",
        "business",
        "operator",
        "operators",
        "platform",
        "platforms",
        "fined",
        "fine",
        "fines",
        "penalty",
        "penalised",
        "penalized",
        "punished",
        "ordered",
        "sentenced",
        "defendant",
        "defendants",
        "bank",
        "insurer",
        "app",
        "apps",
        "regulator",
        "authority",
        "authorities",
        "court",
        "bureau",
        "administration",
        "it",
        "its",
        "he",
        "she",
        "they",
        "them",
        "him",
        "her",
        "this",
        "that",
        "these",
        "those",
        "who",
        "which",
        "what",
    ]
)
"""Capitalised at a sentence's start, these words name no payer ("Company", "Fined")."""
_PAYER_AFTER = re.compile(
    r"^\s*(?:each\s+)?(?:(?:fine|penalty)\s+)?(?:(?:was|were|has\s+been|had\s+been)\s+)?"
    r"(?:(?:imposed|levied)\s+)?(?:on|against|upon)\s+(?:the\s+)?",
    re.IGNORECASE,
)
"""What names the payer after the amount: "RMB 500,000 on ...", "a RMB 500,000 fine imposed on"."""
_CJK_ANAPHOR = re.compile(r"该(?:公司|企业|平台|银行)|其")
_CJK_PERSON = re.compile(
    r"(?:^|(?<=[\s，,。；;：:、“”\"(（对向])|(?<=被告人|当事人|嫌疑人|行为人)|"
    r"(?<=被告|男子|女子|员工|罪犯|经理|主管|董事|监事|职员|股东)|(?<=负责人|责任人|董事长|总经理)|"
    r"(?<=法定代表人))"
    r"(?P<name>[\u4e00-\u9fff]某{1,2})(?!公司|企业|平台|银行|机构|医院|学校|单位|店|集团|网站|动物园|科技)"
)
"""A person named as Chinese reports name them: 张某, 李某某."""
NOT_NAMED = "not named"
"""The bearer of an amount whose payer the text does not name."""
_SENTENCED = re.compile(
    r"\bsentenced\s+(?:the\s+|a\s+)?(?:defendants?\s+|(?:wo)?man\s+)?(?:(?:sur)?named\s+)?"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
)
_PASSIVE = re.compile(
    r"\b(?:was|were|has been|have been|had been|is|are|being|got|get)\s+"
    r"(?:(?:also|each|respectively|jointly|further|then|\w+ly)\s+)?"
    r"(?:fined|ordered\s+to\s+pay|penali[sz]ed|punished|sentenced|required\s+to\s+pay)\b",
    re.IGNORECASE,
)
_ACTIVE = re.compile(
    r"\b(?:fined|ordered)\s+(?P<object>(?:the\s+|a\s+|an\s+)?[^,;:]{2,60}?)\s+"
    r"(?:to\s+pay\s+)?(?:a\s+(?:fine|total)\s+of\s+)?$"
)
_HEADLINE_BEARER = re.compile(
    r"^(?P<subject>.+?)\s+(?:Fined|Penali[sz]ed|Punished|Ordered to Pay|Pays|Sentenced)\b"
)
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\b(?:that|which|who|whereas|while|Meanwhile|meanwhile)\s+")
_VERBISH = re.compile(
    r"\s+(?:used|uses|using|collected|collects|had|has|have|did|does|failed|fails|illegally|"
    r"provided|provides|sold|sells|refused|refuses|installed|was|were|is|are|\w+ed)\b.*$"
)
_INDIVIDUAL = re.compile(
    r"\b(?:persons?|individuals?|people|employees?|executives?|managers?|staff|officers?|"
    r"directors?|Mr|Ms|Mrs|Miss|defendants?|suspects?|husband|wife|he|she|person in charge)\b",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"\bthe\s+(?:bank|company|platform|enterprise|firm|operator|insurer)\b", re.IGNORECASE
)


def payer_of(
    sentence: str,
    money: Money,
    kind: PenaltyKind,
    headline: str,
    main_entity: str | None,
    gazetteer: Gazetteer,
    earlier: str = "",
) -> tuple[str, BearerType]:
    """Who pays ``money`` in ``sentence``; ``earlier`` is the item's text before it, where
    "the company" or "him" points back to."""
    subject, individual = _payer(sentence, money, kind, headline, main_entity, gazetteer, earlier)
    if not subject or not is_named_payer(subject, gazetteer):
        return NOT_NAMED, BearerType.INDIVIDUAL if individual else BearerType.ENTITY
    return subject, BearerType.INDIVIDUAL if individual else BearerType.ENTITY


def _payer(
    sentence: str,
    money: Money,
    kind: PenaltyKind,
    headline: str,
    main_entity: str | None,
    gazetteer: Gazetteer,
    earlier: str,
) -> tuple[str | None, bool]:
    before = sentence[: money.start]
    subject: str | None = None
    individual = False
    on = _PAYER_AFTER.match(sentence[money.end :])
    if on:
        # "imposed a fine of RMB 500,000 on Shenzhen Lianxin Technology Co., Ltd."
        rest = sentence[money.end + on.end() :]
        company = _COMPANY.match(rest)
        if company:
            return _known_entity(company.group("name").strip(" ,"), gazetteer), False
    sentenced = _SENTENCED.search(before)
    if kind is PenaltyKind.CRIMINAL_FINE and sentenced:
        subject, individual = sentenced.group("name"), True
    elif kind is PenaltyKind.CRIMINAL_FINE and _SENTENCED_PRONOUN.search(before):
        # "convicted a defendant surnamed Zhang ... and sentenced him to ... a fine"
        person = _person_named_in(f"{earlier} {before}")
        if person is not None:
            return person, True
    if subject is None:
        passive = list(_PASSIVE.finditer(before))
        if passive:
            subject = _subject(before[: passive[-1].start()])
    if subject is None:
        active = _ACTIVE.search(before)
        if active:
            subject = active.group("object")
    if subject is None:
        from_headline = _HEADLINE_BEARER.search(headline)
        if from_headline:
            subject = _clean(from_headline.group("subject"))
    if subject and (_POINTS_BACK.fullmatch(_clean(subject)) or _CJK_NOT_A_NAME.search(subject)):
        # "the company was fined", "sentenced him": whom the item named before.
        named = _named_in(f"{earlier} {before}") or _named_in(headline)
        if named is not None:
            return named
        subject = main_entity if main_entity and _ANAPHOR.search(subject) else None
    if subject and main_entity and _ANAPHOR.search(subject):
        subject = _ANAPHOR.sub(main_entity, subject)  # "persons responsible at the bank"
    subject = _clean(subject) if subject else subject
    role = bool(subject and _ROLE_PAYER.search(subject) and not _ANAPHOR.search(subject))
    named = _named_in(before)
    if named is not None and not role and not (kind is PenaltyKind.CRIMINAL_FINE and sentenced):
        # A company named by its legal form (or a person, 张某) beats a vaguer subject
        # ("the market regulator", "the company"), not a known entity it does not contain,
        # nor a person by role nearer the amount ("and fined the person in charge").
        name, is_person = named
        known = bool(subject and gazetteer.find("entities", subject) and name not in subject)
        if not subject or (not known and (not is_person or _ANAPHOR.fullmatch(subject))):
            subject, individual = name, is_person
    if not subject or _CJK_ANAPHOR.fullmatch(subject):
        # "该公司被罚": the company the item or its headline names.
        named_before = _named_in(f"{earlier} {before}") or _named_in(headline)
        if named_before is not None:
            subject, individual = named_before
    if not subject:
        return main_entity, False
    individual = individual or bool(_INDIVIDUAL.search(subject)) or role
    if not individual:
        entities = gazetteer.find("entities", subject)
        if len(entities) == 1:
            subject = entities[0]
    if individual:
        subject = _HONORIFIC.sub("", _strip_place(subject, gazetteer))
        if _UNNAMED_ROLE.fullmatch(subject):
            subject = "person in charge"  # "its responsible person", "the person in charge"
    return subject, individual


def _person_named_in(text: str) -> str | None:
    """The person named last in ``text``: "surnamed Zhang", "defendant Li", "Mr. Wang", 张某."""
    found = [(m.start(), m.group("name")) for m in _EN_PERSON.finditer(text)]
    found += [(m.start(), m.group("name")) for m in _CJK_PERSON.finditer(text)]
    return max(found)[1] if found else None


def is_named_payer(subject: str, gazetteer: Gazetteer) -> bool:
    """A named entity or person, or a person by role; not a verb or a common noun."""
    if _CJK.search(subject):
        return bool(_CJK_PERSON.search(subject)) or not _CJK_NOT_A_NAME.search(subject)
    if gazetteer.find("entities", subject) or _COMPANY.search(subject):
        return True
    if _ROLE_PAYER.search(subject):
        return True
    words = [w.strip(".,'’()") for w in subject.split()]
    proper = [
        w
        for w in words
        if w[:1].isupper() and w.casefold() not in _ROLE_WORDS and w.casefold() not in _COMMON
    ]
    return bool(proper)


def _known_entity(name: str, gazetteer: Gazetteer) -> str:
    entities = gazetteer.find("entities", name)
    return entities[0] if len(entities) == 1 else name


def _named_in(before: str) -> tuple[str, bool] | None:
    """The company or person named nearest before an amount: (name, is a person)."""
    companies = [
        (m.start(), name)
        for m in _COMPANY.finditer(before)
        if (name := _CJK_VERB_PREFIX.sub("", m.group("name")).strip(" ,"))
        and not _CJK_ANAPHOR.match(name)
        and name not in ("公司", "集团")
    ]
    people = list(_CJK_PERSON.finditer(before))
    company = companies[-1] if companies else None
    person = people[-1] if people else None
    if company is not None and (person is None or company[0] >= person.start()):
        return company[1], False
    if person is not None:
        return person.group("name"), True
    return None


def _subject(fragment: str) -> str | None:
    """The subject of a passive verb, from the text before it in the sentence."""
    parts = [p for p in _CLAUSE_BREAK.split(fragment) if p and p.strip()]
    subject = parts[-1].strip() if parts else ""
    if re.search(r"\band$", subject) or not subject:
        # "X used ... and was fined": the subject opens the clause.
        opening = parts[-1] if parts else fragment
        subject = _VERBISH.sub("", opening.strip())
    return _clean(subject) or None


def _clean(subject: str) -> str:
    subject = re.sub(r"^(?:and|but|then|also)\s+", "", subject.strip(), flags=re.IGNORECASE)
    subject = re.sub(r"^(?:a|an|the)\s+", "", subject, flags=re.IGNORECASE)
    subject = subject.strip(" ,.;:\"'“”")
    words = subject.split()
    if not words or len(words) > 12:
        return ""
    return subject[:1].upper() + subject[1:]


def _strip_place(subject: str, gazetteer: Gazetteer) -> str:
    match = re.match(r"^(?P<who>.+?)\s+(?:in|from|of)\s+(?P<place>[A-Z][\w' -]+)$", subject)
    if match and gazetteer.canonical("regions", match.group("place")):
        return match.group("who")
    return subject
