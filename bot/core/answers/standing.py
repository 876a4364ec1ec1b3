"""Where a text stands: questions about a draft's comment deadline ("when are comments due
on ...?"), whether a text is final or in force ("is the standard final?"), and its status
("what is the status of the CBIRC draft?").

Answered from the record's ``status``, ``comment_deadline`` and ``effective_date`` only,
never from its publication date: a record that does not say is answered "the newsletters
do not say", not with a date that answers another question. No I/O.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from bot.core.answers.answer import DirectAnswer
from bot.core.answers.chinese import title_in
from bot.core.answers.citations import cite, when_label
from bot.core.answers.intent import Ask, Intent
from bot.core.knowledge.model import Development, Status
from bot.core.knowledge.store import Store
from bot.core.labels import STATUS_LABELS, STATUS_LABELS_ZH, Language, format_day_in


class Stage(StrEnum):
    COMMENTS = "comments"  # when the comment period closes
    FINAL = "final"  # whether it is final (adopted)
    IN_FORCE = "in_force"  # whether it is in force
    STILL_DRAFT = "still_draft"  # whether it is still a draft
    STATUS = "status"  # where it stands


_I = re.IGNORECASE
_COMMENTS = re.compile(
    r"\bcomments?\s+(?:are\s+|is\s+)?(?:due|close|closes|deadline|period|by)\b|"
    r"\bcomment(?:ing)?\s+(?:deadline|period|window)\b|\bdeadline\s+for\s+(?:comments|feedback)\b|"
    r"\bconsultation\s+(?:close|closes|closing|end|ends|deadline|period)\b|"
    r"\bfeedback\s+(?:due|deadline)\b|意见反馈|征求意见截止|截止(?:时间|日期)?",
    _I,
)
_STILL_DRAFT = re.compile(
    r"\bstill\s+(?:a\s+|in\s+)?draft\b|\bstill\s+open\s+for\s+comment\b|还是草案|仍是征求意见稿|还在征求意见",
    _I,
)
_IN_FORCE = re.compile(r"\bin\s+force\b|\beffective\b|\bin\s+effect\b|生效|施行", _I)
_FINAL = re.compile(
    r"\b(?:final|finali[sz]ed|adopted|passed|enacted|official|issued)\b|正式|定稿|通过", _I
)
_STATUS = re.compile(
    r"\bstatus\b|\bwhere\s+(?:does|do|is|are)\b.*\bstand\b|\bstage\b|\bprogress\b|现状|进展|状态",
    _I,
)


def stage_asked(text: str, intent: Intent) -> Stage | None:
    """Which question about a text's standing ``text`` asks, if any."""
    if _COMMENTS.search(text) and intent.ask in (Ask.WHEN, Ask.WHAT, Ask.WHETHER):
        return Stage.COMMENTS
    if intent.ask is Ask.WHETHER:
        for stage, words in (
            (Stage.STILL_DRAFT, _STILL_DRAFT),
            (Stage.IN_FORCE, _IN_FORCE),
            (Stage.FINAL, _FINAL),
        ):
            if words.search(text):
                return stage
    if _STATUS.search(text) and intent.ask in (Ask.WHAT, Ask.WHICH, Ask.WHETHER):
        return Stage.STATUS
    return None


def _label(dev: Development, language: Language) -> str:
    if dev.status is None:
        return ""
    return (STATUS_LABELS_ZH if language == "zh" else STATUS_LABELS)[dev.status]


def _standing(dev: Development, today: date, language: Language) -> str:
    """Where it stands with the dates that go with it: "it is a draft for comment; the
    newsletters give no comment deadline"."""
    zh = language == "zh"
    if dev.status is None:
        return "新闻稿未说明其所处阶段" if zh else "the newsletters do not say where it stands"
    label = _label(dev, language)
    article = "a " if dev.status is Status.DRAFT and not zh else ""
    parts = [label if zh else f"it is {article}{label}"]
    if dev.status is Status.DRAFT:
        parts.append(_deadline(dev, today, language))
    if dev.effective_date is not None:
        day = format_day_in(dev.effective_date, language)
        if zh:
            parts.append(f"{day}起施行" if dev.effective_date > today else f"自{day}起施行")
        else:
            verb = "takes" if dev.effective_date > today else "took"
            parts.append(f"it {verb} effect on {day}")
    return ("，" if zh else "; ").join(parts)


def _deadline(dev: Development, today: date, language: Language) -> str:
    zh = language == "zh"
    if dev.comment_deadline is None:
        return "新闻稿未载明意见反馈截止日期" if zh else "the newsletters give no comment deadline"
    day = format_day_in(dev.comment_deadline, language)
    if zh:
        return f"意见反馈截止{day}" + ("（已截止）" if dev.comment_deadline < today else "")
    if dev.comment_deadline < today:
        return f"comments were due by {day} (now closed)"
    return f"comments are due by {day}"


def _sentence(lead: str, fact: str, dev: Development, language: Language) -> str:
    """The fact first, then the development it is about, with its date."""
    if language == "zh":
        return f"{lead}{fact}。{title_in(dev, language)}（{when_label(dev, language)}）。"
    fact = fact[:1].upper() + fact[1:] if not lead else fact
    return f"{lead}{fact}. {dev.title} ({when_label(dev, language)})."


def answer_stage(
    stage: Stage, dev: Development, store: Store, today: date, language: Language
) -> DirectAnswer:
    zh = language == "zh"
    citation = (cite(dev, store, language=language),)
    if stage is Stage.COMMENTS:
        if dev.status is not None and dev.status is not Status.DRAFT:
            lead = "不是征求意见稿：" if zh else "It is not a draft for comment: "
            fact = _standing(dev, today, language)
        else:
            lead, fact = "", _deadline(dev, today, language)
        return DirectAnswer(Ask.WHEN.value, _sentence(lead, fact, dev, language), citation)
    standing = _standing(dev, today, language)
    if stage is Stage.STATUS or dev.status is None:
        return DirectAnswer(Ask.WHAT.value, _sentence("", standing, dev, language), citation)
    adopted = dev.status in (Status.ADOPTED, Status.IN_FORCE)
    in_force = dev.status is Status.IN_FORCE or (
        adopted and dev.effective_date is not None and dev.effective_date <= today
    )
    if stage is Stage.STILL_DRAFT:
        yes = dev.status in (Status.DRAFT, Status.PROPOSED)
    elif stage is Stage.IN_FORCE:
        yes = in_force
    else:
        yes = adopted
    # adopted, and no date of effect given: whether it is in force is not known
    unknown = stage is Stage.IN_FORCE and dev.status is Status.ADOPTED and not yes
    unknown = unknown and dev.effective_date is None
    if zh:
        lead = "不确定：" if unknown else "是：" if yes else "否："
        fact = standing + ("，新闻稿未载明施行日期" if unknown else "")
    else:
        lead = "Not known: " if unknown else "Yes: " if yes else "No: "
        if not yes and not unknown and adopted and stage is Stage.IN_FORCE:
            lead = "Not yet: "
        fact = standing + ("; the newsletters give no date it takes effect" if unknown else "")
    return DirectAnswer(Ask.WHETHER.value, _sentence(lead, fact, dev, language), citation)
