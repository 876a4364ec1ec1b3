"""The comment deadline of a draft, when a report gives it: "comments until 20 June 2022",
"the public may comment by June 20", "征求意见截止2022年6月20日", "意见反馈截止时间为6月20日".

A date counts when a comment cue comes right before it, or when the sentence names comments
(opinions, feedback, consultation, 意见) before it and a word of time limit ("until", "by",
"before", "due", "截止", "前") leads to it: "released ... to solicit public opinions until 29
September 2022", "feedback may be submitted before 5 May". A year left out is the one
that puts the deadline within the ten months after the report's date (a comment period is
never long). Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core.knowledge.ingest.dates import YearMonth, find_dates, resolve

_CUE = re.compile(
    r"(?:"
    r"comments?\s+(?:are\s+|can\s+be\s+|may\s+be\s+)?"
    r"(?:welcomed?\s+|invited\s+|accepted\s+|due\s+|open\s+|submitted\s+)?"
    r"(?:until|till|by|before|through|no\s+later\s+than)"
    r"|comment\s+(?:by|until|before|no\s+later\s+than)"
    r"|comment\s+period\s+(?:ends|closes|runs\s+until|runs\s+to|lasts\s+until)"
    r"|deadline\s+for\s+(?:public\s+)?(?:comments?|feedback)\s*(?:is|:)?"
    r"|(?:征求意见|意见反馈|反馈意见)(?:的)?截止(?:日期|时间)?(?:为|是|至|：|:)?"
    r"|(?:征求意见|意见反馈)(?:时间|期限)?(?:至|截至|到)"
    r")\s*(?:on\s+)?$",
    re.IGNORECASE,
)
_LOOK_BACK = 60
_COMMENTS = re.compile(
    r"\b(?:comments?|commenting|opinions?|feedback|consultation|submissions?|views)\b|意见|征求",
    re.IGNORECASE,
)
_LIMIT = re.compile(
    r"(?:\buntil|\btill|\bby|\bbefore|\bthrough|\bno\s+later\s+than|\bclos(?:es|ing|e)|\bends?"
    r"|\bdue|\bdeadline|截止|截至|至|于)(?:\s+(?:on|is|date|of))*\s*(?:时间|日期)?(?:为|是)?"
    r"\s*[:：]?\s*$",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"[.!?。！？；;]\s+(?=[A-Z“\"])|[。！？；]")


def comment_deadline(text: str, reported: dt.date) -> dt.date | None:
    """The last day for comments named in ``text`` (a report dated ``reported``), if any."""
    for mention in find_dates(text):
        if mention.day is None:
            continue
        before = text[max(0, mention.start - _LOOK_BACK) : mention.start]
        if _CUE.search(before) or _limit_on_comments(text, mention.start):
            return resolve(mention, YearMonth(reported.year, reported.month), back=1, ahead=10)
    return None


def _limit_on_comments(text: str, at: int) -> bool:
    """In the sentence up to ``at``: comments named, then a time limit leading to ``at``."""
    starts = [m.end() for m in _SENTENCE_START.finditer(text, 0, at)]
    sentence = text[starts[-1] if starts else 0 : at]
    return bool(_COMMENTS.search(sentence) and _LIMIT.search(sentence[-40:]))
