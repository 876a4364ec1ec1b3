"""The comment deadline of a draft, when a report gives it: "comments until 20 June 2022",
"the public may comment by June 20", "征求意见截止2022年6月20日", "意见反馈截止时间为6月20日".

A date counts only when a comment cue comes right before it; a year left out is the one
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


def comment_deadline(text: str, reported: dt.date) -> dt.date | None:
    """The last day for comments named in ``text`` (a report dated ``reported``), if any."""
    for mention in find_dates(text):
        if mention.day is None:
            continue
        if _CUE.search(text[max(0, mention.start - _LOOK_BACK) : mention.start]):
            return resolve(mention, YearMonth(reported.year, reported.month), back=1, ahead=10)
    return None
