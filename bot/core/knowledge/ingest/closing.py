"""What ends an item or is none: commentary inside or around the items ("Our view: ...",
编者按), sign-offs ("Thank you for reading"), a newsletter's furniture ("Related posts",
"Site news", 往期推荐) and the publisher's own posts ("Sponsored: ...")."""

from __future__ import annotations

import re

from bot.core.knowledge.ingest.penalties import split_sentences

COMMENTARY_LABEL = re.compile(
    r"^(?:\*\*|__)?(?:our\s+views?|our\s+comments?|our\s+take|comments?|commentary|"
    r"analysis|action\s+points?|key\s+takeaways?|takeaways?|what\s+this\s+means|"
    r"practical\s+tips|recommendations?|in\s+this\s+issue|contents|disclaimer|contacts?|"
    r"contact\s+us|about\s+us|点评|评论|律师点评|简评|分析|建议|观点|本期要点|目录|免责声明)"
    r"(?:\*\*|__)?\s*[:：]|^(?:编者按|导读|前言|引言|按语)",
    re.IGNORECASE,
)
"""A paragraph that opens commentary inside an item ("Our view: ...") or around the items."""
_SIGN_OFF = re.compile(
    r"^(?:thanks?\s+(?:you\s+)?for\s+reading|you\s+(?:are\s+)?receiv\w+\s+this|"
    r"we\s+will\s+(?:continue\s+to\s+)?(?:monitor|follow|keep)|if\s+you\s+have\s+any\s+"
    r"questions|should\s+you\s+have\s+any|for\s+(?:more|further)\s+information|"
    r"(?:kind|best|warm)\s+regards|feel\s+free\s+to\s+contact|do\s+not\s+hesitate|"
    r"this\s+(?:newsletter|update|alert|publication)\s+(?:is|was|does)|"
    r"如(?:需|有)(?:任何)?(?:疑问|问题|进一步)|本文(?:仅供|不构成)|欢迎(?:联系|垂询))",
    re.IGNORECASE,
)
FURNITURE = re.compile(
    r"^(?:related\s+(?:posts?|articles?|stories|reading|content)|recommended(?:\s+(?:reading|"
    r"for\s+you))?|you\s+(?:may|might)\s+also\s+like|more\s+(?:from|on)\s+\w+|read\s+also|"
    r"popular\s+(?:posts?|articles?)|site\s+news|往期(?:推荐|回顾|精选)|推荐阅读|相关阅读|"
    r"延伸阅读|热门文章)\W*$",
    re.IGNORECASE,
)
"""A heading over a newsletter's furniture (related posts, site news): what follows it, up
to the next item, is no development and no item's text."""
SITE_POST = re.compile(
    r"^(?:site\s+news|housekeeping|sponsored(?:\s+content)?|advertisement|advertorial|"
    r"related\s+posts?|editor'?s\s+note|广告|推广|往期推荐|本站(?:公告|消息))\s*[:：|–—-]",
    re.IGNORECASE,
)
"""An item titled as the publisher's own news ("Site news: we have moved", "Sponsored: ...")."""


def sign_off(text: str) -> bool:
    """A closing line ("We will continue to monitor ...", "Thank you for reading.")."""
    return len(text) < 300 and any(_SIGN_OFF.match(sentence) for sentence in split_sentences(text))
