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
from bot.core.knowledge.ingest.cjk_payers import bilingual_names, linked_payer
from bot.core.knowledge.ingest.each_payers import UNTOLD_NOTE, each_of
from bot.core.knowledge.ingest.payers import NOT_NAMED, payer_of
from bot.core.knowledge.model import Penalty, PenaltyKind

__all__ = ["NOT_NAMED", "find_penalties", "is_statutory_maximum", "split_sentences"]

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
_CONVERSION_GAP = re.compile(
    r"\s*[(（\[]\s*(?:[~≈约]|approx(?:imately|\.)?|about|around|roughly|some|equivalent\s+to|"
    r"i\.e\.,?|or|即|折合|合)?[^()（）\[\]\d]{0,12}?",
    re.IGNORECASE,
)
_STATUTORY_AFTER = re.compile(r"^\s*(?:以下|以内|或以下|or\s+less|at\s+most)", re.IGNORECASE)
"""A statutory maximum ("fines of up to RMB 5 million", "最高可处五千万元罚款", "处五千万元以下
罚款") is what a law allows, not a penalty imposed."""
_CRIMINAL = re.compile(
    r"\bsentenced\b|\bprison\b|\bimprisonment\b|\bcriminal detention\b|有期徒刑|判处|拘役",
    re.IGNORECASE,
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
    earlier = ""  # the item's text before the sentence: where "the company" points back to
    names = bilingual_names(text, gazetteer) | bilingual_names(headline, gazetteer)
    for sentence in split_sentences(text):
        found = find_money(sentence)
        imposed = [
            (money, kind)
            for money in found
            if not is_statutory_maximum(sentence, money)
            and not is_conversion(sentence, money, found)
            and (kind := _kind(sentence, money)) is not None
        ]
        for money, kind in imposed:
            each = each_of(sentence, money, [m for m, _ in imposed])
            bearers = each.payers if each and not each.untold else []
            if not bearers:
                read = payer_of(sentence, money, kind, headline, main_entity, gazetteer, earlier)
                group = each.payers[0] if each and each.payers else None
                # payers not told apart: the words for them all, unless the payer read
                # says as much ("persons responsible at the bank" -> "... at X Bank")
                apt = group is None or (read[0] != NOT_NAMED and read[1] == group[1])
                bearers = [read if apt or group is None else group]
            for bearer, bearer_type in bearers:
                penalty = Penalty(
                    amount=money.amount,
                    amount_max=money.amount_max,
                    currency=money.currency,
                    kind=kind,
                    bearer=linked_payer(bearer, names, gazetteer),
                    bearer_type=bearer_type,
                    note=UNTOLD_NOTE if each and each.untold else None,
                )
                if penalty not in penalties:
                    penalties.append(penalty)
        earlier = f"{earlier} {sentence}"
    return penalties


def is_conversion(sentence: str, money: Money, found: Sequence[Money]) -> bool:
    """An amount in parentheses right after another ("RMB 8 billion (~USD 1.2 billion)",
    "RMB 200,000 (人民币20万元)") restates it: a conversion, not a second penalty."""
    earlier = [m for m in found if m.end <= money.start]
    if not earlier:
        return False
    between = sentence[earlier[-1].end : money.start]
    return bool(_CONVERSION_GAP.fullmatch(between))


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


def penalty_conflict(a: Sequence[Penalty], b: Sequence[Penalty]) -> bool:
    """Both report penalties and no amount of one appears in the other."""
    if not a or not b:
        return False
    amounts_a = {p.amount for p in a} | {p.amount_max for p in a if p.amount_max}
    amounts_b = {p.amount for p in b} | {p.amount_max for p in b if p.amount_max}
    return not amounts_a & amounts_b
