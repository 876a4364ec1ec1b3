"""Reading the category nouns ("rules", "measures", "规定"): a noun heading the request
names the category of laws ("any new rules on facial recognition?"); one modified by a
word before it may be part of a development's name instead ("exchange trading rules"),
searched as a word when that pair is in the title of a development outside the category.

A noun that can also name steps taken (``ACTION_NOUNS``: "measures") names no category
where the grammar makes it actions: the object of a verb of doing before it ("did MIIT
take any measures", "采取了哪些办法") or after it in the same clause ("what measures did
MIIT take?", "measures taken by the CAC", "measures that the CAC imposed"), or modified as
an action ("corrective measures", "measures against apps"). As a title it is still a law:
capitalised inside the sentence ("the draft Measures on ..."), or followed by "for", "on",
"of"... ("new measures for security assessment") with no verb of doing before it.
The word lists are data in ``vocabulary``. No I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.knowledge.model import Category
from bot.core.query.vocabulary import (
    ACTION_MODIFIERS,
    ACTION_NOUNS,
    ACTION_PREPOSITIONS,
    AUXILIARIES,
    CATEGORY_NOUN,
    CATEGORY_NOUNS,
    CATEGORY_NOUNS_IN_ENGLISH,
    DOING_VERBS,
    STOP_WORDS,
    TITLE_PREPOSITIONS,
    TitledPair,
)

Span = tuple[int, int]

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|[\u3400-\u9fff]+")
_CLAUSE_END = re.compile(r"[.,;:!?。，；：！？()\"“”]")
_CJK_VERB = re.compile(
    "(?P<verb>" + "|".join(v for v in DOING_VERBS if not v.isascii()) + ")[了过]?"
    r"(?:哪些|什么|何种|一些|多项|的|了)*$"
)
BEFORE = 3
"""At most this many words between a verb of doing and the noun it governs."""
AFTER = 6
"""At most this many words between a fronted noun and its verb ("what measures did the
Ministry of Industry take")."""


@dataclass(frozen=True)
class NounReading:
    blanks: tuple[Span, ...]
    """What this reading takes from the request: the noun, and a verb it is object of."""
    category: Category | None = None
    term: str | None = None
    """Searched as a word: part of a development's name."""


def read_category_nouns(typed: str, work: str, titled: TitledPair | None) -> list[NounReading]:
    """Each category noun of the request (``typed``, with what is already taken blanked in
    ``work``, the same length) and how it reads."""
    readings = []
    for match in CATEGORY_NOUN.finditer(typed):  # the word before as typed
        part = "noun" if match.group("noun") else "zhnoun"
        span = match.span(part)
        if "\x00" in work[span[0] : span[1]]:
            continue  # inside a name already taken
        noun = typed_noun = match.group(part).lower()
        verb = _doing(typed, work, *span) if typed_noun in ACTION_NOUNS else None
        if verb is not None:  # actions taken: no category
            readings.append(NounReading((span, *verb)))
            continue
        modifier = match.group("mod") or match.group("zhmod") or match.group("zhlat")
        if match.group("zhlat"):  # an English word from a synonym: the noun in English
            noun = CATEGORY_NOUNS_IN_ENGLISH[typed_noun]
        named = modifier is not None and modifier.lower() not in STOP_WORDS
        category = CATEGORY_NOUNS[typed_noun]
        if named and titled and titled(modifier, noun, category):
            readings.append(NounReading((span,), term=noun))
        else:
            readings.append(NounReading((span,), category=category))
    return readings


def _doing(typed: str, work: str, start: int, end: int) -> tuple[Span, ...] | None:
    """Whether the noun at ``start:end`` means actions, and the verb it is the object of
    (none for "corrective measures"); ``None``: it does not (a law, a title)."""
    if not typed[start].isascii():
        found = _CJK_VERB.search(typed[max(0, start - 8) : start])
        if found is None:
            return None
        at = max(0, start - 8) + found.start("verb")
        return ((at, at + len(found.group("verb"))),)
    before = _clause_words(typed[:start], reverse=True)
    after = _clause_words(typed[end:], offset=end)
    head = typed[:start].rstrip()
    if typed[start].isupper() and head and not _CLAUSE_END.match(head[-1]):
        return None  # "the draft Measures on ...": a title
    if before and before[0][0].lower() in ACTION_MODIFIERS:
        return ()
    for word, span in before[: BEFORE + 1]:
        if word.lower() in DOING_VERBS and _free(work, span):
            return (span,)  # "took strict measures"
    if after and after[0][0].lower() in TITLE_PREPOSITIONS:
        return None  # "new measures for security assessment"
    if after and after[0][0].lower() in ACTION_PREPOSITIONS:
        return ()
    for k, (word, span) in enumerate(after[: AFTER + 1]):
        lower = word.lower()
        if lower not in DOING_VERBS or not _free(work, span):
            continue
        between = [w.lower() for w, _ in after[:k]]
        passive = lower.endswith(("ed", "en"))  # "measures taken by", "were imposed"
        fronted = len(between) >= 2 and between[0] in AUXILIARIES  # "did MIIT take"
        if passive or fronted or (lower == "took" and between):
            return (span,)
        return None  # "measures will apply": the noun is the subject
    return None


def _clause_words(text: str, *, reverse: bool = False, offset: int = 0) -> list[tuple[str, Span]]:
    """The words of ``text`` in its clause nearest the noun (before it: nearest first)."""
    pieces = _CLAUSE_END.split(text)
    if reverse:
        clause_start = len(text) - len(pieces[-1])
        words = [
            (m.group(0), (clause_start + m.start(), clause_start + m.end()))
            for m in _WORD.finditer(pieces[-1])
        ]
        return words[::-1]
    return [(m.group(0), (offset + m.start(), offset + m.end())) for m in _WORD.finditer(pieces[0])]


def _free(work: str, span: Span) -> bool:
    """Not taken already ("take effect" is a date's, not a verb of doing)."""
    return "\x00" not in work[span[0] : span[1]]
