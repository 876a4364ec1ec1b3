"""Monetary penalties in an item's text: amount, kind and who pays, read from context.

The kind comes from the nearest cue before the amount in its sentence ("fined" -> fine,
"confiscated" -> confiscation, "pay ... as the compensation" -> compensation); a fine in
a sentence that also hands down a sentence ("sentenced ... to one year in prison") is a
criminal fine. Amounts without any such cue (an illegal profit, a market size) are not
penalties. The bearer is the subject of "was fined" / "was ordered to pay", the person
"sentenced", the headline's "X Fined", or else the item's main entity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.amounts import Money, find_money
from bot.core.knowledge.model import BearerType, Penalty, PenaltyKind

_CUES: tuple[tuple[PenaltyKind, re.Pattern[str]], ...] = (
    (PenaltyKind.CONFISCATION, re.compile(r"confiscat\w*|forfeit\w*|没收", re.IGNORECASE)),
    (PenaltyKind.COMPENSATION, re.compile(r"compensat\w*|damages|赔偿", re.IGNORECASE)),
    (
        PenaltyKind.FINE,
        re.compile(
            r"\bfin(?:e|ed|es|ing)\b|\bpenalt(?:y|ies)\b|\bpenali[sz]ed\b|罚款|罚金|处罚",
            re.IGNORECASE,
        ),
    ),
)
_AFTER_CUES: tuple[tuple[PenaltyKind, re.Pattern[str]], ...] = (
    (
        PenaltyKind.COMPENSATION,
        re.compile(
            r"^\W*(?:(?:as|in)\s+(?:the\s+)?(?:compensation|damages)|(?:to|for)\s+(?:the\s+)?"
            r"compensat\w*|in\s+compensat\w*)|^\s*(?:作为)?(?:的)?(?:赔偿|补偿)",
            re.IGNORECASE,
        ),
    ),
    (
        PenaltyKind.CONFISCATION,
        re.compile(
            r"^\W*(?:of\s+)?(?:illegal\s+\w+\s+)?(?:was|were)\s+"
            r"confiscated",
            re.IGNORECASE,
        ),
    ),
    (
        PenaltyKind.FINE,
        re.compile(r"^\W*(?:in\s+)?(?:fines?|penalt(?:y|ies))\b|^\s*的?(?:罚款|罚金)", re.I),
    ),
)
_STATUTORY_BEFORE = re.compile(
    r"(?:\bup\s+to|\bas\s+much\s+as|\bmaximum(?:\s+\w+){0,2}\s+of|\bmax\.?|\bno\s+more\s+than"
    r"|\bnot\s+(?:more\s+than|exceeding)|\b(?:may|might|could|can|would|shall)\s+(?:\w+\s+){0,3}"
    r"(?:fine|impose|face|be\s+fined|be\s+ordered)\w*(?:\s+\w+){0,4}|\bliable\s+to(?:\s+\w+){0,4}"
    r"|\b(?:maximum|max\.?|ceiling|caps?|capped|statutory)\b[^.;。；]{0,35}"
    r"|最高|最多|可处|可以处|可并处|不超过|上限)[^.;。；]{0,25}$",
    re.IGNORECASE,
)
_STATUTORY_AFTER = re.compile(r"^\s*(?:以下|以内|或以下|or\s+less|at\s+most)", re.IGNORECASE)
"""A statutory maximum ("fines of up to RMB 5 million", "最高可处五千万元罚款", "处五千万元以下
罚款") is what a law allows, not a penalty imposed."""
_COMPANY = re.compile(
    r"(?P<name>(?:[A-Z0-9][\w&'’.()-]*\s+){1,8}(?:Co\.,?\s*Ltd\.?|Co\.\s*Limited|Company\s+"
    r"Limited|Limited|Ltd\.?|Inc\.|Incorporated|Corporation|Corp\.|LLC|Group\s+Co\.,?\s*Ltd\.?)"
    r"|[^\s，,。；;：:、对向被因由的是在和与及]{2,30}?(?:股份有限公司|有限责任公司|有限公司|集团|公司))"
)
"""A company named by its legal form: "... Co., Ltd.", "... Inc.", "...有限公司"."""
_CJK_EACH = re.compile(r"(?:各|分别)(?:被)?(?:处以?|罚款|罚|处罚)?(?:罚款)?\s*$")
_CJK_ROLE = re.compile(
    r"^(?:其|该公司|公司)?(?:董事长|总裁|CEO|首席执行官|总经理|副总经理|法定代表人|负责人|董事|"
    r"监事|高管|经理|主管|创始人|兼|、)*"
)
_EACH_BEFORE = re.compile(r"\b(?:each|respectively)\b", re.IGNORECASE)
_EACH_AFTER = re.compile(r"^\s*(?:each|respectively|apiece)\b", re.IGNORECASE)
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
_COMPANY_WORD = re.compile(r"\b(?:Co|Ltd|Inc|Corp|Corporation|Company|Limited|Group|LLC)\b")
_PAYER_AFTER = re.compile(r"^\s*(?:each\s+)?(?:on|against|upon)\s+(?:the\s+)?", re.IGNORECASE)
_CJK_ANAPHOR = re.compile(r"该(?:公司|企业|平台|银行)|其")
_CJK_PERSON = re.compile(
    r"(?:^|(?<=[\s，,。；;：:、“”\"(（])|(?<=被告人|当事人|嫌疑人)|(?<=被告|男子|女子|员工|罪犯))"
    r"(?P<name>[\u4e00-\u9fff]某{1,2})(?!公司|企业|平台|银行|机构|医院|学校|单位|店|集团|网站|动物园|科技)"
)
"""A person named as Chinese reports name them: 张某, 李某某."""
NOT_NAMED = "not named"
"""The bearer of an amount whose payer the text does not name."""
_CRIMINAL = re.compile(
    r"\bsentenced\b|\bprison\b|\bimprisonment\b|\bcriminal detention\b|有期徒刑|判处|拘役",
    re.IGNORECASE,
)
_SENTENCED = re.compile(
    r"\bsentenced\s+(?:the\s+)?(?:defendants?\s+)?"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
)
_PASSIVE = re.compile(
    r"\b(?:was|were|has been|have been|had been|is|are|being|got|get)\s+"
    r"(?:(?:also|each|respectively|jointly|further|then)\s+)?"
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
_SENTENCE_SPLIT = re.compile(
    r"(?<=[.!?。])\s+(?=[A-Z“\"(0-9])|(?<=[。！？；])(?=[^\s。！？；”」』）)])"
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|No|Co|Ltd|Inc|St|Jr|Corp|Art|Nos|vs|e\.g|i\.e)|\b[A-Z])\.$"
)


