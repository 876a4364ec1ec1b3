"""How sure ``ingest`` is that an item is a development of its own, and why not more.

Each new development carries a ``Confidence`` (a score from 0 to 1 and its reasons); the
reasons are review flags too. What lowers it:

- a title that reads like a heading or a sub-heading ("WHAT HAPPENED", "TOP STORY",
  "Related posts", "往期推荐") rather than a development;
- no date anywhere in the item (it was given the issue's month);
- no text under the title;
- an item far shorter or far longer than the other items of its newsletter;
- text that interleaves two columns read straight across (``interleave``: small words
  that never stand side by side, sentence openers inside sentences, long unpunctuated runs);
- a second amount in parentheses, read as a conversion of the first (worth a look).

Below ``CONFIDENCE_THRESHOLD`` the review card lists the record apart as "probably not a
development".
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from bot.core.knowledge.gazetteer import Gazetteer
from bot.core.knowledge.ingest.amounts import find_money
from bot.core.knowledge.ingest.interleave import interleaved
from bot.core.knowledge.ingest.penalties import is_conversion, split_sentences
from bot.core.knowledge.ingest.sections import (
    clean_heading,
    is_commentary,
    is_section_name,
    is_sub_heading,
)
from bot.core.knowledge.model import Confidence

HEADING_TITLE = "the title reads like a heading, not a development"
CAPS_TITLE = "the title is a short line in capitals (a heading?)"
NO_DATE = "no date in the item (dated by the issue's month)"
NO_TEXT = "no text under the title"
SHORTER = "far shorter than the other items of the newsletter"
LONGER = "far longer than the other items of the newsletter (several items run together?)"
INTERLEAVED = "the text reads as two sentences interleaved (columns read across?)"
CONVERSION = "a second amount in parentheses was read as a conversion of the first"

_WEIGHTS = {
    HEADING_TITLE: 0.6,
    CAPS_TITLE: 0.3,
    NO_DATE: 0.3,
    NO_TEXT: 0.3,
    SHORTER: 0.2,
    LONGER: 0.15,
    INTERLEAVED: 0.25,
    CONVERSION: 0.0,
}
_NEWS_HEADING = re.compile(
    r"^(?:top\s+stor(?:y|ies)|other\s+news|more\s+news|news\s+in\s+brief|in\s+brief|"
    r"spotlight|feature|cover\s+story|头条|要闻|快讯|本期聚焦)\W*$",
    re.IGNORECASE,
)
"""A newsletter's own section names that name no field ("TOP STORY", "Other news")."""


def assess(
    *,
    headline: str,
    body: str,
    dated: bool,
    sibling_lengths: Sequence[int],
    gazetteer: Gazetteer,
) -> Confidence:
    """The confidence of one item among its newsletter's items (``sibling_lengths``: the
    body length of every item of the newsletter, this one included)."""
    reasons: list[str] = []
    if heading_like(headline, gazetteer):
        reasons.append(HEADING_TITLE)
    elif _short_caps(headline):
        reasons.append(CAPS_TITLE)
    if not dated:
        reasons.append(NO_DATE)
    text = body.strip()
    if not text or text == headline.strip():
        reasons.append(NO_TEXT)
    elif len(sibling_lengths) >= 3:
        median = statistics.median(sibling_lengths)
        if len(text) * 5 < median:
            reasons.append(SHORTER)
        elif len(text) > median * 5 and len(text) > 2_000:
            reasons.append(LONGER)
    if interleaved(text):
        reasons.append(INTERLEAVED)
    if _has_conversion(text):
        reasons.append(CONVERSION)
    score = max(0.0, 1.0 - sum(_WEIGHTS[r] for r in reasons))
    return Confidence(score=round(score, 2), reasons=tuple(reasons))


def heading_like(title: str, gazetteer: Gazetteer) -> bool:
    """A section's name, a sub-heading ("WHY IT MATTERS"), or commentary's heading."""
    clean = clean_heading(title).strip(" .:：")
    if is_sub_heading(clean) or is_section_name(clean, gazetteer) or _NEWS_HEADING.match(clean):
        return True
    return is_commentary(clean, gazetteer)


def _short_caps(title: str) -> bool:
    clean = clean_heading(title).strip(" .:：")
    letters = [ch for ch in clean if ch.isalpha() and ch.isascii()]
    return bool(letters) and clean.isupper() and len(clean.split()) <= 4


def _has_conversion(text: str) -> bool:
    for sentence in split_sentences(text):
        found = find_money(sentence)
        if any(is_conversion(sentence, money, found) for money in found):
            return True
    return False
