"""Text that interleaves two columns: a page of two columns read straight across, so each
line of the text is half a line of one story and half a line of the other.

Where the halves meet, the words on either side do not belong together, and English shows
it in its small words: an article or possessive right before another, a preposition, a
conjunction or an auxiliary ("its the", "the of", "a to"); a preposition before a
conjunction or an auxiliary ("for and", "of was"); a capitalised sentence opener inside a
sentence ("... brought its A provincial ...", "... used by platforms to The group ..."); a
sentence ending and the next starting in lower case ("... the quarter. ten per cent ...").
One such seam is a typo ("the the"); several, close together, are columns read across. The
older sign stays: thirty words and more with no punctuation.
"""

from __future__ import annotations

import re

from bot.core.knowledge.ingest.penalties import split_sentences

_ARTICLE = r"the|a|an|its|their|our"
_PREPOSITION = r"of|in|on|at|for|with|from|into|about|under|over|between|against|during"
_CONJUNCTION = r"and|or|but|nor"
_AUXILIARY = r"is|are|was|were|be|been|has|have|had|will|shall|must"
_CLASH = re.compile(
    rf"\b(?:{_ARTICLE})\s+(?:{_ARTICLE}|{_PREPOSITION}|to|{_CONJUNCTION}|{_AUXILIARY})\b"
    rf"|\b(?:{_PREPOSITION})\s+(?:{_CONJUNCTION}|{_AUXILIARY}|of|at|from|into)\b"
    rf"|\b(?:{_CONJUNCTION})\s+(?:{_CONJUNCTION})\b"
)
"""Two small words that English never puts side by side (lower case: a capital starts a
name or a title, "in May", "On June")."""
_OPENER_INSIDE = re.compile(
    r"\b[a-z][a-z'’-]*\s+(?:The|A|An|This|These|Its|It|On|In|Under|According|During|After|"
    r"Since|However|Meanwhile)\s+[a-z]"
)
"""A capitalised sentence opener after a word in lower case, followed by one: the start of
another column's sentence."""
_LOWER_AFTER_STOP = re.compile(r"\b([a-z]{3,})\.\s+[a-z]{2,}\b")
_ABBREVIATIONS = frozenset({"etc", "seq", "approx", "incl", "resp", "art", "para", "sec", "cf"})
_UNPUNCTUATED_RUN = re.compile(r"(?:[A-Za-z][\w'’-]*\s+){30,}[A-Za-z]")
"""Thirty words and more with no punctuation: two columns' lines read across."""
MIN_SEAMS = 2
WORDS_PER_SEAM = 150
"""Interleaved: at least ``MIN_SEAMS`` seams, and one for every ``WORDS_PER_SEAM`` words or
fewer (a long report may hold a typo or two)."""


def seams(text: str) -> int:
    """How many places in ``text`` read as two lines of different columns joined."""
    found = len(_CLASH.findall(text)) + len(_OPENER_INSIDE.findall(text))
    found += sum(1 for m in _LOWER_AFTER_STOP.finditer(text) if m.group(1) not in _ABBREVIATIONS)
    return found


def interleaved(text: str) -> bool:
    """Whether ``text`` reads as two columns interleaved."""
    if any(_UNPUNCTUATED_RUN.search(s) for s in split_sentences(text)):
        return True
    found = seams(text)
    return found >= MIN_SEAMS and found * WORDS_PER_SEAM >= len(text.split())