def find_penalties(
    text: str,
    headline: str,
    main_entity: str | None,
    gazetteer: Gazetteer,
) -> list[Penalty]:
    penalties: list[Penalty] = []
    for sentence in split_sentences(text):
        for money in find_money(sentence):
            if is_statutory_maximum(sentence, money):
                continue
            kind = _kind(sentence, money)
            if kind is None:
                continue
            people = _each_of(sentence, money)
            if people:
                bearers = [(person, BearerType.INDIVIDUAL) for person in people]
            else:
                bearers = [_bearer(sentence, money, kind, headline, main_entity, gazetteer)]
            for bearer, bearer_type in bearers:
                penalty = Penalty(
                    amount=money.amount,
                    amount_max=money.amount_max,
                    currency=money.currency,
                    kind=kind,
                    bearer=bearer,
                    bearer_type=bearer_type,
                )
                if penalty not in penalties:
                    penalties.append(penalty)
    return penalties


def _each_of(sentence: str, money: Money) -> list[str]:
    """The people who each pay the amount: "Chairman Cheng Wei and president Liu Qing were
    each fined RMB 1 million" -> ["Cheng Wei", "Liu Qing"]; [] when not so."""
    before = sentence[: money.start]
    cjk_each = _CJK_EACH.search(before)
    if cjk_each:
        # "对其董事长兼CEO程维、总裁柳青各处人民币100万元罚款"
        clause = re.split(r"[对向，,；;]", before[: cjk_each.start()])[-1]
        people = [_CJK_ROLE.sub("", part) for part in re.split(r"[、和及与]", clause)]
        people = [p for p in people if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", p)]
        return people if len(people) >= 2 else []
    if not (
        _EACH_BEFORE.search(before[-40:]) or _EACH_AFTER.match(sentence[money.end : money.end + 20])
    ):
        return []
    passive = list(_PASSIVE.finditer(before))
    if passive:
        clause = before[: passive[-1].start()]
    else:
        active = list(re.finditer(r"\b(?:fined|ordered)\b", before))
        clause = before[active[-1].end() :] if active else before
    clause = re.split(r"[;:]", clause)[-1]
    names: list[str] = []
    for run in _CAPITALISED_RUN.finditer(clause):
        words = [w for w in run.group(0).split() if w.casefold() not in _ROLE_WORDS]
        if len(words) >= 2 and not _COMPANY_WORD.search(" ".join(words)):
            names.append(" ".join(words))
    return names if len(names) >= 2 else []


def is_statutory_maximum(sentence: str, money: Money) -> bool:
    """The amount is the most a law allows, not an amount imposed."""
    return bool(
        _STATUTORY_BEFORE.search(sentence[max(0, money.start - 80) : money.start])
        or _STATUTORY_AFTER.match(sentence[money.end : money.end + 10])
    )


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, not cut after "Mr." / "Co." and the like."""
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        pending = ""
        for piece in _SENTENCE_SPLIT.split(paragraph):
            pending = f"{pending} {piece}" if pending else piece
            if not _ABBREVIATION.search(pending):
                out.append(pending.strip())
                pending = ""
        if pending.strip():
            out.append(pending.strip())
    return [s for s in out if s]


def _kind(sentence: str, money: Money) -> PenaltyKind | None:
    after = sentence[money.end : money.end + 60]
    for kind, cue in _AFTER_CUES:
        if cue.search(after):
            return _criminal(kind, sentence)
    before = sentence[: money.start]
    nearest: tuple[int, PenaltyKind] | None = None
    for kind, cue in _CUES:
        for match in cue.finditer(before):
            if nearest is None or match.start() > nearest[0]:
                nearest = (match.start(), kind)
    if nearest is None:
        return None
    return _criminal(nearest[1], sentence)


def _criminal(kind: PenaltyKind, sentence: str) -> PenaltyKind:
    if kind is PenaltyKind.FINE and _CRIMINAL.search(sentence):
        return PenaltyKind.CRIMINAL_FINE
    return kind


def _bearer(
    sentence: str,
    money: Money,
    kind: PenaltyKind,
    headline: str,
    main_entity: str | None,
    gazetteer: Gazetteer,
) -> tuple[str, BearerType]:
    before = sentence[: money.start]
    subject: str | None = None
    individual = False
    on = _PAYER_AFTER.match(sentence[money.end :])
    if on:
        # "imposed a fine of RMB 500,000 on Shenzhen Lianxin Technology Co., Ltd."
        rest = sentence[money.end + on.end() :]
        company = _COMPANY.match(rest)
        if company:
            return _known_entity(company.group("name").strip(" ,"), gazetteer), BearerType.ENTITY
    sentenced = _SENTENCED.search(before)
    if kind is PenaltyKind.CRIMINAL_FINE and sentenced:
        subject, individual = sentenced.group("name"), True
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
    if subject and main_entity and _ANAPHOR.search(subject):
        subject = _ANAPHOR.sub(main_entity, subject)
    subject = _clean(subject) if subject else subject
    named = _named_in(before)
    if named is not None and not (kind is PenaltyKind.CRIMINAL_FINE and sentenced):
        # A company named by its legal form (or a person, 张某) beats a vaguer subject
        # ("the market regulator", "the company"), not a known entity it does not contain.
        name, is_person = named
        known = bool(subject and gazetteer.find("entities", subject) and name not in subject)
        if not subject or (not known and (not is_person or _ANAPHOR.fullmatch(subject))):
            subject, individual = name, is_person
    if not subject or _CJK_ANAPHOR.fullmatch(subject):
        # "该公司被罚": the company the headline names.
        named_in_headline = _named_in(headline)
        if named_in_headline is not None:
            subject, individual = named_in_headline
    if not subject:
        return (main_entity or NOT_NAMED), BearerType.ENTITY
    individual = individual or bool(_INDIVIDUAL.search(subject))
    if not individual:
        entities = gazetteer.find("entities", subject)
        if len(entities) == 1:
            subject = entities[0]
    if individual:
        subject = _strip_place(subject, gazetteer)
    return subject, BearerType.INDIVIDUAL if individual else BearerType.ENTITY


def _known_entity(name: str, gazetteer: Gazetteer) -> str:
    entities = gazetteer.find("entities", name)
    return entities[0] if len(entities) == 1 else name


def _named_in(before: str) -> tuple[str, bool] | None:
    """The company or person named nearest before an amount: (name, is a person)."""
    companies = list(_COMPANY.finditer(before))
    people = list(_CJK_PERSON.finditer(before))
    company = companies[-1] if companies else None
    person = people[-1] if people else None
    if company is not None and (person is None or company.start() >= person.start()):
        return company.group("name").strip(" ,"), False
    if person is not None:
        return person.group("name"), True
    return None


def _subject(fragment: str) -> str | None:
    """The subject of a passive verb, from the text before it in the sentence."""
    parts = _CLAUSE_BREAK.split(fragment)
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


def penalty_conflict(a: Sequence[Penalty], b: Sequence[Penalty]) -> bool:
    """Both report penalties and no amount of one appears in the other."""
    if not a or not b:
        return False
    amounts_a = {p.amount for p in a} | {p.amount_max for p in a if p.amount_max}
    amounts_b = {p.amount for p in b} | {p.amount_max for p in b if p.amount_max}
    return not amounts_a & amounts_b
